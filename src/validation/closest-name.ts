// Suggests the property a caller probably meant (`adress` → `address`).
// Hand-written: a bounded edit distance is a few lines, and a dependency would
// ship inside every consumer's validators bundle. Bounded, because a rejected
// body may carry many unknown keys and each is compared with every allowed name:
// names past MAX_NAME_LENGTH characters and lists past MAX_CANDIDATES names get no
// suggestion, and each list is lower-cased once (humanize also asks only for
// the issues it lists, at most `maxIssues`).

/** The longest name compared, in characters. */
const MAX_NAME_LENGTH = 64;
/**
 * The most allowed names a suggestion is looked for among. The spec's widest
 * closed object has 10; a list far longer is no list a person picks from by
 * eye, and comparing with each name is what a suggestion costs.
 */
export const MAX_CANDIDATES = 100;

// Two rows of the distance table, reused across calls.
let previous = new Uint8Array(MAX_NAME_LENGTH + 2);
let current = new Uint8Array(MAX_NAME_LENGTH + 2);

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

// Each list of allowed names is a constant of the compiled schema (one array
// per closed object), so its lower-case form is worked out once.
const lowerCased = new WeakMap<readonly string[], readonly string[]>();

function lowerCaseOf(candidates: readonly string[]): readonly string[] {
  let lower = lowerCased.get(candidates);
  if (lower === undefined) lowerCased.set(candidates, (lower = candidates.map((candidate) => candidate.toLowerCase())));
  return lower;
}

/** The nearest candidate within a third of the name's length (at least 2 edits), if any. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || candidates.length > MAX_CANDIDATES) return undefined;
  const lower = name.toLowerCase();
  if (lower.length > MAX_NAME_LENGTH) return undefined; // lower-casing can lengthen a name ("İ" becomes two characters)
  const others = lowerCaseOf(candidates);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 3)) + 1;
  for (let i = 0; i < others.length; i++) {
    const other = others[i]!;
    if (other.length > MAX_NAME_LENGTH) continue;
    const distance = editDistance(lower, other, bestDistance);
    if (distance < bestDistance) {
      best = candidates[i];
      bestDistance = distance;
    }
  }
  return best;
}
