// A refused request leaves no trace a later one can see: after a 400 (a bulk
// or metadata-bulk refused by the checks or by the store, a create the store
// refuses), a seeded mock gives the next customer the ID and creation time it
// would have given without it. Only the refusal's own `request_id` is new.
import { describe, expect, it } from "vitest";
import { createCustomersMock, MAX_CUSTOMER_BYTES, type CustomersMock } from "../src/mock.js";
import { CustomerStore } from "../src/mock/customer-store.js";
import { createIdSource } from "../src/mock/ids.js";

const JSON_KEYS = { "X-App-Id": "refused-app", "X-App-Token": "refused-token", "Content-Type": "application/json" };
const post = (mock: CustomersMock, path: string, body: unknown) =>
  mock.handle(new Request(`http://refused.test${path}`, { method: "POST", headers: JSON_KEYS, body: JSON.stringify(body) }));

const tooLarge = { pad: "x".repeat(MAX_CUSTOMER_BYTES) };
/** Twenty new customers, then one the store refuses: their IDs are drawn before the refusal. */
const refusedBulk = [...Array.from({ length: 20 }, (_, i) => ({ source_id: `bulk-${i}` })), { source_id: "bulk-big", metadata: tooLarge }];

// Each: a request that is refused with a 400, sent before the next create.
const refusals: Array<[string, (mock: CustomersMock) => Promise<Response>]> = [
  ["a bulk update the store refuses (an item too large)", (mock) => post(mock, "/v1/customers/bulk/async", refusedBulk)],
  ["a bulk update the checks refuse (an item without source_id)", (mock) => post(mock, "/v1/customers/bulk/async", [{ source_id: "ok" }, { name: "no source" }])],
  ["a metadata bulk update the store refuses (the merge too large)", (mock) => post(mock, "/v1/customers/metadata/async", { source_ids: ["first"], metadata: tooLarge })],
  ["a create the store refuses (too large)", (mock) => post(mock, "/v1/customers", { source_id: "big", metadata: tooLarge })],
  ["a create the checks refuse", (mock) => post(mock, "/v1/customers", { email: "not-an-email" })],
];

describe("a refused request changes nothing a later request sees", () => {
  it.each(refusals)("%s", async (_, refuse) => {
    const untouched = createCustomersMock({ mode: "stateful", seed: "refusals", customers: [] });
    const refused = createCustomersMock({ mode: "stateful", seed: "refusals", customers: [] });
    for (const mock of [untouched, refused]) expect((await post(mock, "/v1/customers", { source_id: "first" })).status).toBe(200);

    const answer = await refuse(refused);
    expect(answer.status).toBe(400);
    expect(refused.store!.export().customers.map((c) => c.source_id)).toEqual(["first"]);

    const [expected, got] = await Promise.all([untouched, refused].map(async (mock) => (await (await post(mock, "/v1/customers", { source_id: "next" })).json()).id));
    expect(got).toBe(expected);
    // And the ones after it, bulk included.
    for (const mock of [untouched, refused]) expect((await post(mock, "/v1/customers/bulk/async", [{ source_id: "after-1" }, { source_id: "after-2" }])).status).toBe(202);
    expect(refused.store!.export().customers.map((c) => c.id)).toEqual(untouched.store!.export().customers.map((c) => c.id));
  });

  it("gives the next customer the creation time it would have had (a refused batch does not move the clock on)", () => {
    // A clock that stands still: each record is then 1 ms after the last one the store kept.
    const store = new CustomerStore(createIdSource("clock", () => Date.parse("2026-01-01T00:00:00.000Z")), []);
    store.upsert({ source_id: "first" });
    expect(() => store.bulkUpsert(refusedBulk)).toThrow(/item 20: The customer would be/);
    expect(() => store.upsert({ source_id: "big", metadata: tooLarge })).toThrow(/The customer would be/);
    expect(store.upsert({ source_id: "next" }).customer.created_at).toBe("2026-01-01T00:00:00.001Z");
  });
});
