// The seed page's request and response, kept verbatim as fixtures, are the
// first conformance cases; corrupted copies must fail with the right pointer.
import { describe, expect, it } from "vitest";
import { CustomerCreateRequestSeed, CustomerSeed } from "../src/examples.js";
import { formatIssues, validateCustomer, validateCustomerCreateRequest, type ValidationResult } from "../src/validators.js";
import { readFixture } from "./support/spec.js";

const request = readFixture("seed-create-request.json");
const response = readFixture("seed-create-response.json");

function issues(result: ValidationResult<unknown>) {
  return result.ok ? [] : result.errors.map(({ path, message }) => ({ path, message }));
}

describe("the seed page", () => {
  it("is what the spec documents, verbatim", () => {
    expect(CustomerCreateRequestSeed).toEqual(request);
    expect(CustomerSeed).toEqual(response);
  });

  it("validates as CustomerCreateRequest and Customer", () => {
    expect(issues(validateCustomerCreateRequest(request))).toEqual([]);
    expect(issues(validateCustomer(response))).toEqual([]);
  });

  const badRequests: Array<[string, Record<string, unknown>, { path: string; message: string }]> = [
    ["a bad email", { email: "bob.smith(at)email.com" }, { path: "/email", message: "must be a valid email address" }],
    ["an impossible date", { birthdate: "2022-02-30" }, { path: "/birthdate", message: "must be a valid calendar date in the form YYYY-MM-DD" }],
    ["an unknown property", { adress: {} }, { path: "/adress", message: 'is not an allowed property; did you mean "address"?' }],
    ["an unknown nested property", { address: { city: "NY", zip: "10001" } }, { path: "/address/zip", message: expect.stringContaining("is not an allowed property") as unknown as string }],
    ["a read-only field", { summary: response.summary }, { path: "/summary", message: expect.stringContaining("is not an allowed property") as unknown as string }],
    ["a number for a string", { name: 42 }, { path: "/name", message: "must be a string or null" }],
    ["a string for metadata", { metadata: "lang=en" }, { path: "/metadata", message: "must be an object or null" }],
    ["a number for the address", { address: 5 }, { path: "/address", message: "must be an object or null" }],
  ];
  it.each(badRequests)("rejects a request with %s", (_, change, expected) => {
    const result = validateCustomerCreateRequest({ ...request, ...change });
    expect(result.ok).toBe(false);
    expect(issues(result)).toEqual([expected]);
  });

  const badResponses: Array<[string, Record<string, unknown>, { path: string; message: string }]> = [
    ["another object kind", { object: "voucher" }, { path: "/object", message: 'must be "customer"' }],
    ["a created_at that is no date-time", { created_at: "yesterday" }, { path: "/created_at", message: expect.stringContaining("ISO 8601") as unknown as string }],
    ["a string id", { id: 17 }, { path: "/id", message: "must be a string" }],
    ["a summary of the wrong type", { summary: [] }, { path: "/summary", message: "must be an object or null" }],
    ["a missing required field", { id: undefined }, { path: "/id", message: "is required" }],
    ["a counter that is text", { referrals: { total: "3", campaigns: [] } }, { path: "/referrals/total", message: "must be an integer" }],
  ];
  it.each(badResponses)("rejects a response with %s", (_, change, expected) => {
    const copy = JSON.parse(JSON.stringify({ ...response, ...change }));
    const result = validateCustomer(copy);
    expect(issues(result)).toEqual([expected]);
  });

  it("accepts what the API adds to responses tomorrow, and nulls it documents", () => {
    expect(issues(validateCustomer({ ...response, brand_new_field: { x: 1 }, address: null, summary: null }))).toEqual([]);
  });

  it("formats issues as one readable line each", () => {
    const result = validateCustomerCreateRequest({ email: "nope", adress: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(formatIssues(result.errors).split("\n").sort()).toEqual([
        '/adress: is not an allowed property; did you mean "address"?',
        "/email: must be a valid email address",
      ]);
    }
  });

  it.each([undefined, null, 0, "text", [], [1, 2], true, Symbol("s"), () => 1, BigInt(1)])("never throws, even for %s", (value) => {
    const result = validateCustomerCreateRequest(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ path: "", keyword: "type", message: "must be an object" });
  });
});
