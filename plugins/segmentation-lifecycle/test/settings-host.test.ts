import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { lifecycle, PLUGIN, record, startHost } from './host.js';

describe('settings in the test host', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function failedWith(settings: Record<string, unknown>): Promise<string> {
    host = await startHost({ settings: { [PLUGIN]: settings } });
    const status = host.plugin(PLUGIN);
    expect(status.state).toBe('FAILED');
    return status.error ?? '';
  }

  it('fails the plugin when atRiskAfter is not shorter than churnedAfter, naming both', async () => {
    const error = await failedWith({ atRiskAfter: 'P90D', churnedAfter: 'P60D' });
    expect(error).toContain('atRiskAfter');
    expect(error).toContain('churnedAfter');
    expect(error).toContain('"P90D"');
    expect(error).toContain('"P60D"');
  });

  it('fails the plugin for a duration that is not ISO-8601, naming the setting', async () => {
    const error = await failedWith({ onboardingFor: '2 months' });
    expect(error).toMatch(/onboardingFor.*ISO-8601/);
    expect(error).toContain('"2 months"');
  });

  it('fails the plugin for a value the settings schema refuses, naming the setting', async () => {
    expect(await failedWith({ loyalPurchases: 0 })).toContain('loyalPurchases');
    await host!.stop();
    expect(await failedWith({ loyalMinNps: 'high' })).toContain('loyalMinNps');
  });

  it('fails the plugin for a misspelt setting rather than ignoring it', async () => {
    expect(await failedWith({ atRiskAftr: 'P30D' })).toContain('atRiskAftr');
  });

  it('applies its thresholds, in milliseconds or ISO-8601', async () => {
    host = await startHost({ settings: { [PLUGIN]: { newFor: 'P2D', atRiskAfter: 'P5D', churnedAfter: 10 * 86_400_000 } } });
    expect(host.plugin(PLUGIN).state).toBe('ACTIVE');
    const customerId = await record(host, 'ada@example.com');
    await host.advance('P2D');
    expect(await lifecycle(host, customerId)).toEqual(['active']);
    await host.advance('P3D');
    expect(await lifecycle(host, customerId)).toEqual(['at-risk']);
    await host.advance('P5D');
    expect(await lifecycle(host, customerId)).toEqual(['churned']);
  });
});
