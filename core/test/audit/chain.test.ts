import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabaseKind } from '../support/testDatabases.js';
import { createAuditHarness, TEST_AUDIT_SECRET, type AuditHarness } from './auditHarness.js';

const DAY = 86_400_000;

describe.each(TEST_DATABASES)('the audit chain on %s', (kind) => {
  let h: AuditHarness;
  const others: AuditHarness[] = [];
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await h.close();
  });

  /** Five audited writes: a customer created, then updated four times. */
  async function fiveEvents(harness: AuditHarness): Promise<string> {
    const customer = await harness.kernel.customers.create({ displayName: 'Ada', emails: ['ada@example.com'] });
    for (const name of ['Ada L.', 'Ada Lovelace', 'A. Lovelace', 'Countess Lovelace']) await harness.kernel.customers.update(customer.id, { displayName: name });
    return customer.id;
  }
  const eventAt = async (seq: number) => (await h.execute('select id, action from audit_events where seq = ?', [seq]))[0] as { id: string; action: string };

  it('seals events in order and verifies them', async () => {
    h = await createAuditHarness(kind);
    await fiveEvents(h);
    expect((await h.events()).every((event) => event.seq === null && event.hash === null)).toBe(true);
    expect(await h.kernel.audit.sealPending()).toBe(5);
    expect((await h.events()).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    const result = await h.kernel.audit.verify();
    expect(result).toMatchObject({ ok: true, verified: 5, redacted: 0, fromCheckpoint: null, lastSeq: 5, unsealed: 0 });
    expect(result.lastHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the event whose action was edited in the database', async () => {
    h = await createAuditHarness(kind);
    await fiveEvents(h);
    await h.kernel.audit.sealPending();
    const third = await eventAt(3);
    await h.execute("update audit_events set action = 'customer.create' where seq = 3");
    const result = await h.kernel.audit.verify();
    expect(result).toMatchObject({ ok: false, verified: 2, problem: { kind: 'changed', seq: 3, eventId: third.id, action: 'customer.create' } });
    expect(result.problem!.message).toBe(
      `Event #3 (id ${third.id}, customer.create) was altered: its content differs from what was sealed (action, actor, target, time or hash).`,
    );
  });

  it('names the event whose changes were edited, even with the digest recomputed', async () => {
    h = await createAuditHarness(kind);
    await fiveEvents(h);
    await h.kernel.audit.sealPending();
    await h.execute(`update audit_events set changes = '{"displayName":{"after":"Mallory","before":"Ada"}}' where seq = 2`);
    const edited = await h.kernel.audit.verify();
    expect(edited.problem).toMatchObject({ kind: 'changed', seq: 2, message: expect.stringContaining('its changes differ from what was sealed') });

    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update('{"displayName":{"after":"Mallory","before":"Ada"}}').digest('hex');
    await h.execute('update audit_events set changes_digest = ? where seq = 2', [digest]);
    expect((await h.kernel.audit.verify()).problem).toMatchObject({ kind: 'changed', seq: 2, message: expect.stringContaining('its content differs') });
  });

  it('detects an event deleted from the middle, and the newest events cut off', async () => {
    h = await createAuditHarness(kind);
    await fiveEvents(h);
    await h.kernel.audit.sealPending();
    const fourth = await eventAt(4);
    await h.execute('delete from audit_events where seq = 3');
    const middle = await h.kernel.audit.verify();
    expect(middle).toMatchObject({ ok: false, verified: 2, problem: { kind: 'missing', seq: 3 } });
    expect(middle.problem!.message).toBe(`Event #3 is missing: event #4 (id ${fourth.id}, customer.update) follows event #2.`);

    const again = await createAuditHarness(kind);
    others.push(again);
    await fiveEvents(again);
    await again.kernel.audit.sealPending();
    await again.execute('delete from audit_events where seq = 5');
    expect((await again.kernel.audit.verify()).problem).toMatchObject({
      kind: 'truncated',
      seq: 5,
      message: 'The chain was cut at the end: event #5 is missing (the last event left is #4).',
    });
    // Moving the head back by hand does not hide it: the head is signed.
    const [fourthHash] = await again.execute('select hash from audit_events where seq = 4');
    await again.execute('update audit_chain set seq = 4, hash = ? where id = 1', [fourthHash!.hash]);
    expect((await again.kernel.audit.verify()).problem).toMatchObject({ kind: 'head', seq: 4 });
  });

  it('still verifies after an erasure redacted a customer\'s changes, and counts them', async () => {
    h = await createAuditHarness(kind);
    const id = await fiveEvents(h);
    const other = await h.kernel.customers.create({ displayName: 'Bob' });
    await h.kernel.audit.sealPending();
    expect(await h.kernel.audit.redactCustomer(id)).toBe(5);
    const events = await h.events();
    expect(events.filter((event) => event.customerId === id).every((event) => JSON.stringify(event.changes) === '{"redacted":true}' && event.redactedAt)).toBe(true);
    expect(events.find((event) => event.customerId === other.id)!.changes).toEqual({ displayName: { before: null, after: 'Bob' } });
    expect(JSON.stringify(events)).not.toContain('Lovelace');
    expect(await h.kernel.audit.verify()).toMatchObject({ ok: true, verified: 6, redacted: 5 });
    // Redaction does not cover anything else: an edited action is still found.
    await h.execute("update audit_events set action = 'customer.erase' where seq = 2");
    expect((await h.kernel.audit.verify()).problem).toMatchObject({ kind: 'changed', seq: 2 });
  });

  it('prunes what is older than the retention behind a signed checkpoint, and still detects edits and deletions', async () => {
    h = await createAuditHarness(kind, { audit: { secret: TEST_AUDIT_SECRET, retentionMs: 30 * DAY } });
    await fiveEvents(h);
    await h.clock.advance(20 * DAY);
    const id = (await h.kernel.customers.create({ displayName: 'Bob' })).id;
    await h.kernel.customers.update(id, { displayName: 'Bobby' });
    await h.clock.advance(15 * DAY);

    // The first five are 35 days old, the other two 15 days.
    expect(await h.kernel.audit.prune()).toEqual({ pruned: 5, checkpointSeq: 5 });
    expect((await h.events()).map((event) => event.seq)).toEqual([6, 7]);
    expect(await h.kernel.audit.prune()).toEqual({ pruned: 0, checkpointSeq: null });
    expect(await h.kernel.audit.verify()).toMatchObject({ ok: true, verified: 2, fromCheckpoint: 5, lastSeq: 7 });

    await h.execute("update audit_events set target_id = 'someone-else' where seq = 7");
    expect((await h.kernel.audit.verify()).problem).toMatchObject({ kind: 'changed', seq: 7 });
    await h.execute('delete from audit_events where seq = 6');
    expect((await h.kernel.audit.verify()).problem).toMatchObject({
      kind: 'missing',
      seq: 6,
      message: expect.stringContaining('follows the retention checkpoint at #5'),
    });
  });

  it('detects a forged checkpoint, and refuses to prune a chain that does not verify', async () => {
    h = await createAuditHarness(kind, { audit: { secret: TEST_AUDIT_SECRET, retentionMs: DAY } });
    await fiveEvents(h);
    await h.kernel.audit.sealPending();
    await h.clock.advance(2 * DAY);
    // Someone removes the first three events and writes a checkpoint to cover for them.
    const [third] = await h.execute('select hash from audit_events where seq = 3');
    await h.execute('delete from audit_events where seq <= 3');
    await h.execute(
      'insert into audit_checkpoints (kind, seq, hash, created_at, pruned_before, from_key_id, key_id, signature) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ['prune', 3, third!.hash, rawDate(kind, h.clock.now()), rawDate(kind, h.clock.now()), null, 'whatever', '0'.repeat(64)],
    );
    expect((await h.kernel.audit.verify()).problem).toMatchObject({ kind: 'checkpoint', seq: 3 });
    await expect(h.kernel.audit.prune()).rejects.toThrow('The audit log was not pruned, because it does not verify');
  });

  it('keeps verifying earlier events when a secret is configured after a generated key was used', async () => {
    h = await createAuditHarness(kind, { audit: {} });
    await fiveEvents(h);
    await h.kernel.audit.sealPending();
    const [generated] = await h.execute('select generated_secret from audit_chain');
    expect(generated!.generated_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The same database, now with audit.secret: the chain records the change of key and goes on.
    const configured = await createAuditHarness(kind, { database: h.testDatabase, audit: { secret: TEST_AUDIT_SECRET } });
    others.push(configured);
    await configured.kernel.customers.create({ displayName: 'After the secret' });
    expect(await configured.kernel.audit.verify()).toMatchObject({ ok: true, verified: 6 });
    const [rekey] = await configured.execute("select seq from audit_checkpoints where kind = 'rekey'");
    expect(Number(rekey!.seq)).toBe(5);
    // Without the secret, the events sealed with it cannot be verified, and nothing new is sealed.
    expect((await h.kernel.audit.verify()).problem).toMatchObject({ kind: 'key' });
  });
});

function rawDate(kind: TestDatabaseKind, date: Date): Date | number {
  return kind === 'postgresql' ? date : date.getTime();
}
