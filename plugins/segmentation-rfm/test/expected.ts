/**
 * What the tests expect, worked out by hand from the purchases they write, independently of the
 * plugin's grid: NTILE as SQL defines it, and the R/F grid as published.
 */

/** NTILE(buckets) over values sorted ascending: the first `n % buckets` groups have one more. */
export function ntile(values: readonly number[], buckets = 5): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const size = Math.floor(values.length / buckets);
  const bigger = values.length % buckets;
  const result: number[] = [];
  let position = 0;
  for (let bucket = 1; bucket <= buckets; bucket++) {
    const count = size + (bucket <= bigger ? 1 : 0);
    for (let i = 0; i < count; i++) result[order[position++]!.index] = bucket;
  }
  return result;
}

/** The published RFM segment of an R score and an FM score (the rounded average of F and M). */
export function segmentOf(r: number, f: number, m: number): string {
  const fm = Math.floor((f + m + 1) / 2);
  if (r === 1 && fm === 1) return 'lost';
  if (r <= 2) return fm <= 2 ? 'hibernating' : fm <= 4 ? 'at-risk' : 'cant-lose-them';
  if (r === 3) return fm <= 2 ? 'about-to-sleep' : fm === 3 ? 'need-attention' : 'loyal';
  if (fm >= 4) return r === 5 ? 'champions' : 'loyal';
  if (fm >= 2) return 'potential-loyalists';
  return r === 5 ? 'new-customers' : 'promising';
}

/**
 * Twelve buyers with distinct values: buyer k bought `counts[k]` times, each for `100 + k`, last
 * `5 + 10k` days ago. Twelve in five groups: the two lowest groups have three customers.
 */
export const BUYERS = Array.from({ length: 12 }, (_, k) => ({ email: `buyer${k}@example.com`, count: ((k * 5) % 12) + 1, amount: 100 + k, daysAgo: 5 + 10 * k }));

/** The segment each of {@link BUYERS} is expected in. */
export function expectedSegments(): string[] {
  const r = ntile(BUYERS.map((buyer) => -buyer.daysAgo));
  const f = ntile(BUYERS.map((buyer) => buyer.count));
  const m = ntile(BUYERS.map((buyer) => buyer.count * buyer.amount));
  return BUYERS.map((_, k) => segmentOf(r[k]!, f[k]!, m[k]!));
}
