// The requests verify builds before it sends anything: the negative ones are
// invalid by the contract's own validators and cover each kind of mutation;
// the auth ones leave out all or part of the app keys; the spec's links point
// at real operations and parameters and are followed from an answer; the
// curl line replays a request with the token as a shell variable.
import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { bodyChecker } from "../scripts/lib/verify/body-checker.js";
import { authCases, negativeCases, smallestValidBody, wrongKey } from "../scripts/lib/verify/coverage-cases.js";
import { followLink } from "../scripts/lib/verify/links.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { exampleCases } from "../scripts/lib/verify/request-cases.js";
import { curlLine, describeRequest } from "../scripts/lib/verify/reproduce.js";
import type { Exchange } from "../scripts/lib/verify/send-request.js";
import { bundledSpec } from "./support/spec.js";

const plan = planOperations(bundledSpec, operationTable, { allowWrites: true });
const op = (id: string) => plan.run.find((o) => o.id === id)!;
const valid = (id: string) => exampleCases(bundledSpec, op(id), 1)[0]!;
const whats = (id: string) => negativeCases(bundledSpec, op(id), valid(id)).map((c) => (c.intent.kind === "negative" ? c.intent.what : ""));

describe("negative requests", () => {
  it.each(plan.run.filter((o) => o.body && o.body.mediaType === "application/json").map((o) => [o.id] as const))("%s: every negative body is rejected by the contract's validator", (id) => {
    const body = op(id).body!;
    const issues = bodyChecker(bundledSpec, body.schemaName, body.schema);
    for (const c of negativeCases(bundledSpec, op(id), valid(id))) {
      if (c.testCase.body) expect(issues(c.testCase.body.value), JSON.stringify(c.testCase.body.value)).not.toEqual([]);
    }
  });

  it("mutates a customer in every way the issue names: wrong type, unknown property, missing body, bad format", () => {
    const found = whats("createCustomer");
    expect(found).toContain("no body");
    expect(found).toContain("body with an unknown property at (root)");
    expect(found).toContain("body with a boolean instead at /name");
    expect(found).toContain("body with a broken email at /email");
    expect(whats("updateCustomersMetadataInBulk")).toContain('body with "source_ids" removed at (root)');
  });

  it("breaks query parameters by type, range, format and enum", () => {
    expect(whats("listCustomers")).toEqual(
      expect.arrayContaining([
        'query parameter limit given text instead of a number ("not-a-number")',
        'query parameter limit given a number below the minimum ("0")',
        'query parameter limit given a number above the maximum ("101")',
        'query parameter created_at[before] given a broken date-time ("not-a-date-time")',
        'query parameter order given a value outside the enum ("created_at-not")',
      ]),
    );
  });

  it("mutates from the smallest valid body it can make", () => {
    const issues = bodyChecker(bundledSpec, "CustomerMetadataBulkUpdateRequest", null);
    const small = smallestValidBody({ source_ids: ["a", "b"], metadata: { lang: "en", tier: 1 } }, (v) => issues(v).length === 0);
    expect(issues(small)).toEqual([]);
    expect(JSON.stringify(small).length).toBeLessThan(JSON.stringify({ source_ids: ["a", "b"], metadata: { lang: "en", tier: 1 } }).length);
  });
});

describe("auth requests", () => {
  it("sends none of the app keys, then each one alone, then each one wrong; OAuth is an alternative, never sent", () => {
    const cases = authCases(op("listCustomers"), valid("listCustomers"), { appId: "id", appToken: "token" }, { seed: 3 });
    expect(cases.map((c) => [c.testCase.label, c.credentials])).toEqual([
      ["without credentials", {}],
      ["with only X-App-Id", { appId: "id" }],
      ["with only X-App-Token", { appToken: "token" }],
      ["with a wrong X-App-Id", { appId: wrongKey("id", 3), appToken: "token" }],
      ["with a wrong X-App-Token", { appId: "id", appToken: wrongKey("token", 4) }],
    ]);
    expect(cases.at(-1)!.literalHeaders).toEqual(["x-app-token"]);
    expect(wrongKey("token", 4)).not.toBe("token");
    // Without both keys there is nothing to get wrong; and a run may leave wrong keys out.
    expect(authCases(op("listCustomers"), valid("listCustomers"), { appId: "id" }).map((c) => c.testCase.label)).not.toContain("with a wrong X-App-Id");
    expect(authCases(op("listCustomers"), valid("listCustomers"), { appId: "id", appToken: "token" }, { wrongCredentials: false })).toHaveLength(3);
    expect(op("listCustomers").security.map((r) => r.map((c) => c.scheme))).toContainEqual(["X-App-Id", "X-App-Token"]);
  });

  it("sends nothing for an operation that allows anonymous calls", () => {
    expect(authCases({ ...op("listCustomers"), security: [[], [{ scheme: "k", type: "apiKey", in: "header", name: "X-App-Id" }]] }, valid("listCustomers"), {})).toEqual([]);
  });
});

describe("links", () => {
  const links = Object.entries<any>(bundledSpec.components.links);

  it("the spec has the links verify follows, each to an operation and parameter that exist", () => {
    expect(links.map(([name]) => name).sort()).toEqual([
      "DeleteCustomerById", "DeleteCustomerBySourceId", "DeleteCustomerPermanentlyById", "GetCustomerById", "GetCustomerBySourceId",
      "GetDeletedCustomer", "GetListedCustomer", "UpdateCustomerById", "UpdateCustomerBySourceId",
    ]);
    for (const [name, link] of links) {
      const target = plan.run.find((o) => o.id === link.operationId);
      expect(target, name).toBeDefined();
      for (const parameter of Object.keys(link.parameters)) expect(target!.parameters.map((p) => p.name), name).toContain(parameter);
    }
    const fromCreate = Object.keys(op("createCustomer").responses["200"]!.links).sort();
    expect(fromCreate).toEqual(["DeleteCustomerById", "DeleteCustomerBySourceId", "DeleteCustomerPermanentlyById", "GetCustomerById", "GetCustomerBySourceId", "UpdateCustomerById", "UpdateCustomerBySourceId"]);
    expect(Object.keys(op("deleteCustomer").responses["204"]!.links)).toEqual(["GetDeletedCustomer"]);
    expect(Object.keys(op("listCustomers").responses["200"]!.links)).toEqual(["GetListedCustomer"]);
  });

  it("follows a link from an answer's body, and from the request's path", () => {
    const exchange = { status: 200, bodyText: JSON.stringify({ id: "cust_1", source_id: "a/b", customers: [{ id: "cust_2" }] }), headers: new Headers(), request: { method: "POST", url: "http://x/v1/customers", headers: {} } } as unknown as Exchange;
    const from = { operation: op("createCustomer"), testCase: { source: "example" as const, label: "", params: { "path:customerId": "src-9" } }, exchange };
    const link = (name: string) => bundledSpec.components.links[name];
    expect(followLink(link("GetCustomerBySourceId"), from, op("getCustomer"), "x")?.params).toEqual({ "path:customerId": "a/b" });
    expect(followLink(link("GetListedCustomer"), from, op("getCustomer"), "x")?.params).toEqual({ "path:customerId": "cust_2" });
    expect(followLink(link("GetDeletedCustomer"), from, op("getCustomer"), "x")?.params).toEqual({ "path:customerId": "src-9" });
    const noSource = { ...from, exchange: { ...exchange, bodyText: JSON.stringify({ id: "cust_1", source_id: null }) } };
    expect(followLink(link("GetCustomerBySourceId"), noSource, op("getCustomer"), "x")).toBeUndefined();
  });
});

describe("reproduction", () => {
  it("prints a curl line with the token as a shell variable and quotes that survive the shell", () => {
    const request = { method: "POST", url: "http://127.0.0.1:4010/v1/customers", headers: { accept: "application/json", "x-app-id": "app", "x-app-token": "s3cret-token", "content-type": "application/json" }, body: { text: `{"name":"O'Brien"}` } };
    expect(curlLine(request)).toBe(
      `curl -X POST 'http://127.0.0.1:4010/v1/customers' -H 'Accept: application/json' -H 'X-App-Id: app' -H "X-App-Token: $VOUCHERIFY_APP_TOKEN" -H 'Content-Type: application/json' --data-raw '{"name":"O'\\''Brien"}'`,
    );
    expect(describeRequest(request)).toBe(`POST /v1/customers {"name":"O'Brien"}`);
  });

  it("sends a multipart file from standard input", () => {
    const request = { method: "POST", url: "http://x/v1/customers/importCSV", headers: { "x-app-token": "t" }, body: { parts: [{ name: "file", value: "source_id\na", type: "text/csv", filename: "file.csv" }] } };
    expect(curlLine(request)).toBe(`printf '%s' 'source_id\na' | curl -X POST 'http://x/v1/customers/importCSV' -H "X-App-Token: $VOUCHERIFY_APP_TOKEN" -F 'file=@-;filename=file.csv;type=text/csv'`);
  });
});
