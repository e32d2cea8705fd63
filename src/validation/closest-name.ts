// Suggests the property a caller probably meant (`adress` → `address`).
// Hand-written: a bounded edit distance is a few lines, and a dependency would
// ship inside every consumer's validators bundle. Bounded, because a rejected
// body may carry many unknown keys and each is compared with every allowed name.

// Two rows of the distance table, reused across calls (names are at most 64 characters).
let previous = new Uint8Array(66);
let current = new Uint8Array(66);

/** Levenshtein distance between a and b, or `limit` when it is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length]!, limit);
}

/** The nearest candidate within a third of the name's length (at least 2 edits), if any. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  if (lower.length === 0 || lower.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other.length > 64) continue;
    const distance = editDistance(lower, other, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
