import type { Clock } from '../clock/Clock.js';
import type { ChangeWatch } from '../persistence/ChangeWatch.js';
import { tokenHash } from './credentialTokens.js';
import type { Principal } from './Principal.js';

/**
 * How long a principal is kept at most. A revocation does not wait for it (the watch drops the
 * cache at once): it bounds what a lost notification could cost if a connection died without an
 * error. (A key is read again sooner when its next `last_used_at` stamp is due: `readAgainBy`.)
 */
const MAX_AGE_MS = 60_000;
/** Credentials kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  /** The watch's generation when the read that found it began. */
  generation: number;
  /** Epoch ms after which it is read again (see untilOf). */
  until: number;
}

/**
 * The principals of recently presented tokens, kept only while the database's changes are heard
 * (see persistence/ChangeWatch): any revocation, logout or user change, by any instance or by
 * hand, drops every entry the moment it commits, so a cached principal is never older than the
 * last change. On PostgreSQL the triggers of migration 0008 announce credential changes; on a
 * SQLite file any commit of another connection counts (SqliteChangeWatch). While the watch is not
 * live (PostgreSQL while the listener reconnects) nothing is kept and every request reads the
 * database.
 *
 * It saves a lookup per request: with eight concurrent writers on two cores, it cost about 6% of
 * single-mutation ingest on PostgreSQL (a round trip) and about 35 µs on SQLite (the read-only
 * connection reads the pages the writers changed again) (docs/benchmarks.md). Unknown tokens are
 * never kept, so a new key or session works at once without any announcement. Entries are keyed
 * by the token's SHA-256, so the cache holds no secret.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private watch: ChangeWatch | undefined;

  constructor(
    private readonly openWatch: () => ChangeWatch,
    private readonly clock: Clock,
  ) {}

  /** The principal of `token`: kept if still valid, else read with `lookup` (and kept if it may be). */
  async through(token: string, lookup: () => Promise<Principal | undefined>): Promise<Principal | undefined> {
    // Opened on the first request, not with the kernel: CLI commands never authenticate.
    const watch = (this.watch ??= this.openWatch());
    // The generation before the read (a change committed while it runs leaves the result
    // unkept); without a live watch nothing may be kept: read, and skip hashing the token for a
    // key, which the lookup does again anyway.
    const generation = watch.current();
    if (generation === undefined) {
      this.entries.clear();
      return lookup();
    }
    const key = tokenHash(token);
    const now = this.clock.now().getTime();
    const kept = this.entries.get(key);
    if (kept) {
      if (kept.generation === generation && now < kept.until) return kept.principal;
      this.entries.delete(key);
    }
    const principal = await lookup();
    if (principal && watch.current() === generation) this.keep(key, { principal, generation, until: untilOf(principal, now) });
    return principal;
  }

  private keep(key: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

/** When a kept principal is read again: its session's expiry, its own `readAgainBy`, or {@link MAX_AGE_MS}, the earliest. */
function untilOf(principal: Principal, now: number): number {
  const { expiresAt, readAgainBy } = principal.credential;
  return Math.min(now + MAX_AGE_MS, expiresAt?.getTime() ?? Infinity, readAgainBy?.getTime() ?? Infinity);
}
