// A hostile error body nested thousands of levels deep (about 10 KB of
// `[[[…]]]`): the call still rejects with a CustomersApiError, and the error
// can be printed, stringified and inspected without a RangeError and without
// the app token. JSON.parse reads such a body; a recursive copy of it, or
// JSON.stringify, overflows the stack.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createCustomersClient } from "../src/client.js";
import { rejection } from "./support/rejection.js";

const TOKEN = "app-token-deep-0123456789";
const LEVELS = 5000;

/** `{"a":{"a":…{"a":"<leaf>"}…}}`, `levels` deep. */
const deepObject = (levels: number, leaf: string) => '{"a":'.repeat(levels) + JSON.stringify(leaf) + "}".repeat(levels);
/** `[[…["<leaf>"]…]]`, `levels` deep. */
const deepArray = (levels: number, leaf: string) => "[".repeat(levels) + JSON.stringify(leaf) + "]".repeat(levels);

const answering = (status: number, body: string, validate = false) =>
  createCustomersClient({
    appId: "app-1",
    appToken: TOKEN,
    baseUrl: "http://api.test",
    validate,
    fetch: async () => new Response(body, { status, headers: { "Content-Type": "application/json" } }),
  });

describe.each([
  ["arrays", deepArray],
  ["objects", deepObject],
])("an error body of %s 5,000 levels deep", (_, deep) => {
  // The token at the top, a few levels down, and at the bottom.
  const body = `{"message":"echo ${TOKEN}","details":${deep(3, TOKEN)},"deep":${deep(LEVELS, TOKEN)}}`;

  it("rejects with kind api and its status, and renders every way without throwing or leaking the token", async () => {
    const error = await rejection(answering(404, body).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "api", status: 404 });
    const renderings = [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: null }), inspect(error, { depth: null, showHidden: true })];
    for (const text of renderings) expect(text).not.toContain(TOKEN);
    expect(JSON.stringify(error.body)).toContain("[REDACTED]");
    expect(JSON.stringify(error.body)).toContain("[nested too deep]");
  });

  it("rejects a 2xx of that depth with kind response-validation when validation is on", async () => {
    const error = await rejection(answering(200, body, true).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "response-validation", status: 200 });
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

it("a body without the API's message is quoted in the message, shortened, whatever its depth", async () => {
  const error = await rejection(answering(500, deepArray(LEVELS, "x")).customers.get("cust_1"));
  expect(error).toMatchObject({ kind: "api", status: 500 });
  expect(error.message).toMatch(/^getCustomer \(GET \/v1\/customers\/\{customerId\}\) failed with 500: \[\[\[.*…$/);
});
