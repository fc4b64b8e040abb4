import { createTestHost, type TestHost } from '@rapport/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EMAIL, PLUGIN_DIR } from './support.js';

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

  it('needs no more than from and smtp.host (the rest has defaults)', async () => {
    const status = await statusWith({ from: 'support@example.com', smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('ACTIVE');
  });

  it('stops the plugin, naming the setting, when from is missing', async () => {
    const status = await statusWith({ smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.from: is required/);
  });

  it('stops the plugin when smtp.host is missing, the port is out of range, or a setting is misspelled', async () => {
    const status = await statusWith({ from: 'support@example.com', smtp: { port: 70000 }, fromname: 'Typo' });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.smtp\.host: is required/);
    expect(status.error).toMatch(/\]\.smtp\.port: must be <= 65535/);
    expect(status.error).toMatch(/\]\.fromname: is not a known field/);
  });

  it('refuses a from that is not an email address', async () => {
    const status = await statusWith({ from: 'support', smtp: { host: 'smtp.example.com' } });
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatch(/\]\.from: .*email/);
  });

});
