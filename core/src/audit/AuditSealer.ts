import type { Clock } from '../clock/Clock.js';
import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { AuditKey, AuditKeys } from './AuditKeys.js';
import { COLUMNS, readAuditRow } from './auditRows.js';
import { chainHash, headSignature } from './chainHashing.js';
import { insertCheckpoint, readHead, type ChainHead } from './chainRecords.js';

/** Events sealed per transaction: the chain lock is held for one batch at a time. */
const BATCH_SIZE = 500;

/**
 * Seals committed events into the chain: moves them from `audit_pending` to `audit_events`, each
 * with the next sequence number and its hash, in batches, one sealer at a time across instances
 * (the head row's lock on PostgreSQL, the write lock on SQLite). Writers never wait for it: they
 * only insert pending rows, so the chain costs the hot paths one insert and no lock, and the
 * indexes of the sealed table are maintained a batch at a time.
 */
export class AuditSealer {
  constructor(
    private readonly database: Database,
    private readonly keys: AuditKeys,
    private readonly clock: Clock,
  ) {}

  /** Seals every event committed so far; resolves with how many. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await this.sealBatch();
      total += sealed;
      if (sealed < BATCH_SIZE) return total;
    }
  }

  private async sealBatch(): Promise<number> {
    const key = await this.keys.current();
    return SqlSession.transaction(this.database, async (sql) => {
      let head = await readHead(sql, true);
      if (head.keyId !== key.id) head = await this.adoptKey(sql, head, key);
      const pending = await sql.all(SELECT_PENDING, [BATCH_SIZE]);
      let { seq, hash } = head;
      const seals = pending.map((raw) => {
        const row = readAuditRow(raw);
        seq += 1;
        hash = chainHash(key.key, hash, row, seq);
        return { raw, seq, hash };
      });
      if (seals.length > 0) await moveSealed(sql, seals);
      if (seals.length > 0 || head.signature === null) {
        await sql.run('update audit_chain set seq = ?, hash = ?, key_id = ?, signature = ?, updated_at = ? where id = 1', [
          seq,
          hash,
          key.id,
          headSignature(key.key, seq, hash),
          sql.date(this.clock.now()),
        ]);
      }
      return seals.length;
    });
  }

  /**
   * The chain is sealed with another key than the current one. Before anything was sealed, the
   * current key simply takes over. From the generated key to a configured secret (a deployment
   * that set `audit.secret` later), a checkpoint signed with the new key records the change, and
   * the events before it keep being verified with the generated key. Any other change would
   * leave the earlier events unverifiable: refused.
   */
  private async adoptKey(sql: SqlSession, head: ChainHead, key: AuditKey): Promise<ChainHead> {
    if (head.seq === 0 || head.keyId === null) return { ...head, keyId: key.id, signature: null };
    // In this transaction: on SQLite it holds the only connection.
    const generated = await this.keys.readGenerated(sql);
    if (!key.generated && generated?.id === head.keyId) {
      await insertCheckpoint(sql, key.key, {
        kind: 'rekey',
        seq: head.seq,
        hash: head.hash,
        createdAt: this.clock.now(),
        prunedBefore: null,
        fromKeyId: head.keyId,
        keyId: key.id,
      });
      return { ...head, keyId: key.id, signature: null };
    }
    throw new Error(
      `The audit chain is sealed with another key (id ${head.keyId}) than the current one (id ${key.id}), so new events are not sealed. ` +
        'Set audit.secret (or RAPPORT_AUDIT_SECRET) back to the secret the chain was sealed with.',
    );
  }
}

/**
 * What the chain hashes of a pending event: every column but the changes text, which its digest
 * stands for (see sealedContent), so a batch does not read and parse every event's changes.
 */
const SELECT_PENDING = `select pending_id, ${COLUMNS.filter((column) => column !== 'changes').join(', ')} from audit_pending order by pending_id limit ?`;

/** The columns of a sealed event, each taken from the pending row (`p`) or the seal (`v`). */
const SEALED_COLUMNS = [...COLUMNS, 'redacted_at', 'seq', 'hash'] as const;
const COPIED = SEALED_COLUMNS.map((column) => (column === 'seq' || column === 'hash' ? `v.${column}` : `p.${column}`)).join(', ');
const INSERT_SEALED = `insert into audit_events (${SEALED_COLUMNS.join(', ')}) select ${COPIED}`;

/**
 * Moves sealed events from `audit_pending` to `audit_events`. The database copies the rows
 * itself, given each one's sequence number and hash, in statements of a few fixed shapes so that
 * each is prepared once: on PostgreSQL arrays (one statement whatever the batch size), on SQLite
 * lists of CHUNK rows and single rows.
 */
async function moveSealed(sql: SqlSession, seals: readonly { raw: Record<string, unknown>; seq: number; hash: string }[]): Promise<void> {
  if (sql.dialect === 'postgresql') {
    await sql.run(
      `${INSERT_SEALED} from unnest(?::bigint[], ?::bigint[], ?::text[]) as v(pending_id, seq, hash) join audit_pending p on p.pending_id = v.pending_id order by v.seq`,
      [seals.map((seal) => seal.raw.pending_id), seals.map((seal) => seal.seq), seals.map((seal) => seal.hash)],
    );
    await sql.run('delete from audit_pending where pending_id = any(?::bigint[])', [seals.map((seal) => seal.raw.pending_id)]);
    return;
  }
  for (let start = 0; start < seals.length; ) {
    const rows = seals.length - start >= CHUNK ? CHUNK : 1;
    await sql.run(
      rows === CHUNK ? SQLITE_CHUNK_INSERT : SQLITE_ROW_INSERT,
      seals.slice(start, start + rows).flatMap((seal) => [seal.raw.pending_id, seal.seq, seal.hash]),
    );
    start += rows;
  }
  // SQLite has one writer: no transaction still holds a pending row numbered below the batch's
  // last, so the batch is exactly the pending rows up to it.
  await sql.run('delete from audit_pending where pending_id <= ?', [seals.at(-1)!.raw.pending_id]);
}

/** Rows per insert on SQLite (three parameters each). */
const CHUNK = 100;
/** SQLite names the columns of a VALUES list column1, column2, …: renamed here to read as PostgreSQL's. */
const sqliteInsert = (rows: number) =>
  `${INSERT_SEALED} from (select column1 as pending_id, column2 as seq, column3 as hash from (values ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')})) v ` +
  'join audit_pending p on p.pending_id = v.pending_id order by v.seq';
const SQLITE_CHUNK_INSERT = sqliteInsert(CHUNK);
const SQLITE_ROW_INSERT = sqliteInsert(1);
