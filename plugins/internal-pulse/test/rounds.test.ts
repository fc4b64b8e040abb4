import type { TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { answer, employees, latestTokens, PLUGIN, results, sent, startHost, startRound, tokenIn } from './support.js';

let host: TestHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('pulse rounds', () => {
  it('sends every employee, and only employees, a personal link on the channel', async () => {
    host = await startHost();
    const team = await employees(host, 'support', 3);
    await host.customers.create({ displayName: 'A customer', emails: ['buyer@example.com'], attributes: { kind: 'customer' } });
    const round = await startRound(host);
    expect(round.sentTo).toBe(3);
    const messages = sent(host);
    expect(messages.map((message) => message.customerId).sort()).toEqual([...team].sort());
    const tokens = messages.map((message) => tokenIn(message.text));
    expect(new Set(tokens).size).toBe(3);
    expect(messages[0]!.text).toContain('I would recommend working here to a friend.');
    // Stored hashed: no stored key or value holds a token.
    const storage = host.storage(PLUGIN);
    for (const key of await storage.keys()) {
      const stored = JSON.stringify(await storage.get(key));
      for (const token of tokens) expect(key + stored).not.toContain(token);
    }
  });

  it('records an answer once: 200, then 409 for the same token, 404 for an unknown one, 400 for 0 or 6', async () => {
    host = await startHost();
    await employees(host, 'support', 1);
    await startRound(host);
    const [token] = [...latestTokens(host).values()];
    expect(await answer(host, { token, answer: 0 })).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT', error: expect.stringContaining('answer must be a whole number from 1 (not at all) to 5 (completely), got 0') } });
    expect(await answer(host, { token, answer: 6 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('got 6') } });
    expect(await answer(host, { token, answer: 2.5 })).toMatchObject({ status: 400 });
    expect(await answer(host, { answer: 3 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('token is required') } });
    expect(await answer(host, { token, answer: 4, comment: 'Good team' })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await answer(host, { token, answer: 5 })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(await answer(host, { token: 'not-a-token', answer: 3 })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('takes the token from the link\'s query string too, and serves an answer form on GET', async () => {
    host = await startHost();
    await employees(host, 'support', 1);
    await startRound(host);
    const [token] = [...latestTokens(host).values()];
    const page = await host.webhook('pulse', { method: 'GET', url: `/channels/pulse/inbound?token=${token}`, body: '' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<form');
    expect(page.body).not.toContain(token!);
    expect((await answer(host, { answer: 3 }, `?token=${token}`)).status).toBe(200);
    expect((await answer(host, { answer: 3 }, `?token=${token}`)).status).toBe(409);
  });

  it('reminds only those who have not answered, with a fresh link, at most maxReminders times, then closes', async () => {
    host = await startHost({ reminderAfter: 'P2D', maxReminders: 2, closeAfter: 'P7D' });
    const [first, second, third] = await employees(host, 'support', 3);
    const round = await startRound(host);
    const invitations = latestTokens(host);
    expect((await answer(host, { token: invitations.get(first!), answer: 5 })).status).toBe(200);

    await host.advance('P1D');
    expect(sent(host)).toHaveLength(3);
    await host.advance('P1D');
    const afterFirstReminder = sent(host).slice(3);
    expect(afterFirstReminder.map((message) => message.customerId).sort()).toEqual([second, third].sort());
    const reminders = latestTokens(host);
    expect(reminders.get(second!)).not.toBe(invitations.get(second!));

    // Either link works, once, for the person: the old one answers, the new one is then used up.
    expect((await answer(host, { token: invitations.get(second!), answer: 2 })).status).toBe(200);
    expect((await answer(host, { token: reminders.get(second!), answer: 2 })).status).toBe(409);

    await host.advance('P2D');
    expect(sent(host).slice(5).map((message) => message.customerId)).toEqual([third]);
    await host.advance('P2D');
    expect(sent(host)).toHaveLength(6);

    const [run] = await host.workflowRuns({ workflow: 'pulse-round' });
    expect(run).toMatchObject({ status: 'SLEEPING' });
    expect(run!.steps.map((step) => step.name)).toEqual(['wait-1', 'reminder-1', 'wait-2', 'reminder-2', 'until-close']);
    await host.advance('P1D');
    const [closed] = await host.workflowRuns({ workflow: 'pulse-round' });
    expect(closed).toMatchObject({ status: 'COMPLETED' });
    // Closed: links stop working, and nothing about who was asked or answered is left.
    expect((await answer(host, { token: latestTokens(host).get(third!), answer: 3 })).status).toBe(404);
    const keys = await host.storage(PLUGIN).keys();
    expect(keys.filter((key) => /^(member|token|answered):/.test(key))).toEqual([]);
    const rows = await results(host, round.id);
    expect(rows.find((row) => row.key === 'support')).toMatchObject({ suppressed: true, responses: null });
  });

  it('stops reminding once everyone has answered', async () => {
    host = await startHost({ reminderAfter: 'P1D', maxReminders: 3, closeAfter: 'P7D' });
    await employees(host, 'ops', 2);
    await startRound(host);
    for (const token of latestTokens(host).values()) expect((await answer(host, { token, answer: 4 })).status).toBe(200);
    await host.advance('P7D');
    expect(sent(host)).toHaveLength(2);
    const [run] = await host.workflowRuns({ workflow: 'pulse-round' });
    expect(run!.steps.map((step) => step.name)).toEqual(['wait-1', 'reminder-1', 'until-close', 'close']);
  });

  it('counts only delivered invitations in sentTo, and logs how many failed without naming anyone', async () => {
    host = await startHost({ reminderAfter: 'P1D', maxReminders: 1, closeAfter: 'P3D' });
    await employees(host, 'ops', 2);
    await employees(host, 'ops-far', 1, 'unreachable.example');
    expect((await startRound(host)).sentTo).toBe(2);
    const failure = host.logs().find((line) => line.plugin === PLUGIN && /1 of 3 message\(s\) could not be sent/.test(line.msg));
    expect(failure).toMatchObject({ failed: 1, channel: 'email' });
  });

  it('starts rounds on the schedule setting', async () => {
    host = await startHost({ schedule: { every: 'P30D', question: 'I have what I need to do my job well.' } });
    await employees(host, 'ops', 2);
    await host.advance('P29D');
    expect(sent(host)).toHaveLength(0);
    await host.advance('P1D');
    expect(sent(host)).toHaveLength(2);
    expect(sent(host)[0]!.text).toContain('I have what I need to do my job well.');
    await host.advance('P30D');
    const rounds = await host.graphql<{ pulseRounds: { question: string }[] }>('{ pulseRounds { question sentTo closed } }');
    expect(rounds.data!.pulseRounds).toHaveLength(2);
  });

  it('refuses settings that close a round before its last reminder, naming the setting', async () => {
    host = await startHost({ reminderAfter: 'P5D', maxReminders: 2, closeAfter: 'P7D' });
    expect(host.plugin(PLUGIN)).toMatchObject({ state: 'FAILED', error: expect.stringContaining('closeAfter') });
  });
});
