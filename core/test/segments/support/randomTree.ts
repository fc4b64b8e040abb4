import { LEAF_CASES } from './leafCases.js';
import { pick } from './segmentFixture.js';

/** A random rule tree of the leaf cases, at most `depth` levels of all, any and not. */
export function randomTree(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth === 0 || roll < 0.35) return pick(random, LEAF_CASES);
  if (roll < 0.5) return { not: randomTree(random, depth - 1) };
  const children = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomTree(random, depth - 1));
  return roll < 0.75 ? { all: children } : { any: children };
}
