// The stateful store at scale and on failure: a bulk upsert costs the same per
// item however many customers the store holds (a source_id index, not a
// scan), bulk and metadata-bulk changes are all or nothing (a 400 keeps
// nothing, and listeners hear of a change once), and the whole store has a
// cap, so its `--state` file can always be written and read back.
import { constants } from "node:buffer";
import { describe, expect, it } from "vitest";
import { CustomerMinimal } from "../generated/examples.js";
import { createCustomersMock, MAX_CUSTOMER_BYTES, type CustomersMock } from "../src/mock.js";
import { CustomerStore, StoreError, StoreImportError } from "../src/mock/customer-store.js";
import { createIdSource } from "../src/mock/ids.js";
import { MAX_STORE_BYTES } from "../src/mock/limits.js";
import type { Customer } from "../src/types.js";

const JSON_KEYS = { "x-app-id": "batch-app", "x-app-token": "batch-token", "content-type": "application/json" };
const post = (mock: CustomersMock, path: string, body: unknown) =>
  mock.handle(new Request(`http://batches.test${path}`, { method: "POST", headers: JSON_KEYS, body: JSON.stringify(body) }));

/** `count` valid customers, as a store's starting data (built directly: validating thousands is not what is measured). */
function customers(count: number, prefix: string): Customer[] {
  const minimal = JSON.stringify(CustomerMinimal);
  return Array.from({ length: count }, (_, i) => ({ ...JSON.parse(minimal), id: `cust_${prefix}${i}`, source_id: `${prefix}-${i}` }) as Customer);
}

/** Median milliseconds of `a` and of `b` over `rounds` rounds, measured alternately so machine load falls on both. */
function medians(rounds: number, a: (round: number) => void, b: (round: number) => void): [number, number] {
  const times: [number[], number[]] = [[], []];
  const median = (list: number[]) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
  for (let round = 0; round < rounds; round++) {
    [a, b].forEach((run, k) => {
      const start = performance.now();
      run(round);
      times[k]!.push(performance.now() - start);
    });
  }
  return [median(times[0]), median(times[1])];
}

describe("bulk upsert", () => {
  it("costs the same per item in a store of 40,000 customers as in one of 500 (found by index, not by scanning)", () => {
    // Only IDs: the store does not validate what it starts with, and a scan's cost is per customer, not per byte.
    const stubs = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `cust_${i}`, source_id: `stub-${i}` }) as Customer);
    const small = new CustomerStore(createIdSource("small"), stubs(500));
    const large = new CustomerStore(createIdSource("large"), stubs(40_000));
    // New source IDs each round: every item creates a customer, the case that looked each one up twice.
    const items = (round: number) => Array.from({ length: 500 }, (_, i) => ({ source_id: `new-${round}-${i}`, name: "Bulk" }));
    // Two scans per item made the large store about 6× slower per item here (and
    // the cost grow with the store); with the index the ratio is about 1.
    const [smallMs, largeMs] = medians(5, (round) => small.bulkUpsert(items(round)), (round) => large.bulkUpsert(items(round)));
    expect(largeMs / smallMs).toBeLessThan(2.5);
  });

  it("finds updated and created customers by source_id through the index", () => {
    const store = new CustomerStore(createIdSource("index"), customers(3, "i"));
    store.bulkUpsert([{ source_id: "i-1", name: "Renamed" }, { source_id: "fresh", name: "New" }]);
    expect(store.get("i-1").name).toBe("Renamed");
    expect(store.get("fresh").name).toBe("New");
    const moved = store.update("i-2", { source_id: "i-2-moved" });
    expect(store.find("i-2")).toBeUndefined();
    expect(store.get("i-2-moved").id).toBe(moved.id);
    store.remove("i-2-moved");
    expect(store.find("i-2-moved")).toBeUndefined();
    // The freed source_id can be taken again, and import rebuilds the index.
    expect(store.upsert({ source_id: "i-2-moved" }).created).toBe(true);
    store.import({ customers: customers(2, "j") });
    expect(store.find("i-1")).toBeUndefined();
    expect(store.get("j-1").id).toBe("cust_j1");
  });
});

describe("bulk and metadata bulk are all or nothing", () => {
  it("keeps none of a bulk whose second item is refused, including changes to existing customers", async () => {
    const mock = createCustomersMock({ mode: "stateful", seed: "batch", customers: [] });
    expect((await post(mock, "/v1/customers", { source_id: "existing", name: "Before" })).status).toBe(200);
    const before = mock.store!.export();
    let changes = 0;
    mock.store!.onChange(() => changes++);

    const answer = await post(mock, "/v1/customers/bulk/async", [
      { source_id: "bulk-ok", name: "First" },
      { source_id: "existing", name: "After" },
      { source_id: "bulk-big", metadata: { x: "y".repeat(MAX_CUSTOMER_BYTES) } },
    ]);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ key: "customer_too_large", details: expect.stringMatching(/^item 2: The customer would be \d+ bytes/) });
    expect(mock.store!.export()).toEqual(before);
    expect(mock.store!.find("bulk-ok")).toBeUndefined();
    expect(changes).toBe(0);

    // The same items without the big one: all kept, one change.
    expect((await post(mock, "/v1/customers/bulk/async", [{ source_id: "bulk-ok", name: "First" }, { source_id: "existing", name: "After" }])).status).toBe(202);
    expect(mock.store!.get("existing").name).toBe("After");
    expect(mock.store!.get("bulk-ok").name).toBe("First");
    expect(changes).toBe(1);
  });

  it("keeps none of a metadata merge that one customer cannot take", async () => {
    const mock = createCustomersMock({ mode: "stateful", seed: "meta", customers: [] });
    expect((await post(mock, "/v1/customers", { source_id: "m1", metadata: { a: 1 } })).status).toBe(200);
    expect((await post(mock, "/v1/customers", { source_id: "m2", metadata: { pad: "p".repeat(MAX_CUSTOMER_BYTES - 100_000) } })).status).toBe(200);
    const before = mock.store!.export();
    let changes = 0;
    mock.store!.onChange(() => changes++);

    const answer = await post(mock, "/v1/customers/metadata/async", { source_ids: ["m1", "m2"], metadata: { add: "a".repeat(200_000) } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ key: "customer_too_large", details: expect.stringMatching(/^source_id m2: The customer would be/) });
    expect(mock.store!.export()).toEqual(before);
    expect(mock.store!.get("m1").metadata).toEqual({ a: 1 });
    expect(changes).toBe(0);

    expect((await post(mock, "/v1/customers/metadata/async", { source_ids: ["m1", "m2", "nobody"], metadata: { add: "small" } })).status).toBe(202);
    expect(mock.store!.get("m1").metadata).toEqual({ a: 1, add: "small" });
    expect(changes).toBe(1);
  });
});

describe("the whole store's cap", () => {
  it("leaves room to write the store as one JSON text and read it back (V8's string limit)", () => {
    expect(MAX_STORE_BYTES * 2).toBeLessThan(constants.MAX_STRING_LENGTH);
    expect(MAX_STORE_BYTES).toBeGreaterThanOrEqual(100 * MAX_CUSTOMER_BYTES);
  });

  it("refuses a change that would take the store past it with a 400, keeps nothing, and takes changes again once there is room", () => {
    const store = new CustomerStore(createIdSource("cap"), [], { maxStoreBytes: 20_000 });
    let changes = 0;
    store.onChange(() => changes++);
    const padded = (sourceId: string) => ({ source_id: sourceId, metadata: { pad: "p".repeat(4_000) } });
    let kept = 0;
    let refused: unknown;
    for (; kept < 10; kept++) {
      try {
        store.upsert(padded(`c${kept}`));
      } catch (error) {
        refused = error;
        break;
      }
    }
    expect(kept).toBe(4);
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused).toMatchObject({ status: 400, key: "store_full", message: expect.stringMatching(/at most 20000 bytes in all/) });
    expect(store.size).toBe(4);
    expect(changes).toBe(4);
    // Growing a kept customer past the cap is refused too; shrinking or removing one makes room.
    expect(() => store.update("c0", { metadata: { pad: "p".repeat(8_000) } })).toThrow(/store_full|at most 20000 bytes/);
    store.remove("c0");
    expect(store.upsert(padded("c4")).created).toBe(true);
    // A snapshot over the cap is refused as a whole.
    const big = { customers: customers(3, "b").map((c) => ({ ...c, metadata: { pad: "p".repeat(8_000) } })) };
    expect(() => store.import(big)).toThrow(StoreImportError);
    expect(() => store.import(big)).toThrow(/the customers take \d+ bytes as JSON together; the mock keeps at most 20000 bytes in all/);
    expect(store.size).toBe(4);
  });
});
