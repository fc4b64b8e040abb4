import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EMAIL, INBOUND_SECRET as SECRET, PLUGIN_DIR } from './support.js';

describe('settings', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function statusWith(settings: unknown) {
    host = await createTestHost({ plugins: ['./'], baseDir: PLUGIN_DIR, settings: { [EMAIL]: settings } });
    await host.fireActivationEvent('onChannel:email');
    return host.plugin(EMAIL);
  }

  it('needs no more than from, smtp.host and inboundSecret (the rest has defaults)', async () => {
    const status = await statusWith({ from: 'support@example.com', inboundSecret: SECRET, smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('ACTIVE');
  });

  it('stops the plugin, naming the setting, when from is missing', async () => {
    const status = await statusWith({ inboundSecret: SECRET, smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.from: is required/);
  });

  it('stops the plugin, naming the setting, when inboundSecret is missing: the webhook is never open to anyone', async () => {
    const status = await statusWith({ from: 'support@example.com', smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.inboundSecret: is required/);
  });

  it('refuses an inboundSecret that is short, empty or has spaces (a Bearer token cannot carry them)', async () => {
    for (const inboundSecret of ['short', '', 'sixteen chars or more but spaced']) {
      const status = await statusWith({ from: 'support@example.com', inboundSecret, smtp: { host: 'smtp.example.com' } });
      expect(status.state).toBe('FAILED');
      expect(status.error).toMatch(/\]\.inboundSecret: must be a shared secret of at least 16 characters without spaces/);
      await host?.stop();
      host = undefined;
    }
  });

  it('stops the plugin when smtp.host is missing, the port is out of range, or a setting is misspelled', async () => {
    const status = await statusWith({ from: 'support@example.com', inboundSecret: SECRET, smtp: { port: 70000 }, fromname: 'Typo' });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.smtp\.host: is required/);
    expect(status.error).toMatch(/\]\.smtp\.port: must be <= 65535/);
    expect(status.error).toMatch(/\]\.fromname: is not a known field/);
  });

  it('refuses a from that is not an email address', async () => {
    const status = await statusWith({ from: 'support', inboundSecret: SECRET, smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.from: .*email/);
  });

});
