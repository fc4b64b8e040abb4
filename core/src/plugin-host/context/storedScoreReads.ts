import type { ScoringApi, SegmentationApi } from '@rapport/sdk';
import type { ScoreStore } from '../../evaluation/ScoreStore.js';
import type { SegmentStore } from '../../evaluation/SegmentStore.js';

/** The stored scores and memberships as plugins read them (`ctx.scoring.get`, `ctx.segmentation.membershipsOf`). */
export function storedScoreReads(scores: ScoreStore, segments: SegmentStore): Pick<ScoringApi, 'get'> & Pick<SegmentationApi, 'membershipsOf'> {
  return {
    async get(customerId, rule) {
      const row = await scores.get(customerId, rule);
      if (!row) return undefined;
      return { rule: row.rule, value: row.value, ...(row.label !== null && { label: row.label }), explanation: row.explanation ?? '', computedAt: row.computedAt };
    },
    async membershipsOf(customerId, model) {
      return (await segments.listFor(customerId, model)).map(({ model: m, segment, since }) => ({ model: m, segment, since }));
    },
  };
}
