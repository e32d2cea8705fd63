// The breaking guard's changes between two copies of the breaking tests' base
// fixture: the second one changed, the first optionally set up first.
import type { Change } from "../../scripts/lib/breaking/change.js";
import { diffSpecs } from "../../scripts/lib/breaking/diff-specs.js";
import { readFixture } from "./spec.js";

export const breakingBase = readFixture("breaking/base-spec.json");

/** The changes from `setUp(base)` to `change(setUp(base))`; `setUp` adds what a rule needs and the fixture lacks. */
export function diffBetween(setUp: (spec: any) => void, change: (spec: any) => void): Change[] {
  const before = structuredClone(breakingBase);
  setUp(before);
  const after = structuredClone(before);
  change(after);
  return diffSpecs(before, after);
}

/** The changes from the base to `change(base)`. */
export const diffAfter = (change: (spec: any) => void): Change[] => diffBetween(() => {}, change);
