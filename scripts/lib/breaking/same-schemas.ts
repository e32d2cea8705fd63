// Whether two schema nodes read the same in their documents, every $ref they
// reach included. Comparing two such nodes finds nothing, so compare-schemas.ts
// skips them: an unchanged spec no longer walks each union of alternatives
// (which doubles at every level of nesting) to learn that nothing differs.
import { resolvePointer } from "../../../src/spec/refs.js";

const localRefsIn = (node: unknown, into: Set<string>): Set<string> => {
  if (Array.isArray(node)) for (const item of node) localRefsIn(item, into);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.add(value);
      else localRefsIn(value, into);
    }
  }
  return into;
};

/** One per pair of documents being compared; neither may change while it is in use. */
export class SameSchemas {
  /** Per $ref: does its target read the same in both documents (its own text, not what it reaches)? */
  private readonly sameTarget = new Map<string, boolean>();
  /** Per $ref: the $refs its target in the base document holds. */
  private readonly refsOfTarget = new Map<string, Set<string>>();

  constructor(
    private readonly baseDoc: unknown,
    private readonly headDoc: unknown,
  ) {}

  /** True when `base` in the base document and `head` in the head document are the same schema. */
  same(base: unknown, head: unknown): boolean {
    if (JSON.stringify(base) !== JSON.stringify(head)) return false;
    // The texts match, so the $refs do; each target, and what it reaches, must match too.
    const pending = [...localRefsIn(base, new Set())];
    const seen = new Set(pending);
    for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
      if (!this.targetIsSame(ref)) return false;
      for (const next of this.refsOfTarget.get(ref)!) {
        if (!seen.has(next)) {
          seen.add(next);
          pending.push(next);
        }
      }
    }
    return true;
  }

  private targetIsSame(ref: string): boolean {
    let same = this.sameTarget.get(ref);
    if (same === undefined) {
      let base: unknown;
      let head: unknown;
      try {
        base = resolvePointer(this.baseDoc, ref);
        head = resolvePointer(this.headDoc, ref);
        same = JSON.stringify(base) === JSON.stringify(head);
      } catch {
        same = false; // a $ref that points at nothing: leave the error to the full comparison
      }
      this.sameTarget.set(ref, same);
      this.refsOfTarget.set(ref, same ? localRefsIn(base, new Set()) : new Set());
    }
    return same;
  }
}
