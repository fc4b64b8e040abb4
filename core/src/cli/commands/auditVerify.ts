import { createLogger } from '../../logging/createLogger.js';
import type { AuditVerification } from '../../audit/AuditLog.js';
import { loadConfig } from '../../config/loadConfig.js';
import { errorMessage } from '../../util/errorMessage.js';
import { openConfiguredKernel } from '../openConfiguredKernel.js';

/**
 * `rapport audit verify`: seals the audit events still pending, walks the hash chain from its
 * latest retention checkpoint, and prints how many events it verified (exit 0), or the first
 * event that was altered or removed and what is wrong with it (exit 1). Works with a server
 * running on the same database or without one.
 */
export async function auditVerifyCommand(options: { config?: string; json?: boolean }): Promise<number> {
  const config = await loadConfig({ file: options.config });
  const kernel = await openConfiguredKernel(config, createLogger({ level: 'silent' }));
  let verification: AuditVerification;
  try {
    verification = await kernel.audit.verify();
  } catch (error) {
    // Exit 1 means "altered": a check that could not run at all must not look like one.
    const notMigrated = /no such table|does not exist/i.test(errorMessage(error));
    process.stderr.write(
      notMigrated
        ? `rapport: the database has no audit log yet: run rapport migrate --config ${config.file} first.\n`
        : `rapport: the audit log could not be verified: ${errorMessage(error)}\n`,
    );
    return 2;
  } finally {
    await kernel.database.close();
  }
  if (options.json) process.stdout.write(`${JSON.stringify(verification, null, 2)}\n`);
  else process.stdout.write(`${describe(verification)}\n`);
  if (!config.audit.secret) {
    process.stderr.write(
      'Warning: audit.secret (RAPPORT_AUDIT_SECRET) is not set, so the chain is keyed with a secret kept in the database: ' +
        'this does not prove anything against someone who can write to the database.\n',
    );
  }
  return verification.ok ? 0 : 1;
}

/** One paragraph for the operator. */
function describe(result: AuditVerification): string {
  const counted = `${result.verified} event${result.verified === 1 ? '' : 's'}${result.redacted > 0 ? ` (${result.redacted} redacted by erasure)` : ''}`;
  const from = result.fromCheckpoint === null ? 'from the start of the chain' : `from the retention checkpoint at #${result.fromCheckpoint}`;
  if (!result.ok) {
    return `Audit log verification FAILED: ${result.problem!.message}\n${counted} verified ${from} before it.`;
  }
  const end = result.lastSeq === 0 ? 'The chain is empty.' : `The chain ends at #${result.lastSeq}, hash ${result.lastHash}.`;
  return `Audit log verified: ${counted}, ${from}. ${end}`;
}
