// Our operations hold against Voucherify's own document: the same methods,
// paths, parameters and request media types, and every status it documents.
// Each difference is listed here with its reason; anything else fails.
import { describe, expect, it } from "vitest";
import { bundledSpec } from "./support/spec.js";
import { readFixture } from "./support/spec.js";

interface OperationFacts {
  method: string;
  path: string;
  deprecated: boolean;
  parameters: string[];
  requestMediaTypes: string[];
  statuses: string[];
}

const reference: OperationFacts[] = readFixture("reference-operations.json").operations;

function ours(): OperationFacts[] {
  const facts: OperationFacts[] = [];
  const deref = (node: any) => (node?.$ref ? node.$ref.split("/").slice(1).reduce((n: any, k: string) => n[k], bundledSpec) : node);
  for (const [path, item] of Object.entries<any>(bundledSpec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (method === "parameters") continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).map((p: any) => `${p.in}:${p.name}`);
      facts.push({
        method: method.toUpperCase(),
        path,
        deprecated: op.deprecated === true,
        parameters: parameters.filter((p) => !p.startsWith("path:")).sort(),
        requestMediaTypes: Object.keys(deref(op.requestBody)?.content ?? {}).sort(),
        statuses: Object.keys(op.responses).sort(),
      });
    }
  }
  return facts;
}

/** Status codes we document beyond the reference: it lists only the happy path for most operations (its defect 9). */
const ERRORS_WE_DOCUMENT = new Set(["400", "401", "404", "413", "429", "500"]);

/** Request media types we accept beyond the reference, with why. */
const EXTRA_MEDIA_TYPES: Record<string, { types: string[]; reason: string }> = {
  "POST /v1/customers/{customerId}/permanent-deletion": {
    types: ["application/json"],
    reason: "Voucherify's JS SDK sends `{}` as the body; the contract must accept what the SDK sends.",
  },
};

const key = (o: OperationFacts) => `${o.method} ${o.path}`;
const byKey = (list: OperationFacts[]) => new Map(list.map((o) => [key(o), o]));

describe("operations against the reference", () => {
  const mine = byKey(ours());
  const theirs = byKey(reference);

  it("has exactly the reference's 13 operations", () => {
    expect(theirs.size).toBe(13);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
  });

  it.each(reference.map((o) => [key(o), o] as const))("%s matches", (k, expected) => {
    const actual = mine.get(k)!;
    expect(actual.deprecated).toBe(expected.deprecated);
    // Path parameters are compared through the path template itself.
    expect(actual.parameters).toEqual(expected.parameters.filter((p) => !p.startsWith("path:")));
    const extraTypes = EXTRA_MEDIA_TYPES[k]?.types ?? [];
    expect(actual.requestMediaTypes).toEqual([...expected.requestMediaTypes, ...extraTypes].sort());
    for (const status of expected.statuses) expect(actual.statuses, `documents ${status}`).toContain(status);
    const extra = actual.statuses.filter((s) => !expected.statuses.includes(s));
    expect(extra.filter((s) => !ERRORS_WE_DOCUMENT.has(s)), "undocumented extra statuses").toEqual([]);
    // Every operation documents the errors every call can meet.
    for (const status of ["400", "401", "429", "500"]) expect(actual.statuses).toContain(status);
    if (k.includes("{customerId}")) expect(actual.statuses).toContain("404");
  });

  it("sends the 413 the reference documents for the bulk operations, as ApiError or GatewayError", () => {
    for (const k of ["POST /v1/customers/bulk/async", "POST /v1/customers/metadata/async"]) {
      expect(mine.get(k)!.statuses).toContain("413");
      const responses = bundledSpec.paths[k.split(" ")[1]!].post.responses;
      expect(responses["413"].$ref).toBe("#/components/responses/PayloadTooLarge");
    }
    // The error shape, or the gateway's own shape the reference shows for these two operations.
    expect(bundledSpec.components.responses.PayloadTooLarge.content["application/json"].schema.$ref).toBe("#/components/schemas/PayloadTooLargeError");
    expect(bundledSpec.components.schemas.PayloadTooLargeError.anyOf).toEqual([
      { $ref: "#/components/schemas/ApiError" },
      { $ref: "#/components/schemas/GatewayError" },
    ]);
  });
});
