import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { lifecycle, moves, NPS_PLUGIN_DIR, PLUGIN, PLUGIN_DIR, purchase, record, startHost } from './host.js';

const ADA = 'ada@example.com';

/** A survey answer on the 0–10 NPS scale, as contracts §5 describes it. */
const answer = (host: TestHost, email: string, nps: number) => record(host, email, { type: 'survey_response', metadata: { nps } });

async function threePurchases(host: TestHost, email: string): Promise<string> {
  await purchase(host, email);
  await purchase(host, email);
  return purchase(host, email);
}

// The NPS score comes from @rapport/plugin-scoring-nps (rule "nps", -100 to 100), loaded beside
// this plugin as a deployment would.
describe('loyalty and the NPS score', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  it('takes a detractor out of loyal when their score changes, and puts them back when it rises', async () => {
    host = await startHost({ plugins: [PLUGIN_DIR, NPS_PLUGIN_DIR] });
    const customerId = await threePurchases(host, ADA);
    expect(await lifecycle(host, customerId)).toEqual(['loyal']);

    await answer(host, ADA, 3);
    expect((await host.scores(customerId)).find((score) => score.rule === 'nps')?.value).toBe(-100);
    // Still inside the onboarding window of the first purchase, so that is where they fall back to.
    expect(await lifecycle(host, customerId)).toEqual(['onboarding']);

    // 3 promoters and 1 detractor: an NPS of 50, the default loyalMinNps.
    for (let i = 0; i < 3; i++) await answer(host, ADA, 10);
    expect((await host.scores(customerId)).find((score) => score.rule === 'nps')?.value).toBe(50);
    expect(await lifecycle(host, customerId)).toEqual(['loyal']);
    expect(moves(host, customerId).slice(-4)).toEqual([
      ['left', 'loyal'],
      ['entered', 'onboarding'],
      ['left', 'onboarding'],
      ['entered', 'loyal'],
    ]);
  });

  it('keeps a passive (NPS 0) out of loyal, while no score at all does not block loyalty', async () => {
    host = await startHost({ plugins: [PLUGIN_DIR, NPS_PLUGIN_DIR] });
    const passive = await threePurchases(host, ADA);
    await answer(host, ADA, 8);
    const silent = await threePurchases(host, 'bob@example.com');
    expect(await lifecycle(host, passive)).toEqual(['onboarding']);
    expect(await lifecycle(host, silent)).toEqual(['loyal']);
  });

  it('honours a lower loyalMinNps setting', async () => {
    host = await startHost({ plugins: [PLUGIN_DIR, NPS_PLUGIN_DIR], settings: { [PLUGIN]: { loyalMinNps: -100 } } });
    const customerId = await threePurchases(host, ADA);
    await answer(host, ADA, 0);
    expect(await lifecycle(host, customerId)).toEqual(['loyal']);
  });

  it('falls back to active, not onboarding, once the first purchase is older than onboardingFor', async () => {
    host = await startHost({ plugins: [PLUGIN_DIR, NPS_PLUGIN_DIR] });
    const customerId = await threePurchases(host, ADA);
    await host.advance('P40D');
    await answer(host, ADA, 6);
    await host.advance('P21D');
    expect(await lifecycle(host, customerId)).toEqual(['active']);
  });
});
