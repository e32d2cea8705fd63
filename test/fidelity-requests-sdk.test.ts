// Voucherify's JS SDK as a client the contract must keep accepting. Requests
// shaped as the SDK 2.9 request types declare them
// (test/fixtures/fidelity-requests/sdk-requests.json: every field each type
// declares, every value of its enums, and what its methods add on their own,
// like `scroll()`'s cursors and `deletePermanently()`'s `{}`) pass our
// request schemas and parameters, except the SDK's drift from Voucherify's
// document, listed there with the reason.
import { describe, expect, it } from "vitest";
import { validators, type SchemaName } from "../src/validators.js";
import { deref } from "../src/spec/refs.js";
import { bundledSpec, readFixture } from "./support/spec.js";
import { ourAjv } from "./support/reference.js";

interface SdkRequest {
  operation: string;
  sdkType: string;
  body?: unknown;
  query?: Record<string, unknown>;
}
const fixture: { drift: { path: string; why: string }[]; requests: SdkRequest[] } = readFixture("fidelity-requests/sdk-requests.json");
const drift = new Set(fixture.drift.map((d) => d.path));
const ajv = ourAjv();

/** Where ours refuses one SDK request: `<operation> body <pointer>` or `<operation> query <name>`, with the reason. */
function refusals({ operation, body, query }: SdkRequest): { path: string; issue: string }[] {
  const [method, path] = operation.split(" ") as [string, string];
  const item = bundledSpec.paths[path];
  const op = item?.[method.toLowerCase()];
  if (!op) return [{ path: operation, issue: "no such operation in ours" }];
  const out: { path: string; issue: string }[] = [];
  if (body !== undefined) {
    const schema = deref(bundledSpec, op.requestBody).node?.content?.["application/json"]?.schema;
    if (!schema) return [{ path: `${operation} body`, issue: "ours takes no JSON body here" }];
    const result = validators[schema.$ref.replace("#/components/schemas/", "") as SchemaName](body);
    if (!result.ok) out.push(...result.errors.map((e) => ({ path: `${operation} body ${e.path}`, issue: e.message })));
  }
  const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: unknown) => deref(bundledSpec, p).node);
  for (const [name, value] of Object.entries(query ?? {})) {
    const parameter = parameters.find((p) => p.in === "query" && p.name === name);
    if (!parameter) out.push({ path: `${operation} query ${name}`, issue: "not a query parameter of ours" });
    else out.push(...ajv.validate(parameter.schema, value).map((issue) => ({ path: `${operation} query ${name}`, issue })));
  }
  return out;
}

describe("requests as Voucherify's JS SDK 2.9 types them", () => {
  it.each(fixture.requests.map((r, i) => [`${r.operation} · ${r.sdkType} #${i}`, r] as const))("%s", (_, request) => {
    const unlisted = refusals(request).filter((r) => !drift.has(r.path));
    expect(unlisted, "refused, and not listed as the SDK's drift").toEqual([]);
  });

  it("lists only drift that is still refused, each with a reason", () => {
    const refused = new Set(fixture.requests.flatMap((r) => refusals(r).map((f) => f.path)));
    for (const entry of fixture.drift) {
      expect(entry.why.length, entry.path).toBeGreaterThan(40);
      expect(refused.has(entry.path), `stale drift entry ${entry.path}`).toBe(true);
    }
  });

  it("covers every operation the SDK's Customers class calls with a body or a query", () => {
    expect(new Set(fixture.requests.map((r) => r.operation))).toEqual(
      new Set([
        "POST /v1/customers",
        "PUT /v1/customers/{customerId}",
        "POST /v1/customers/bulk/async",
        "POST /v1/customers/metadata/async",
        "POST /v1/customers/{customerId}/permanent-deletion",
        "GET /v1/customers",
        "GET /v1/customers/{customerId}/activity",
        "GET /v1/customers/{customerId}/activities",
        "GET /v1/customers/{customerId}/redeemables",
      ]),
    );
  });
});
