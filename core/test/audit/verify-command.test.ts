import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess, writeConfig } from '../cli/runCli.js';
import { TEST_DATABASES } from '../support/testDatabases.js';
import { createAuditHarness, TEST_AUDIT_SECRET, type AuditHarness } from './auditHarness.js';

describe.each(TEST_DATABASES)('rapport audit verify on %s', (kind) => {
  let h: AuditHarness;
  afterEach(() => h.close());

  /** Three audited writes in a deployment whose config holds the audit secret, and that config. */
  async function deployment(): Promise<string> {
    h = await createAuditHarness(kind, { audit: { secret: TEST_AUDIT_SECRET } });
    const customer = await h.kernel.customers.create({ displayName: 'Ada' });
    await h.kernel.customers.update(customer.id, { displayName: 'Ada L.' });
    await h.kernel.customers.update(customer.id, { displayName: 'Ada Lovelace' });
    return writeConfig({ database: { url: h.testDatabase.url }, audit: { secret: TEST_AUDIT_SECRET } });
  }

  it('seals what is pending, verifies the chain and exits 0 with the count', async () => {
    const config = await deployment();
    const result = await runCliInProcess(['audit', 'verify', '--config', config]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [last] = await h.execute('select hash from audit_events where seq = 3');
    expect(result.stdout).toBe(`Audit log verified: 3 events, from the start of the chain. The chain ends at #3, hash ${last!.hash}.\n`);
  });

  it('exits 1 naming the first event edited directly in the database', async () => {
    const config = await deployment();
    await h.kernel.audit.sealPending();
    const [second] = await h.execute('select id from audit_events where seq = 2');
    await h.execute("update audit_events set actor_id = 'someone-else' where seq = 2");
    const result = await runCliInProcess(['audit', 'verify', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `Audit log verification FAILED: Event #2 (id ${second!.id}, customer.update) was altered: its content differs from what was sealed ` +
        '(action, actor, target, time or hash).\n1 event verified from the start of the chain before it.\n',
    );

    const json = await runCliInProcess(['audit', 'verify', '--config', config, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, verified: 1, problem: { kind: 'changed', seq: 2, eventId: second!.id, action: 'customer.update' } });
  });

  it('exits 1 naming an event deleted directly in the database, and warns when no secret is configured', async () => {
    const config = await deployment();
    await h.kernel.audit.sealPending();
    await h.execute('delete from audit_events where seq = 2');
    const withoutSecret = writeConfig({ database: { url: h.testDatabase.url } });
    const result = await runCliInProcess(['audit', 'verify', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Audit log verification FAILED: Event #2 is missing: event #3 (id ');
    // Without the secret the chain cannot be checked at all, and the command says why.
    const unkeyed = await runCliInProcess(['audit', 'verify', '--config', withoutSecret]);
    expect(unkeyed.code).toBe(1);
    expect(unkeyed.stderr).toContain('Warning: audit.secret (RAPPORT_AUDIT_SECRET) is not set');
  });
});
