import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { AuditKeys } from './AuditKeys.js';
import type { AuditPruning } from './AuditLog.js';
import type { AuditVerifier } from './AuditVerifier.js';
import { insertCheckpoint, keyIdAfter, latestPrune, readCheckpoints, readHead } from './chainRecords.js';

/**
 * Retention: removes the oldest sealed events, those older than the retention, behind a signed
 * checkpoint that holds the sequence number and hash of the last one removed. Verification then
 * starts from the checkpoint, and still detects any edit or deletion of what remains.
 *
 * The events removed are always a prefix of the chain (up to the first event that is still
 * young enough), and the chain is verified first: pruning never destroys the evidence of an
 * edit.
 */
export class AuditRetention {
  constructor(
    private readonly database: Database,
    private readonly keys: AuditKeys,
    private readonly verifier: AuditVerifier,
    private readonly retentionMs: number | undefined,
  ) {}

  async prune(now: Date): Promise<AuditPruning> {
    if (this.retentionMs === undefined) return { pruned: 0, checkpointSeq: null };
    const verification = await this.verifier.verify();
    if (!verification.ok) {
      throw new Error(`The audit log was not pruned, because it does not verify: ${verification.problem!.message} Investigate before anything is removed.`);
    }
    const cutoff = new Date(now.getTime() - this.retentionMs);
    const keys = await this.keys.available();
    const configured = this.keys.configuredKey();
    return SqlSession.transaction(this.database, async (sql) => {
      const head = await readHead(sql, true);
      const checkpoints = await readCheckpoints(sql);
      const young = await sql.one<{ seq: unknown }>('select min(seq) as seq from audit_events where at >= ?', [sql.date(cutoff)]);
      const last = young?.seq === null || young?.seq === undefined ? head.seq : Number(young.seq) - 1;
      if (last <= (latestPrune(checkpoints)?.seq ?? 0)) return { pruned: 0, checkpointSeq: null };
      const row = await sql.one<{ hash: string | null }>('select hash from audit_events where seq = ?', [last]);
      if (!row?.hash) throw new Error(`The audit log was not pruned: event #${last}, the last one to remove, is missing.`);
      // Signed with the key that sealed that event, as verify checks it.
      const keyId = keyIdAfter(last - 1, checkpoints, configured ? configured.id : head.keyId);
      const key = keyId === null ? undefined : keys.get(keyId);
      if (!key) throw new Error(`The audit log was not pruned: event #${last} was sealed with a key that is not available.`);
      await insertCheckpoint(sql, key.key, { kind: 'prune', seq: last, hash: row.hash, createdAt: now, prunedBefore: cutoff, fromKeyId: null, keyId: key.id });
      const removed = await sql.all('delete from audit_events where seq <= ? returning id', [last]);
      return { pruned: removed.length, checkpointSeq: last };
    });
  }
}
