import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_SID, AUTH_TOKEN, FROM, PLUGIN_DIR, PUBLIC_URL, TWILIO } from './support/twilioHost.js';

const MESSAGING_SERVICE = `MG${'fedcba9876543210'.repeat(2)}`;
const BASE = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL };

describe('settings', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function statusWith(settings: unknown, event: 'onChannel:sms' | 'onChannel:phone' = 'onChannel:sms') {
    await host?.stop();
    host = await createTestHost({ plugins: ['./'], baseDir: PLUGIN_DIR, settings: { [TWILIO]: settings } });
    await host.fireActivationEvent(event);
    return host.plugin(TWILIO);
  }

  it('needs accountSid, authToken, publicUrl and one sender; the API base URL and retries have defaults', async () => {
    expect((await statusWith({ ...BASE, from: FROM })).state).toBe('ACTIVE');
    expect((await statusWith({ ...BASE, messagingServiceSid: MESSAGING_SERVICE }, 'onChannel:phone')).state).toBe('ACTIVE');
  });

  it('stops the plugin, naming from, when there is no sender', async () => {
    const status = await statusWith(BASE);
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.from: is required unless messagingServiceSid is given/);
  });

  it('stops the plugin, naming messagingServiceSid, when both senders are given', async () => {
    const status = await statusWith({ ...BASE, from: FROM, messagingServiceSid: MESSAGING_SERVICE });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.messagingServiceSid: is given together with from/);
  });

  it('refuses a malformed account SID, sender, publicUrl, and misspelled settings, naming each', async () => {
    const status = await statusWith({ ...BASE, accountSid: 'AC123', from: '0612345678', publicUrl: 'crm.example.com', retires: 3 });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.accountSid: must be the Account SID/);
    expect(status.error).toMatch(/\]\.from: must be a Twilio phone number in E\.164 form/);
    expect(status.error).toMatch(/\]\.publicUrl: must be the base URL Twilio calls/);
    expect(status.error).toMatch(/\]\.retires: is not a known field/);
  });

  it('refuses a missing publicUrl: signatures cannot be checked without it', async () => {
    const status = await statusWith({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FROM });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.publicUrl: is required/);
  });
});
