// The property-based requests verify sends must be valid by the spec, or a
// server that rightly rejects them would look wrong: every generated body and
// parameter value satisfies its schema, for every operation of the spec.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { bodyChecker } from "../scripts/lib/verify/body-checker.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { gentleArbitrary, generatedCases } from "../scripts/lib/verify/request-cases.js";
import { bundledSpec } from "./support/spec.js";

const plan = planOperations(bundledSpec, operationTable, { allowWrites: true });
const withBody = plan.run.filter((op) => op.body);
const withParameters = plan.run.filter((op) => op.parameters.length > 0);

describe("generated request bodies", () => {
  it("the spec has operations with bodies to generate for", () => {
    expect(withBody.map((op) => op.id)).toContain("createCustomer");
  });

  it.each(withBody.map((op) => [op.id, op] as const))("%s: every generated body satisfies the request schema", (_id, op) => {
    const issues = bodyChecker(bundledSpec, op.body!.schemaName, op.body!.schema);
    fc.assert(
      fc.property(gentleArbitrary(bundledSpec, op.body!.schema), (body) => {
        expect(issues(body)).toEqual([]);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("generated parameters", () => {
  it.each(withParameters.map((op) => [op.id, op] as const))("%s: every generated value satisfies its parameter schema", (_id, op) => {
    for (const parameter of op.parameters) {
      const issues = bodyChecker(bundledSpec, null, parameter.schema);
      fc.assert(
        fc.property(gentleArbitrary(bundledSpec, parameter.schema), (value) => {
          expect(issues(value), `${parameter.in} ${parameter.name}`).toEqual([]);
        }),
        { numRuns: 100, seed: 42 },
      );
    }
  });
});

describe("the generator's bounds", () => {
  it("gives the same requests for the same seed and others for another", () => {
    const op = withBody[0]!;
    const a = generatedCases(bundledSpec, op, { runs: 5, seed: 1 }).cases;
    expect(generatedCases(bundledSpec, op, { runs: 5, seed: 1 }).cases).toEqual(a);
    expect(generatedCases(bundledSpec, op, { runs: 5, seed: 2 }).cases).not.toEqual(a);
  });

  it("drops a generated body the validator rejects, and counts it", () => {
    const op = withBody[0]!;
    const { cases, dropped } = generatedCases(bundledSpec, op, { runs: 10, seed: 1, bodyCheck: () => false });
    expect(cases).toEqual([]);
    expect(dropped).toBe(10);
  });

  it("refuses a schema that requires itself instead of recursing forever", () => {
    const document = { components: { schemas: { Node: { type: "object", required: ["next"], properties: { next: { $ref: "#/components/schemas/Node" } } } } } };
    expect(() => gentleArbitrary(document, { $ref: "#/components/schemas/Node" })).toThrow(/nests too deeply/);
  });
});
