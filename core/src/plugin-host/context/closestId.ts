/**
 * The declared id a mistyped one most likely meant (`responseSpeed` for `response-speed`), if
 * one is close enough to suggest: ids are compared without case and separators, then by edit
 * distance.
 */
export function closestId(id: string, declared: readonly string[]): string | undefined {
  const plain = (value: string) => value.toLowerCase().replace(/[-_.]/g, '');
  let best: { id: string; distance: number } | undefined;
  for (const candidate of declared) {
    const distance = editDistance(plain(id), plain(candidate));
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  // More than a third of the id changed is another id, not a typo of this one.
  return best && best.distance <= Math.max(1, Math.floor(plain(id).length / 3)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
