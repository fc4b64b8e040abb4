import type { Database } from '../persistence/openDatabase.js';
import { SqlSession } from '../persistence/SqlSession.js';
import type { AuditKey, AuditKeys } from './AuditKeys.js';
import type { AuditEventRow, AuditProblem, AuditVerification } from './AuditLog.js';
import { changesTextOf, readAuditRow } from './auditRows.js';
import { chainHash, checkpointSignature, GENESIS_HASH, headSignature, sha256 } from './chainHashing.js';
import { keyIdAfter, latestPrune, readCheckpoints, readHead, type ChainHead, type Checkpoint } from './chainRecords.js';

/** Events read per query while walking. */
const PAGE_SIZE = 1000;

/**
 * Walks the chain from its latest retention checkpoint (or its start) to its head and reports the
 * first thing wrong: an event whose content or changes differ from what was sealed, an event
 * missing from the middle, events cut off at the end, or a checkpoint or head that does not
 * match its signature.
 *
 * The head is read first and only events up to it are walked: the sealer writes events and head
 * in one transaction, so a walk that runs while a server seals sees one consistent chain.
 */
export class AuditVerifier {
  constructor(
    private readonly database: Database,
    private readonly keys: AuditKeys,
  ) {}

  async verify(): Promise<AuditVerification> {
    const first = await this.walk();
    if (first.ok) return first;
    // Retention may have pruned while the walk ran: the events it removed then look missing.
    const sql = SqlSession.autocommit(this.database);
    const pruneNow = latestPrune(await readCheckpoints(sql))?.seq ?? null;
    return pruneNow !== first.fromCheckpoint ? this.walk() : first;
  }

  private async walk(): Promise<AuditVerification> {
    const sql = SqlSession.autocommit(this.database);
    const keys = await this.keys.available();
    const configured = this.keys.configuredKey();
    const head = await readHead(sql, false);
    const checkpoints = await readCheckpoints(sql);
    // With a configured secret, the chain is that key's unless a checkpoint signed with it says
    // when it took over from the generated one: a key id written into the head proves nothing.
    const startKeyId = configured ? configured.id : head.keyId;
    const keyAt = (seq: number): AuditKey | undefined => {
      const id = keyIdAfter(seq, checkpoints, startKeyId);
      return id === null ? undefined : keys.get(id);
    };
    const prune = latestPrune(checkpoints);
    const result: AuditVerification = {
      ok: true,
      verified: 0,
      redacted: 0,
      fromCheckpoint: prune?.seq ?? null,
      lastSeq: prune?.seq ?? 0,
      lastHash: prune?.hash ?? GENESIS_HASH,
      unsealed: Number((await sql.one<{ n: unknown }>('select count(*) as n from audit_pending'))?.n ?? 0),
    };
    const fail = (problem: AuditProblem): AuditVerification => ({ ...result, ok: false, problem });

    const recordProblem = checkRecords(checkpoints, head, keyAt, configured);
    if (recordProblem) return fail(recordProblem);

    let previous = { seq: result.lastSeq, hash: result.lastHash };
    for (;;) {
      const rows = await sql.all('select * from audit_events where seq > ? and seq <= ? order by seq limit ?', [previous.seq, head.seq, PAGE_SIZE]);
      for (const raw of rows) {
        const row = readAuditRow(raw);
        const seq = row.seq!;
        if (seq !== previous.seq + 1) return fail(missing(previous.seq, row, prune));
        const key = keyAt(seq - 1);
        if (!key) return fail({ kind: 'key', seq, eventId: row.id, action: row.action, message: `Event #${seq} was sealed with a key that is not available. ${KEY_HINT}` });
        const changed = contentProblem(row, changesTextOf(raw), key, previous.hash);
        if (changed) return fail(changed);
        previous = { seq, hash: row.hash! };
        result.verified += 1;
        if (row.redactedAt) result.redacted += 1;
      }
      if (rows.length < PAGE_SIZE) break;
    }
    result.lastSeq = previous.seq;
    result.lastHash = previous.hash;
    if (previous.seq < head.seq) {
      const gone = previous.seq + 1 === head.seq ? `event #${head.seq} is` : `events #${previous.seq + 1} to #${head.seq} are`;
      return fail({ kind: 'truncated', seq: previous.seq + 1, message: `The chain was cut at the end: ${gone} missing (the last event left is #${previous.seq}).` });
    }
    if (previous.hash !== head.hash) {
      return fail({ kind: 'head', seq: head.seq, message: `The chain head does not match event #${head.seq}: the head or the event was edited.` });
    }
    return result;
  }
}

const KEY_HINT = 'Run verify with the audit.secret (RAPPORT_AUDIT_SECRET) the chain was sealed with.';

/** Checks the signatures of the checkpoints and of the head. */
function checkRecords(
  checkpoints: readonly Checkpoint[],
  head: ChainHead,
  keyAt: (seq: number) => AuditKey | undefined,
  configured: AuditKey | undefined,
): AuditProblem | undefined {
  for (const checkpoint of checkpoints) {
    const what = `The ${checkpoint.kind === 'prune' ? 'retention' : 'key change'} checkpoint at event #${checkpoint.seq}`;
    // A key change counts only when the configured secret signed it: the generated key is in the
    // database, and a change to it, signed with it, would let a database writer re-seal the rest.
    // A retention checkpoint is signed with the key that sealed its event.
    const signer = checkpoint.kind === 'rekey' ? configured : keyAt(checkpoint.seq - 1);
    if (!signer) return { kind: 'key', seq: checkpoint.seq, message: `${what} was signed with a key that is not available. ${KEY_HINT}` };
    if (signer.id !== checkpoint.keyId || checkpointSignature(signer.key, checkpoint) !== checkpoint.signature) {
      return { kind: 'checkpoint', seq: checkpoint.seq, message: `${what} does not match its signature: it was edited or forged (or audit.secret changed).` };
    }
  }
  if (head.seq === 0 && head.signature === null) return undefined;
  const key = keyAt(head.seq);
  if (!key) return { kind: 'key', seq: head.seq, message: `The chain head was signed with a key that is not available. ${KEY_HINT}` };
  if (head.keyId !== key.id || head.signature !== headSignature(key.key, head.seq, head.hash)) {
    return { kind: 'head', seq: head.seq, message: `The chain head (event #${head.seq}) does not match its signature: it was edited.` };
  }
  return undefined;
}

/** An event that follows a gap: the one before it is gone. */
function missing(previousSeq: number, row: AuditEventRow, prune: Checkpoint | undefined): AuditProblem {
  const seq = previousSeq + 1;
  const gone = row.seq! - 1 === seq ? `Event #${seq} is missing` : `Events #${seq} to #${row.seq! - 1} are missing`;
  const before = previousSeq === 0 ? 'the start of the chain' : prune?.seq === previousSeq ? `the retention checkpoint at #${previousSeq}` : `event #${previousSeq}`;
  return { kind: 'missing', seq, message: `${gone}: event #${row.seq} (id ${row.id}, ${row.action}) follows ${before}.` };
}

/** What differs between an event and what was sealed, if anything. */
function contentProblem(row: AuditEventRow, changesText: string | null, key: AuditKey, previousHash: string): AuditProblem | undefined {
  const named = { seq: row.seq!, eventId: row.id, action: row.action };
  const label = `Event #${row.seq} (id ${row.id}, ${row.action})`;
  // A redacted event's changes were replaced by erasure on purpose; the digest still stands for the original.
  if (!row.redactedAt && (changesText === null ? row.changesDigest !== null : sha256(changesText) !== row.changesDigest)) {
    return { kind: 'changed', ...named, message: `${label} was altered: its changes differ from what was sealed.` };
  }
  if (chainHash(key.key, previousHash, row, row.seq!) !== row.hash) {
    return { kind: 'changed', ...named, message: `${label} was altered: its content differs from what was sealed (action, actor, target, time or hash).` };
  }
  return undefined;
}
