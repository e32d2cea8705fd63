// Before any timing: the hand-written checks must accept and reject exactly
// what the generated validators do, on samples drawn from the spec and on
// single-point mutations of them. A ratio against a check that follows other
// rules would mean nothing, and the spec keeps growing.
import fc from "fast-check";
import { mutationsOf, refResolver, schemaArbitrary } from "../../../scripts/lib/verify/schema-arbitrary.js";
import { bundledSpec } from "../../../test/support/spec.js";
import { contestants, payload, schemaName, type Subject } from "./payloads.js";

const SAMPLES = 300;

/** The subject's payloads, samples drawn from its schema and one-point mutations of them. */
export function diverseValues(subject: Subject): unknown[] {
  const resolve = refResolver(bundledSpec);
  const schema = resolve(`#/components/schemas/${schemaName[subject]}`);
  const values: unknown[] = [payload(subject, "valid"), payload(subject, "invalid")];
  for (const sample of fc.sample(schemaArbitrary(schema, resolve), { numRuns: SAMPLES, seed: 1 })) {
    values.push(sample, ...mutationsOf(schema, sample, resolve).map((m) => m.value));
  }
  return values;
}

/** Throws, naming the first value on which the two disagree. */
export function assertSameRules(subject: Subject): void {
  const { generated, handWritten } = contestants[subject];
  for (const value of diverseValues(subject)) {
    const expected = generated(value).ok;
    if (handWritten(value).ok !== expected) {
      throw new Error(
        `bench/lib/validators/hand-written-checks.ts no longer follows the spec for ${schemaName[subject]}: ` +
          `the generated validator says ${expected ? "valid" : "invalid"} for ${JSON.stringify(value)}`,
      );
    }
  }
}
