import { describe, expect, it } from 'vitest';
import type { ConfigError } from '@rapport/sdk';
import { loadConfig } from '../../src/config/loadConfig.js';
import { writeConfig } from '../cli/runCli.js';

describe('the webhooks section of rapport.config.json', () => {
  it('defaults to the SSRF guard on, a 24 h overlap and a 15 s timeout', async () => {
    const config = await loadConfig({ file: writeConfig({}), env: {} });
    expect(config.webhooks).toEqual({ allowPrivateAddresses: false, secretOverlapMs: 86_400_000, timeoutMs: 15_000 });
  });

  it('reads allowPrivateAddresses and the durations', async () => {
    const config = await loadConfig({ file: writeConfig({ webhooks: { allowPrivateAddresses: true, secretOverlap: 'PT2H', timeout: '5s' } }), env: {} });
    expect(config.webhooks).toEqual({ allowPrivateAddresses: true, secretOverlapMs: 7_200_000, timeoutMs: 5_000 });
  });

  it('names the file and the field of a misspelt or mistyped value', async () => {
    const file = writeConfig({ webhooks: { allowPrivate: true, allowPrivateAddresses: 'yes' } });
    const error = (await loadConfig({ file, env: {} }).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.problems).toEqual([
      { file, field: 'webhooks.allowPrivate', message: 'is not a known field; check its spelling' },
      { file, field: 'webhooks.allowPrivateAddresses', message: 'must be of type boolean' },
    ]);
  });

  it('names webhooks.secretOverlap and webhooks.timeout when out of range', async () => {
    const file = writeConfig({ webhooks: { secretOverlap: 'forever', timeout: '10m' } });
    const error = (await loadConfig({ file, env: {} }).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error.problems.map((problem) => problem.field).sort()).toEqual(['webhooks.secretOverlap', 'webhooks.timeout']);
    expect(error.problems.find((problem) => problem.field === 'webhooks.timeout')!.message).toMatch(/from 100 ms to 1 min/);
  });
});
