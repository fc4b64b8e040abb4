import { createTestHost, FakeClock, type TestHost } from '@rapport/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from './support/fakeTwilio.js';
import { ACCOUNT_SID, AUTH_TOKEN, interactionsOn, PLUGIN_DIR, postToWebhook, settingsFor, TWILIO } from './support/twilioHost.js';

describe("the README's missed-call workflow (trigger phone.call_missed)", () => {
  let twilio: FakeTwilio;
  let host: TestHost;
  beforeEach(async () => {
    twilio = await startFakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
    host = await createTestHost({
      plugins: ['./', './test/fixtures/missed-call-text-back'],
      baseDir: PLUGIN_DIR,
      clock: new FakeClock('2026-03-02T09:00:00Z'),
      settings: { [TWILIO]: settingsFor(twilio) },
    });
  });
  afterEach(async () => {
    await host.stop();
    await twilio.close();
  });

  it('texts the caller back once, two minutes after the missed call, however often Twilio reports it', async () => {
    const missed = { CallSid: 'CA55555555555555555555555555555555', AccountSid: ACCOUNT_SID, CallStatus: 'no-answer', Direction: 'inbound', From: '+31612345678', To: '+14155550100' };
    await postToWebhook(host, 'phone', missed);
    await postToWebhook(host, 'phone', missed);
    expect(twilio.created).toHaveLength(0);
    await host.advance('PT2M');

    expect(twilio.created).toHaveLength(1);
    expect(twilio.created[0]!.form.get('To')).toBe('+31612345678');
    expect(twilio.created[0]!.form.get('Body')).toMatch(/Sorry we missed your call/);
    const [run] = await host.workflowRuns({ workflow: 'missed-call-text-back' });
    expect(run).toMatchObject({ status: 'COMPLETED' });
    expect(await host.workflowRuns()).toHaveLength(1);
    const [call] = await interactionsOn(host, 'phone');
    expect(run!.customerId).toBe(call!.customerId);
    expect((await interactionsOn(host, 'sms')).map((interaction) => interaction.direction)).toEqual(['OUTBOUND']);
  });
});
