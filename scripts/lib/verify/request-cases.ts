// The requests a verify run sends for one operation: first every documented
// example, then property-based ones generated from the request schemas
// (seeded, so a run can be repeated exactly).
import fc from "fast-check";
import type { PlannedOperation, PlannedParameter } from "./operation-plan.js";
import { refResolver, schemaArbitrary } from "./schema-arbitrary.js";

export interface RequestCase {
  source: "example" | "generated";
  /** `example seed`, `generated 3`: how the table and the violations name it. */
  label: string;
  /** Parameter values by `in:name`. */
  params: Record<string, unknown>;
  /** The request body, when one is sent. */
  body?: { value: unknown };
}

/** Says whether a generated body satisfies the request schema (the precompiled validator). */
export type BodyCheck = (value: unknown) => boolean;

const key = (p: PlannedParameter) => `${p.in}:${p.name}`;

/** Values for a live server: the shared generator's gentle profile. */
export const gentleArbitrary = (document: unknown, schema: unknown) => schemaArbitrary(schema, refResolver(document), "", 0, { gentle: true });

// "." and ".." would be resolved away by URL parsing and hit another path.
const usablePathValue = (value: unknown) => !(typeof value === "string" && /^(\.|\.\.|%2e|%2e%2e|\.%2e|%2e\.)$/i.test(value));

function parameterArbitraries(document: unknown, operation: PlannedOperation) {
  return Object.fromEntries(
    operation.parameters.map((p) => {
      const arb = gentleArbitrary(document, p.schema);
      return [key(p), p.in === "path" ? arb.filter(usablePathValue) : arb];
    }),
  );
}

export function exampleCases(document: unknown, operation: PlannedOperation, seed: number): RequestCase[] {
  const arbitraries = parameterArbitraries(document, operation);
  const params: Record<string, unknown> = {};
  for (const p of operation.parameters) {
    if (p.example) params[key(p)] = p.example.value;
    else if (p.required) params[key(p)] = fc.sample(arbitraries[key(p)]!, { numRuns: 1, seed })[0];
  }
  const examples = operation.body?.examples ?? [];
  if (examples.length === 0) return operation.body?.required ? [] : [{ source: "example", label: "documented parameters", params }];
  return examples.map((example) => ({ source: "example", label: `example ${example.name}`, params, body: { value: example.value } }));
}

/** Generated requests for one operation: the parameters (required ones always) and the body, as one shrinkable value. */
export function caseArbitrary(document: unknown, operation: PlannedOperation): fc.Arbitrary<{ params: Record<string, unknown>; body: unknown }> {
  const required = operation.parameters.filter((p) => p.required).map(key);
  const params = fc.record(parameterArbitraries(document, operation), { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  const body = operation.body ? gentleArbitrary(document, operation.body.schema) : fc.constant(undefined);
  return fc.record({ params, body });
}

/** A generated value as a request case. */
export const generatedCase = (operation: PlannedOperation, value: { params: Record<string, unknown>; body: unknown }, label: string): RequestCase => ({
  source: "generated",
  label,
  params: value.params,
  ...(operation.body ? { body: { value: value.body } } : {}),
});

export function generatedCases(
  document: unknown,
  operation: PlannedOperation,
  options: { runs: number; seed: number; bodyCheck?: BodyCheck },
): { cases: RequestCase[]; dropped: number } {
  if (options.runs === 0) return { cases: [], dropped: 0 };
  const samples = fc.sample(caseArbitrary(document, operation), { numRuns: options.runs, seed: options.seed });
  const cases: RequestCase[] = [];
  let dropped = 0;
  samples.forEach((sample, i) => {
    if (operation.body && options.bodyCheck && !options.bodyCheck(sample.body)) {
      dropped++;
      return;
    }
    cases.push(generatedCase(operation, sample, `generated ${i + 1}`));
  });
  return { cases, dropped };
}
