/** The median of some numbers (the lower middle of an even count); benchmarks report it over rounds and windows. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Times `a` and `b` `rounds` times each, alternated and the order turned each round (a, b, then
 * b, a), so that drift over the run weighs on both alike; resolves to each one's ms.
 */
export async function alternated(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[aMs: number[], bMs: number[]]> {
  const [aMs, bMs]: [number[], number[]] = [[], []];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      aMs.push(await a());
      bMs.push(await b());
    } else {
      bMs.push(await b());
      aMs.push(await a());
    }
  }
  return [aMs, bMs];
}
