import { SqlSession } from '../persistence/SqlSession.js';
import { checkpointSignature } from './chainHashing.js';

/** The head of the chain (`audit_chain`): the last sealed event's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
  /** The key the chain is sealed with now; null before the first seal. */
  keyId: string | null;
  signature: string | null;
}

/**
 * A signed record of the chain (`audit_checkpoints`): `prune` where retention removed the events
 * up to `seq` (the walk starts after it, from its hash), `rekey` where the key changed after
 * `seq` from the generated secret (`fromKeyId`) to the configured one (`keyId`).
 */
export interface Checkpoint {
  kind: 'prune' | 'rekey';
  seq: number;
  hash: string;
  createdAt: Date;
  prunedBefore: Date | null;
  fromKeyId: string | null;
  /** The key that signed it. */
  keyId: string;
  signature: string;
}

/** Reads the head; in a transaction, `lock` makes the caller the only sealer until it commits. */
export async function readHead(sql: SqlSession, lock: boolean): Promise<ChainHead> {
  const forUpdate = lock && sql.dialect === 'postgresql' ? ' for update' : '';
  const row = await sql.one<Record<string, unknown>>(`select seq, hash, key_id, signature from audit_chain where id = 1${forUpdate}`);
  if (!row) throw new Error('The audit chain head (audit_chain, id 1) is missing: run rapport migrate.');
  return { seq: Number(row.seq), hash: String(row.hash), keyId: (row.key_id as string | null) ?? null, signature: (row.signature as string | null) ?? null };
}

/** Every checkpoint, oldest position first. */
export async function readCheckpoints(sql: SqlSession): Promise<Checkpoint[]> {
  const rows = await sql.all('select * from audit_checkpoints order by seq, kind');
  return rows.map((row) => ({
    kind: row.kind as Checkpoint['kind'],
    seq: Number(row.seq),
    hash: String(row.hash),
    createdAt: SqlSession.readDate(row.created_at)!,
    prunedBefore: SqlSession.readDate(row.pruned_before),
    fromKeyId: (row.from_key_id as string | null) ?? null,
    keyId: String(row.key_id),
    signature: String(row.signature),
  }));
}

/** Signs and stores a checkpoint with `key` (whose id is `checkpoint.keyId`). */
export async function insertCheckpoint(sql: SqlSession, key: Buffer, checkpoint: Omit<Checkpoint, 'signature'>): Promise<void> {
  const signature = checkpointSignature(key, checkpoint);
  await sql.run(
    'insert into audit_checkpoints (kind, seq, hash, created_at, pruned_before, from_key_id, key_id, signature) values (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      checkpoint.kind,
      checkpoint.seq,
      checkpoint.hash,
      sql.date(checkpoint.createdAt),
      checkpoint.prunedBefore && sql.date(checkpoint.prunedBefore),
      checkpoint.fromKeyId,
      checkpoint.keyId,
      signature,
    ],
  );
}

/** The latest retention checkpoint, where the walk starts. */
export function latestPrune(checkpoints: readonly Checkpoint[]): Checkpoint | undefined {
  return checkpoints.filter((checkpoint) => checkpoint.kind === 'prune').at(-1);
}

/**
 * The id of the key that seals the events after position `seq` (and signs records at `seq`):
 * the key of the last key change at or before it, or else the key the chain started with.
 * `startKeyId` is that starting key when no key change says otherwise.
 */
export function keyIdAfter(seq: number, checkpoints: readonly Checkpoint[], startKeyId: string | null): string | null {
  const rekeys = checkpoints.filter((checkpoint) => checkpoint.kind === 'rekey');
  const last = rekeys.filter((rekey) => rekey.seq <= seq).at(-1);
  if (last) return last.keyId;
  return rekeys[0]?.fromKeyId ?? startKeyId;
}
