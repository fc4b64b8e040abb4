import { injectable } from 'inversify';
import type { AuditEventRow, AuditLog, AuditPruning, AuditStatement, AuditVerification } from './AuditLog.js';
import { GENESIS_HASH } from './chainHashing.js';

/**
 * An {@link AuditLog} that records nothing: the baseline of the benchmarks that measure what
 * auditing costs (`KernelOptions.audit.enabled: false`). No deployment setting selects it.
 */
@injectable()
export class DisabledAuditLog implements AuditLog {
  statementsFor(): AuditStatement[] {
    return [];
  }

  async appendIn(): Promise<void> {}

  async appendInOrm(): Promise<void> {}

  insertSelecting(): undefined {
    return undefined;
  }

  async sealPending(): Promise<number> {
    return 0;
  }

  async verify(): Promise<AuditVerification> {
    return { ok: true, verified: 0, redacted: 0, fromCheckpoint: null, lastSeq: 0, lastHash: GENESIS_HASH, unsealed: 0 };
  }

  async redactChanges(): Promise<number> {
    return 0;
  }

  async redactCustomer(): Promise<number> {
    return 0;
  }

  async prune(): Promise<AuditPruning> {
    return { pruned: 0, checkpointSeq: null };
  }

  async list(): Promise<AuditEventRow[]> {
    return [];
  }

  async count(): Promise<number> {
    return 0;
  }

  async get(): Promise<AuditEventRow | undefined> {
    return undefined;
  }

  start(): void {}

  async stop(): Promise<void> {}
}
