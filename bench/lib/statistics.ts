/** The median of some numbers (the lower middle of an even count); benchmarks report it over rounds and windows. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
