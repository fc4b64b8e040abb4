import type { RuleSegmentationModel, RuleTree } from '@rapport/sdk';

/** The id of the segmentation model, as declared in the manifest. */
export const RFM_MODEL = 'rfm';

/** Scores run from 1 to 5: quintiles. */
const QUINTILES = 5;

/** One RFM segment: its id and the cell of the grid it covers, as ranges of the R and FM scores. */
interface Cell {
  id: RfmSegment;
  r: readonly [number, number];
  fm: readonly [number, number];
}

/**
 * The widely published R/F grid (recency across, frequency-and-monetary up), in order of
 * precedence: `lost` is the corner of `hibernating`, so it comes first. Every other cell is apart.
 *
 * | FM \ R | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | can't lose them | can't lose them | loyal | loyal | champions |
 * | 4 | at risk | at risk | loyal | loyal | champions |
 * | 3 | at risk | at risk | need attention | potential loyalists | potential loyalists |
 * | 2 | hibernating | hibernating | about to sleep | potential loyalists | potential loyalists |
 * | 1 | lost | hibernating | about to sleep | promising | new customers |
 */
const GRID: readonly Cell[] = [
  { id: 'champions', r: [5, 5], fm: [4, 5] },
  { id: 'loyal', r: [3, 4], fm: [4, 5] },
  { id: 'potential-loyalists', r: [4, 5], fm: [2, 3] },
  { id: 'new-customers', r: [5, 5], fm: [1, 1] },
  { id: 'promising', r: [4, 4], fm: [1, 1] },
  { id: 'need-attention', r: [3, 3], fm: [3, 3] },
  { id: 'about-to-sleep', r: [3, 3], fm: [1, 2] },
  { id: 'at-risk', r: [1, 2], fm: [3, 4] },
  { id: 'cant-lose-them', r: [1, 2], fm: [5, 5] },
  { id: 'lost', r: [1, 1], fm: [1, 1] },
  { id: 'hibernating', r: [1, 2], fm: [1, 2] },
];

/** Every segment of the model, as declared in the manifest. */
export const RFM_SEGMENTS = ['champions', 'loyal', 'potential-loyalists', 'new-customers', 'promising', 'need-attention', 'about-to-sleep', 'at-risk', 'cant-lose-them', 'hibernating', 'lost'] as const;

/** One RFM segment. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The `rfm` model: customers ranked in quintiles by recency (the time of their last purchase, 5
 * for the most recent), frequency (how many purchases) and monetary value (their sum), over the
 * purchases of the `window` in the `currency`; then placed in the cell of the grid their R score
 * and FM score fall in, where FM is the average of F and M rounded half up. A customer with no
 * such purchase has no score and is in no segment.
 *
 * @example
 * ```ts
 * ctx.segmentation.registerSegmentationModel('rfm', rfmModel({ window: 'P365D', currency: 'EUR' }));
 * ```
 */
export function rfmModel(settings: { window: string | number; currency: string }): RuleSegmentationModel {
  const rank = (of: 'purchases.lastAt' | 'purchases.count' | 'purchases.total') => ({ of, buckets: QUINTILES, within: settings.window, currency: settings.currency });
  return {
    ranks: { recency: rank('purchases.lastAt'), frequency: rank('purchases.count'), monetary: rank('purchases.total') },
    segments: GRID.map((cell) => ({ id: cell.id, rules: { all: [between('rank.recency', cell.r), fmBetween(cell.fm)] } })),
    exclusive: true,
  };
}

/** `field` from `low` to `high`, inclusive. */
function between(field: string, [low, high]: readonly [number, number]): RuleTree {
  if (low === high) return { field, op: 'eq', value: low };
  return { all: [{ field, op: 'gte', value: low }, { field, op: 'lte', value: high }] };
}

/**
 * The FM score, `round((F + M) / 2)` halves up, from `low` to `high`: `2·low − 1 ≤ F + M ≤ 2·high`.
 * Rules have no arithmetic, so the sum is spelt out: for each F, the M that fit.
 */
function fmBetween([low, high]: readonly [number, number]): RuleTree {
  const options: RuleTree[] = [];
  for (let f = 1; f <= QUINTILES; f++) {
    const m: [number, number] = [Math.max(1, 2 * low - 1 - f), Math.min(QUINTILES, 2 * high - f)];
    if (m[0] > m[1]) continue;
    const frequency: RuleTree = { field: 'rank.frequency', op: 'eq', value: f };
    options.push(m[0] === 1 && m[1] === QUINTILES ? frequency : { all: [frequency, between('rank.monetary', m)] });
  }
  return { any: options };
}
