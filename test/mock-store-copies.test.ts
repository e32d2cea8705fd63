// The store shares no object with its callers: what they pass in (a create's
// metadata, an update, bulk items, the starting customers) is copied as it
// comes in, and what they get back (get, find, list, upsert, update, export)
// is a copy. Changing either afterwards changes nothing the mock answers.
import { describe, expect, it } from "vitest";
import { CustomerMinimal } from "../generated/examples.js";
import { createCustomersMock, type CustomersMock } from "../src/mock.js";
import type { Customer } from "../src/types.js";

const KEYS = { "X-App-Id": "copies-app", "X-App-Token": "copies-token" };
const fresh = () => createCustomersMock({ mode: "stateful", seed: "copies", customers: [] });
/** What a client reads: the customer as the engine sends it. */
const served = async (mock: CustomersMock, id: string) => (await mock.handle(new Request(`http://copies.test/v1/customers/${id}`, { headers: KEYS }))).json();

describe("the store copies what it is given", () => {
  it("keeps a create's metadata as it was sent, whatever the caller does with its object afterwards", async () => {
    const mock = fresh();
    const metadata = { tier: "gold", tags: ["a"], nested: { level: 1 } };
    mock.store!.upsert({ source_id: "given-1", metadata });
    metadata.tier = "changed";
    metadata.tags.push("b");
    metadata.nested.level = 2;
    const expected = { tier: "gold", tags: ["a"], nested: { level: 1 } };
    expect(mock.store!.get("given-1").metadata).toEqual(expected);
    expect((await served(mock, "given-1")).metadata).toEqual(expected);
  });

  it("keeps an update's, the bulk items' and a metadata merge's values as they were sent", async () => {
    const mock = fresh();
    mock.store!.upsert({ source_id: "given-2" });
    const update = { metadata: { list: [1] }, address: { city: "Oslo" } };
    mock.store!.update("given-2", update);
    update.metadata.list.push(2);
    update.address.city = "Bergen";
    expect(mock.store!.get("given-2")).toMatchObject({ metadata: { list: [1] }, address: { city: "Oslo" } });

    const items = [{ source_id: "given-3", metadata: { list: [1] } }];
    mock.store!.bulkUpsert(items);
    items[0]!.metadata.list.push(2);
    expect(mock.store!.get("given-3").metadata).toEqual({ list: [1] });

    const merged = { shared: { count: 1 } };
    mock.store!.mergeMetadata(["given-2", "given-3"], merged);
    merged.shared.count = 99;
    expect(mock.store!.get("given-2").metadata).toEqual({ list: [1], shared: { count: 1 } });
    expect((await served(mock, "given-3")).metadata).toEqual({ list: [1], shared: { count: 1 } });
  });

  it("keeps the starting customers as they were passed", async () => {
    const seed = { ...structuredClone(CustomerMinimal), id: "cust_seeded", source_id: "seeded", metadata: { plan: "pro" } } as Customer;
    const mock = createCustomersMock({ mode: "stateful", customers: [seed] });
    (seed.metadata as Record<string, unknown>).plan = "free";
    seed.name = "Changed";
    expect((await served(mock, "seeded")).metadata).toEqual({ plan: "pro" });
    expect(mock.store!.get("seeded").name).toBe(CustomerMinimal.name ?? null);
  });
});

describe("the store hands out copies", () => {
  it("find, get, list, upsert, update and export give objects whose changes the store never sees", async () => {
    const mock = fresh();
    const created = mock.store!.upsert({ source_id: "out-1", metadata: { tier: "gold" } }).customer;
    const handedOut: Customer[] = [
      created,
      mock.store!.find("out-1")!,
      mock.store!.get("out-1"),
      mock.store!.list().customers[0]!,
      mock.store!.update("out-1", { name: "Ann" }),
      mock.store!.export().customers[0]!,
    ];
    for (const customer of handedOut) {
      customer.name = "Mallory";
      (customer.metadata as Record<string, unknown>).tier = "stolen";
    }
    const expected = { name: "Ann", metadata: { tier: "gold" } };
    expect(mock.store!.get("out-1")).toMatchObject(expected);
    expect(await served(mock, "out-1")).toMatchObject(expected);
    expect(mock.store!.list().customers[0]).toMatchObject(expected);
  });
});
