import type { Clock } from '../clock/Clock.js';
import type { ChangeWatch } from '../persistence/ChangeWatch.js';
import { tokenHash } from './credentialTokens.js';
import type { Principal } from './Principal.js';

/**
 * How long a principal is kept at most. A revocation does not wait for it (the watch drops the
 * cache at once): it bounds how stale `last_used_at` gets (a read stamps it), and what a lost
 * notification could cost if a connection died without an error.
 */
const MAX_AGE_MS = 60_000;
/** Credentials kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  /** The watch's generation when the read that found it began. */
  generation: number;
  /** Epoch ms after which it is read again: its session's expiry or {@link MAX_AGE_MS}, the earlier. */
  until: number;
}

/**
 * The principals of recently presented tokens, kept only while the database's change channel is
 * heard (see persistence/ChangeWatch and migration 0008): any revocation, logout or user change,
 * by any instance or by hand, drops every entry the moment it commits, so a cached principal is
 * never older than the last change. Without a live channel (SQLite, or PostgreSQL while the
 * listener reconnects) nothing is kept and every request reads the database.
 *
 * It saves PostgreSQL a round trip per request: with eight concurrent writers on two cores, the
 * lookup alone cost about 6% of single-mutation ingest (docs/benchmarks.md). Unknown tokens are
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
    // Without a live channel nothing may be kept (SQLite always): read, and skip hashing the token
    // for a key, which the lookup does again anyway.
    if (!watch.live) {
      this.entries.clear();
      return lookup();
    }
    const key = tokenHash(token);
    const now = this.clock.now().getTime();
    const kept = this.entries.get(key);
    if (kept) {
      if (watch.live && kept.generation === watch.generation && now < kept.until) return kept.principal;
      this.entries.delete(key);
    }
    // The generation before the read: a change committed while it runs leaves the result unkept.
    const generation = watch.generation;
    const principal = await lookup();
    if (principal && watch.live && watch.generation === generation) this.keep(key, { principal, generation, until: untilOf(principal, now) });
    return principal;
  }

  private keep(key: string, entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
  }
}

function untilOf(principal: Principal, now: number): number {
  const expires = principal.credential.expiresAt?.getTime();
  return expires === undefined ? now + MAX_AGE_MS : Math.min(expires, now + MAX_AGE_MS);
}
