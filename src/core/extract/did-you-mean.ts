/** "Did you mean ...?" suggestions: the closest known name by edit distance, if close enough. */

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The known name closest to `name` (case-insensitive ties count as distance 0), or undefined. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  // One edit for names of 2-5 characters, two for 6-8, three beyond; a 1-character name only
  // matches by case ("x" -> "X"), since any other 1-character name is one edit away.
  const limit = name.length < 2 ? 0 : Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

export function didYouMean(name: string, known: Iterable<string>): string {
  const s = closestName(name, known);
  return s === undefined ? "" : ` Did you mean "${s}"?`;
}
