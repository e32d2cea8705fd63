// generated/operations.js records each response's schema by its component
// name for every JSON media type the spec may use, the same ones the
// body-schema guard checks: a body under `application/json; charset=utf-8`
// or `application/problem+json` is validated like one under
// `application/json`, not skipped as if it had no schema.
import { describe, expect, it } from "vitest";
import { operationTable } from "../scripts/lib/generate/generate-operations.js";

const ref = (name: string) => ({ schema: { $ref: `#/components/schemas/${name}` } });

function tableFor(content: Record<string, unknown>) {
  const document = {
    paths: { "/v1/customers/{customerId}": { get: { operationId: "getCustomer", responses: { "200": { description: "x", content }, "204": { description: "none" } } } } },
  };
  return operationTable(document).getCustomer!.responseSchemas;
}

describe("the operations table", () => {
  it.each([
    ["application/json", { "application/json": ref("Customer") }],
    ["application/json with a charset", { "application/json; charset=utf-8": ref("Customer") }],
    ["a +json type", { "application/problem+json": ref("Customer") }],
    ["a JSON type after a non-JSON one", { "text/csv": { schema: { type: "string" } }, "application/json": ref("Customer") }],
  ])("names the schema of %s", (_, content) => {
    expect(tableFor(content)).toEqual({ "200": "Customer", "204": null });
  });

  it("records no schema for a body that is not JSON", () => {
    expect(tableFor({ "text/csv": { schema: { type: "string" } } })).toEqual({ "200": null, "204": null });
  });
});
