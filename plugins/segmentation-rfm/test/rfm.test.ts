import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestHost } from '@rapport/sdk/testing';
import { RFM_MODEL, RFM_SEGMENTS, rfmModel } from '../src/model.js';
import { BUYERS, expectedSegments, ntile, segmentOf } from './expected.js';
import { PLUGIN, purchase, rfm, startHost } from './host.js';

describe('the rfm model on the test host', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });

  async function writeBuyers(target: TestHost): Promise<string[]> {
    const ids: string[] = [];
    for (const buyer of BUYERS) {
      let id = '';
      for (let n = 0; n < buyer.count; n++) id = await purchase(target, buyer.email, buyer.daysAgo, buyer.amount);
      ids.push(id);
    }
    await target.advance(0);
    return ids;
  }

  it('ranks buyers in quintiles of recency, frequency and monetary value, and names their segments', async () => {
    host = await startHost();
    const ids = await writeBuyers(host);
    const expected = expectedSegments();
    // The hand-worked quintiles spread the twelve over the grid, not into one cell.
    expect(new Set(expected).size).toBeGreaterThan(4);
    expect(await Promise.all(ids.map((id) => rfm(host!, id)))).toEqual(expected.map((segment) => [segment]));
  });

  it('counts only the purchases of the window: older ones give no score', async () => {
    host = await startHost({ settings: { [PLUGIN]: { window: 'P30D' } } });
    const ids = await writeBuyers(host);
    // Within 30 days: buyers 0, 1 and 2 (5, 15 and 25 days ago) are the only ones ranked, in three of five groups.
    const inWindow = BUYERS.slice(0, 3);
    const r = ntile(inWindow.map((buyer) => -buyer.daysAgo));
    const f = ntile(inWindow.map((buyer) => buyer.count));
    const m = ntile(inWindow.map((buyer) => buyer.count * buyer.amount));
    const segments = await Promise.all(ids.map((id) => rfm(host!, id)));
    expect(segments.slice(0, 3)).toEqual(inWindow.map((_, k) => [segmentOf(r[k]!, f[k]!, m[k]!)]));
    expect(segments.slice(3)).toEqual(BUYERS.slice(3).map(() => []));
  });

  it('counts only purchases in the currency: others are left out, there being no exchange rates', async () => {
    host = await startHost();
    const euro = await purchase(host, 'euro@example.com', 3, 50, 'EUR');
    const dollar = await purchase(host, 'dollar@example.com', 3, 5000, 'USD');
    await host.advance(0);
    expect(await rfm(host, dollar)).toEqual([]);
    expect(await rfm(host, euro)).toHaveLength(1);
    await host.stop();

    host = await startHost({ settings: { [PLUGIN]: { currency: 'USD' } } });
    const onlyDollars = await purchase(host, 'dollar@example.com', 3, 5000, 'USD');
    const onlyEuros = await purchase(host, 'euro@example.com', 3, 50, 'EUR');
    await host.advance(0);
    // A single ranked buyer is in group 1 of every rank: lost.
    expect(await rfm(host, onlyDollars)).toEqual(['lost']);
    expect(await rfm(host, onlyEuros)).toEqual([]);
  });

  it('moves a buyer as time passes alone: recency is counted back from now', async () => {
    host = await startHost({ settings: { [PLUGIN]: { window: 'P30D' } } });
    const id = await purchase(host, 'ada@example.com', 0, 10);
    await host.advance(0);
    expect(await rfm(host, id)).toEqual(['lost']);
    // Out of the window: no score, no segment, after the refresh on the deployment's schedule.
    await host.advance('P31D');
    expect(await rfm(host, id)).toEqual([]);
    expect(host.events('segment.left').at(-1)).toMatchObject({ customerId: id, model: RFM_MODEL, segment: 'lost' });
  });

  it('fails the plugin for a window that is not a duration, naming the setting', async () => {
    host = await startHost({ settings: { [PLUGIN]: { window: 'a year' } } });
    expect(host.plugin(PLUGIN)).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/window.*"a year"/) });
  });

  it('declares the standard segments in kebab-case, and the model uses exactly those', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { rapport: { contributes: { segmentationModels: { id: string; segments: string[] }[] } } };
    expect(manifest.rapport.contributes.segmentationModels).toEqual([expect.objectContaining({ id: RFM_MODEL, segments: [...RFM_SEGMENTS] })]);
    expect(rfmModel({ window: 'P365D', currency: 'EUR' }).segments.map((segment) => segment.id).sort()).toEqual([...RFM_SEGMENTS].sort());
    for (const segment of RFM_SEGMENTS) expect(segment).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('names every cell of the R and FM scores, each once', () => {
    // Every R, F, M combination lands in one of the declared segments, by the published grid.
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) expect(RFM_SEGMENTS).toContain(segmentOf(r, f, m));
  });
});
