import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoDuration, lifecycleModel, REFRESH_EVERY } from '../src/model.js';
import { LIFECYCLE_MODEL, LIFECYCLE_SEGMENTS, type LifecycleThresholds } from '../src/segments.js';

const DAY = 86_400_000;
const THRESHOLDS: LifecycleThresholds = { newForMs: 14 * DAY, onboardingForMs: 60 * DAY, loyalPurchases: 3, loyalMinNps: 50, atRiskAfterMs: 45 * DAY, churnedAfterMs: 120 * DAY };

describe('the lifecycle rule model', () => {
  it('is exclusive, refreshed daily, with its segments in the documented order of precedence', () => {
    const model = lifecycleModel(THRESHOLDS);
    expect(model.exclusive).toBe(true);
    expect(model.refreshEvery).toBe(REFRESH_EVERY);
    expect(model.segments.map((segment) => segment.id)).toEqual(['churned', 'at-risk', 'loyal', 'onboarding', 'new', 'active']);
  });

  it('writes the thresholds into the trees', () => {
    const rules = Object.fromEntries(lifecycleModel(THRESHOLDS).segments.map((segment) => [segment.id, segment.rules]));
    expect(JSON.stringify(rules['at-risk'])).toContain('"P45D"');
    expect(JSON.stringify(rules.churned)).toContain('"P120D"');
    expect(rules.loyal).toEqual({ all: [{ field: 'purchases.count', op: 'gte', value: 3 }, { not: { field: 'score.nps', op: 'lt', value: 50 } }] });
    expect(rules.onboarding).toEqual({ field: 'purchases.firstAt', op: 'newerThan', value: 'P60D' });
    expect(rules.active).toEqual({ field: 'activity.firstAt', op: 'exists' });
  });

  it('turns new and onboarding off with a zero window: rules that hold for no one', () => {
    const rules = Object.fromEntries(lifecycleModel({ ...THRESHOLDS, newForMs: 0, onboardingForMs: 0 }).segments.map((segment) => [segment.id, segment.rules]));
    expect(rules.new).toEqual({ any: [] });
    expect(rules.onboarding).toEqual({ any: [] });
  });

  it('writes durations as whole days when it can, else as seconds', () => {
    expect(isoDuration(45 * DAY)).toBe('P45D');
    expect(isoDuration(90 * 60_000)).toBe('PT5400S');
    expect(isoDuration(1500)).toBe('PT1.5S');
  });

  it('declares in the manifest exactly the model and segments it can use', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      rapport: { contributes: { segmentationModels: { id: string; segments: string[] }[] } };
    };
    expect(manifest.rapport.contributes.segmentationModels).toEqual([expect.objectContaining({ id: LIFECYCLE_MODEL, segments: [...LIFECYCLE_SEGMENTS] })]);
    expect([...lifecycleModel(THRESHOLDS).segments.map((segment) => segment.id)].sort()).toEqual([...LIFECYCLE_SEGMENTS].sort());
  });
});
