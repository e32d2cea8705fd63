// Values drawn from each schema itself (scripts/lib/verify/schema-arbitrary.ts):
// every sample validates and type-checks against the generated types, and
// every single-point mutation of a sample is rejected at the mutated path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schemaNames, validators } from "../src/validators.js";
import { mutationsOf, refResolver, schemaArbitrary } from "../scripts/lib/verify/schema-arbitrary.js";
import { bundledSpec } from "./support/spec.js";
import { typecheck } from "./support/typecheck.js";

const resolve = refResolver(bundledSpec);
const schemaOf = (name: string) => resolve(`#/components/schemas/${name}`);
const arbitraries = new Map(schemaNames.map((name) => [name, schemaArbitrary(schemaOf(name), resolve, `#/components/schemas/${name}`)]));
// 100 samples a schema: 89 schemas, some with thousands of typed paths (activity).
const RUNS = 100;

const describeIssues = (result: ReturnType<(typeof validators)[keyof typeof validators]>) =>
  result.ok ? "(accepted)" : result.errors.map((e) => `${e.path}: ${e.message}`).join("; ");

describe("samples drawn from each schema", () => {
  it("cover every component schema of the spec, each with a validator", () => {
    expect([...schemaNames]).toEqual(Object.keys(bundledSpec.components.schemas).sort());
  });

  // One property for both facts: each drawn sample must validate, and one of
  // its mutations (picked by the second value) must not. Drawing the samples
  // once, not once a fact, halves the cost of the biggest schemas (activity).
  it.each(schemaNames.map((name) => [name]))("%s: every sample validates, and every mutation of it is rejected where it was made", (name) => {
    const validate = validators[name];
    const schema = schemaOf(name);
    let tried = 0;
    fc.assert(
      fc.property(arbitraries.get(name)!, fc.nat(), (sample, pick) => {
        const result = validate(sample);
        if (!result.ok) throw new Error(`rejected ${JSON.stringify(sample)}: ${describeIssues(result)}`);
        // Plain checks rather than expect() in this loop: it runs 8,900 times.
        if (!validate.is(sample)) throw new Error(`the guard rejected ${JSON.stringify(sample)}`);
        const mutations = mutationsOf(schema, sample, resolve);
        if (mutations.length === 0) return;
        const mutation = mutations[pick % mutations.length]!;
        tried++;
        const rejected = validate(mutation.value);
        if (rejected.ok) throw new Error(`${mutation.what} was accepted: ${JSON.stringify(mutation.value)}`);
        if (validate.is(mutation.value)) throw new Error(`${mutation.what} was accepted by the guard: ${JSON.stringify(mutation.value)}`);
        const paths = rejected.errors.map((e) => e.path);
        if (!paths.includes(mutation.path)) throw new Error(`${mutation.what}: expected an issue at ${mutation.path}, got ${describeIssues(rejected)}`);
      }),
      { numRuns: RUNS },
    );
    // Every schema takes some values and not others, so each must have had mutations to try.
    expect(tried).toBeGreaterThan(RUNS / 2);
  });

  it("type-check against the generated types", () => {
    const lines = ['import type { components } from "../../generated/schema.js";', ""];
    for (const name of schemaNames) {
      fc.sample(arbitraries.get(name)!, { numRuns: 5, seed: 42 }).forEach((sample, i) => {
        lines.push(`export const ${name}${i}: components["schemas"][${JSON.stringify(name)}] = ${JSON.stringify(sample)};`);
      });
    }
    // The check can fail: a wrong type in a sample is reported.
    lines.push(`// @ts-expect-error a number is not an ApiError's message`);
    lines.push(`export const wrong: components["schemas"]["ApiError"] = { code: 400, message: 42 };`);
    expect(typecheck({ "validators-samples.ts": `${lines.join("\n")}\n` })).toEqual([]);
  });
});
