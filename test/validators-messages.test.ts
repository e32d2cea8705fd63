// Common mistakes and the exact issues they must produce: a JSON Pointer to
// the field and a sentence saying what was expected, with a suggestion for a
// near-miss property name; and formatIssues, which joins them for logs.
import { describe, expect, it } from "vitest";
import { formatIssues, validators, type SchemaName, type ValidationIssue } from "../src/validators.js";
import { readFixture } from "./support/spec.js";

const customer = readFixture("seed-create-response.json") as Record<string, unknown>;
const withCustomer = (change: Record<string, unknown>) => ({ ...structuredClone(customer), ...change });
const activity = (type: string, data: unknown) => ({ id: "evcus_1", type, created_at: "2024-01-01T00:00:00.000Z", data });
const list = (change: Record<string, unknown>) => ({ object: "list", data_ref: "customers", customers: [], total: 0, has_more: false, ...change });

type Case = [mistake: string, schema: SchemaName, value: unknown, issues: Array<[path: string, message: string]>];

const DATE = "must be a valid calendar date in the form YYYY-MM-DD";
const cases: Case[] = [
  ["a number for a name", "CustomerCreateRequest", { name: 42 }, [["/name", "must be a string or null"]]],
  ["a number for a phone", "CustomerCreateRequest", { phone: 48123456789 }, [["/phone", "must be a string or null"]]],
  ["an array inside the address", "CustomerCreateRequest", { address: { city: ["NY"] } }, [["/address/city", "must be a string or null"]]],
  ["a bad email", "CustomerCreateRequest", { email: "bob.smith(at)email.com" }, [["/email", "must be a valid email address"]]],
  ["an email without a domain", "CustomerCreateRequest", { email: "bob@" }, [["/email", "must be a valid email address"]]],
  ["an impossible date", "CustomerCreateRequest", { birthdate: "2023-02-29" }, [["/birthdate", DATE]]],
  ["a thirteenth month", "CustomerCreateRequest", { birthdate: "2022-13-01" }, [["/birthdate", DATE]]],
  ["a date in another notation", "CustomerCreateRequest", { birthday: "31.12.1990" }, [["/birthday", DATE]]],
  ["a date-time without an offset", "Customer", withCustomer({ created_at: "2022-08-30T06:32:07" }), [["/created_at", "must be a valid ISO 8601 date-time such as 2022-08-30T06:32:07.380Z"]]],
  ["a misspelt property", "CustomerCreateRequest", { adress: { city: "NY" } }, [["/adress", 'is not an allowed property; did you mean "address"?']]],
  ["transposed letters", "CustomerCreateRequest", { emial: "bob@example.com" }, [["/emial", 'is not an allowed property; did you mean "email"?']]],
  ["camelCase for snake_case", "CustomerCreateRequest", { sourceId: "crm-1" }, [["/sourceId", 'is not an allowed property; did you mean "source_id"?']]],
  ["an extra underscore", "CustomerCreateRequest", { birth_date: "1990-01-01" }, [["/birth_date", 'is not an allowed property; did you mean "birthdate"?']]],
  ["another name for a nested field", "CustomerCreateRequest", { address: { postcode: "10001" } }, [["/address/postcode", 'is not an allowed property; did you mean "postal_code"?']]],
  ["a misspelt property in a list item", "CustomerBulkUpdateRequest", [{ source_id: "crm-1", emial: "bob@example.com" }], [["/0/emial", 'is not an allowed property; did you mean "email"?']]],
  ["an unknown nested property, nothing close", "CustomerCreateRequest", { address: { floor: 3 } }, [["/address/floor", "is not an allowed property; allowed: city, state, line_1, line_2, country, postal_code"]]],
  ["a body for an operation that takes none", "EmptyBody", { force: true }, [["", "must be empty"], ["/force", "is not an allowed property; this object takes none"]]],
  ["a missing required field", "CustomerBulkUpdateItem", { name: "Bob" }, [["/source_id", "is required"]]],
  ["a missing field in the second item", "CustomerBulkUpdateRequest", [{ source_id: "a" }, { name: "b" }], [["/1/source_id", "is required"]]],
  ["an empty required string", "CustomerBulkUpdateItem", { source_id: "" }, [["/source_id", "must not be empty"]]],
  ["an empty list", "CustomerBulkUpdateRequest", [], [["", "must have at least 1 item"]]],
  ["an empty id in a list", "CustomerMetadataBulkUpdateRequest", { source_ids: ["crm-1", ""], metadata: {} }, [["/source_ids/1", "must not be empty"]]],
  ["an empty batch", "CustomerBulkUpdateRequest", [], [["", "must have at least 1 item"]]],
  ["a fraction for a count", "Customer", withCustomer({ referrals: { total: 1.5, campaigns: [] } }), [["/referrals/total", "must be an integer"]]],
  ["a number sent as text", "CustomerList", list({ total: "10" }), [["/total", "must be an integer"]]],
  ["a boolean sent as text", "CustomerList", list({ has_more: "false" }), [["/has_more", "must be a boolean"]]],
  ["a wrong enum value", "CampaignType", "PROMO", [["", 'must be one of "PROMOTION", "GIFT_VOUCHERS", "REFERRAL_PROGRAM", "DISCOUNT_COUPONS", "LOYALTY_PROGRAM"']]],
  ["a wrong constant", "CustomerList", list({ object: "customer" }), [["/object", 'must be "list"']]],
  ["null where a string is required", "CustomerCreateRequest", { source_id: null }, [["/source_id", "must be a string"]]],
  ["null for a required id", "Customer", withCustomer({ id: null }), [["/id", "must be a string"]]],
  ["an array for metadata", "CustomerCreateRequest", { metadata: ["lang", "en"] }, [["/metadata", "must be an object or null"]]],
  ["a string for the whole body", "CustomerCreateRequest", '{"name":"Bob"}', [["", "must be an object"]]],
  ["a wrong field inside one activity type", "CustomerActivity", activity("customer.created", { data: { customer: withCustomer({ name: 5 }) } }), [["/data/data/customer/name", "must be a string or null"]]],
  ["a wrong shape for one activity type's data", "CustomerActivity", activity("customer.created", "created"), [["/data", "must be an object"]]],
  ["a field the path already names", "CustomerUpdateRequest", { id: "cust_1" }, [["/id", "is not an allowed property; allowed: source_id, name, description, email, phone, birthday, birthdate, address, metadata"]]],
];

const byPath = (a: [string, string], b: [string, string]) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);

describe("issues for common mistakes", () => {
  it("cover at least twenty mistakes", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)("%s (%s)", (_, schema, value, expected) => {
    const result = validators[schema](value);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.errors.map((e): [string, string] => [e.path, e.message]);
    expect(issues.sort(byPath)).toEqual([...expected].sort(byPath));
  });

  it("name the JSON Schema keyword that failed", () => {
    const result = validators.CustomerCreateRequest({ email: "nope", adress: 1, name: 5 });
    expect(result.ok ? [] : result.errors.map((e) => e.keyword).sort()).toEqual(["additionalProperties", "format", "type"]);
  });
});

describe("formatIssues", () => {
  it("writes one line per issue, the pointer first, the root as (root)", () => {
    const issues: ValidationIssue[] = [
      { path: "", message: "must be empty", keyword: "maxProperties" },
      { path: "/address/postcode", message: 'is not an allowed property; did you mean "postal_code"?', keyword: "additionalProperties" },
    ];
    expect(formatIssues(issues)).toBe('(root): must be empty\n/address/postcode: is not an allowed property; did you mean "postal_code"?');
  });

  it("formats what a validator reports", () => {
    const result = validators.CustomerCreateRequest({ email: "bob(at)example.com", birthdate: "2022-02-30" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(formatIssues(result.errors).split("\n").sort()).toEqual([`/birthdate: ${DATE}`, "/email: must be a valid email address"]);
    }
  });

  it("gives an empty string for no issues", () => {
    expect(formatIssues([])).toBe("");
  });
});
