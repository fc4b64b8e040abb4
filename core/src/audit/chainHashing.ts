import crypto, { createHash, createHmac } from 'node:crypto';
import type { AuditEventRow } from './AuditLog.js';

/** The hash before the first event of the chain (migration 0006 starts the head with it). */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level, and no spaces: one text for one value, whatever
 * order the keys were built in or came back from the database in. Dates are ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      // As JSON.stringify would: an undefined member is no member.
      if (item !== undefined) sorted[key] = sortKeys(item);
    }
    return sorted;
  }
  return value;
}

/**
 * The SHA-256 of a text, hex. One-shot `crypto.hash` (Node 20.12 and later) is several times
 * faster than a Hash object, and this runs once per audited write.
 */
export const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An HMAC-SHA256 of `parts` (joined by newlines) under `key`, hex. */
export function mac(key: Buffer, ...parts: (string | number)[]): string {
  return createHmac('sha256', key).update(parts.join('\n'), 'utf8').digest('hex');
}

/**
 * What the chain covers of an event: every column but its hash, its changes text (the digest
 * stands for it, so erasure can redact the text) and the redaction mark.
 */
export function sealedContent(row: AuditEventRow, seq: number): string {
  // The canonical JSON of these fields, written with its keys in sorted order at every level
  // rather than sorted each time: the sealer and verify run this for every event.
  return JSON.stringify({
    action: row.action,
    actor: { id: row.actor.id, kind: row.actor.kind, name: row.actor.name ?? null },
    at: row.at.toISOString(),
    cause: row.cause && { id: row.cause.id, kind: row.cause.kind },
    changesDigest: row.changesDigest,
    customerId: row.customerId,
    id: row.id,
    requestId: row.requestId,
    seq,
    targetId: row.targetId,
    targetType: row.targetType,
  });
}

/** An event's chain hash: HMAC(key, previous hash ‖ its content). */
export function chainHash(key: Buffer, previousHash: string, row: AuditEventRow, seq: number): string {
  return mac(key, previousHash, sealedContent(row, seq));
}

/** The signature of the chain's head, so that the newest events cannot be cut off with the head moved back by hand. */
export function headSignature(key: Buffer, seq: number, hash: string): string {
  return mac(key, 'rapport.audit.head', seq, hash);
}

/** The signature of a checkpoint (see AuditCheckpoint). */
export function checkpointSignature(key: Buffer, checkpoint: { kind: string; seq: number; hash: string; prunedBefore: Date | null; fromKeyId: string | null }): string {
  return mac(key, 'rapport.audit.checkpoint', checkpoint.kind, checkpoint.seq, checkpoint.hash, checkpoint.prunedBefore?.toISOString() ?? '', checkpoint.fromKeyId ?? '');
}

/** A key's public name: which key signed something, without revealing it. */
export function keyIdOf(key: Buffer): string {
  return mac(key, 'rapport.audit.key-id').slice(0, 32);
}
