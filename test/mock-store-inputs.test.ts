// The public store methods (`mock.store`: upsert, update, bulkUpsert,
// mergeMetadata, list, get, find, remove) check what test code passes them by
// the rules a request over HTTP meets: the request schemas through the
// package's validators, JSON data only, the depth limit. Refused input is a
// StoreInputError (a TypeError) naming each field by JSON Pointer, and nothing
// is stored, so no later read of the mock can fail on it. The engine's own
// calls skip the check: it has already checked the body.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createCustomersMock, MAX_BODY_DEPTH, type CustomersMock } from "../src/mock.js";
import { StoreInputError, type CustomerStore } from "../src/mock/customer-store.js";
import { MAX_REPORTED_ISSUES } from "../src/mock/limits.js";
import { createIdSource } from "../src/mock/ids.js";
import { STATEFUL_HANDLERS } from "../src/mock/stateful-handlers.js";

const KEYS = { "X-App-Id": "inputs-app", "X-App-Token": "inputs-token" };
const get = (mock: CustomersMock, path: string) => mock.handle(new Request(`http://inputs.test${path}`, { headers: KEYS }));

function fresh(): { mock: CustomersMock; store: CustomerStore; changes: () => number } {
  const mock = createCustomersMock({ mode: "stateful", seed: "inputs", customers: [] });
  const store = mock.store!;
  store.upsert({ source_id: "kept", name: "Kept", metadata: { a: 1 } });
  let changes = 0;
  store.onChange(() => changes++);
  return { mock, store, changes: () => changes };
}

/** The error `run` throws, which must be a StoreInputError. */
function refusal(run: () => unknown): StoreInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreInputError);
    expect(error).toBeInstanceOf(TypeError);
    return error as StoreInputError;
  }
  throw new Error("the store took the input instead of refusing it");
}

/** Runs a refused change and checks that it left the store as it was and told no listener. */
function refusedWithoutChange(setup: ReturnType<typeof fresh>, run: (store: CustomerStore) => unknown): StoreInputError {
  const before = setup.store.export();
  const error = refusal(() => run(setup.store));
  expect(setup.store.export()).toEqual(before);
  expect(setup.changes()).toBe(0);
  return error;
}

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { d: value };
  return value;
};

describe("store.upsert checks its request as a create over HTTP is checked", () => {
  it("refuses a wrong type, names the field, and keeps nothing a later GET would fail on", async () => {
    const setup = fresh();
    const error = refusedWithoutChange(setup, (store) => store.upsert({ source_id: "bad", email: 42 } as never));
    expect(error.issues).toEqual([{ path: "/email", message: "must be a string or null", keyword: "type" }]);
    expect(error.message).toBe("store.upsert: /email: must be a string or null");
    // Before the check, this customer was stored and every read of it was a 500 mock_response_invalid.
    expect((await get(setup.mock, "/v1/customers/bad")).status).toBe(404);
    expect((await get(setup.mock, "/v1/customers")).status).toBe(200);
  });

  it("refuses unknown and read-only fields, as the closed request schema does", () => {
    const setup = fresh();
    const error = refusedWithoutChange(setup, (store) => store.upsert({ source_id: "typo", emial: "a@example.com", created_at: "2020-01-01T00:00:00Z" } as never));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/created_at", "/emial"]);
    expect(error.message).toMatch(/\/emial: is not an allowed property; did you mean "email"\?/);
  });

  it("refuses what a create's formats refuse (an email that is not one, a birthdate that is not a date)", () => {
    const setup = fresh();
    const error = refusedWithoutChange(setup, (store) => store.upsert({ source_id: "formats", email: "not an email", birthdate: "31/12/1990" }));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["/birthdate", "/email"]);
  });

  it("refuses a request that is not an object", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.upsert(null as never)).message).toBe("store.upsert: must be an object");
  });

  it(`refuses metadata nested more than MAX_BODY_DEPTH (${MAX_BODY_DEPTH}) levels, so export() can always be imported again`, () => {
    const setup = fresh();
    // The request is level 1, metadata level 2: this one is one level too deep.
    const error = refusedWithoutChange(setup, (store) => store.upsert({ source_id: "deep", metadata: nested(MAX_BODY_DEPTH) }));
    expect(error.issues).toHaveLength(1);
    // The object past the limit is the innermost one, MAX_BODY_DEPTH - 1 keys below metadata.
    expect(error.issues[0]!.path).toBe(`/metadata${"/d".repeat(MAX_BODY_DEPTH - 1)}`);
    expect(error.issues[0]!.message).toMatch(new RegExp(`nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep`));
    // At the limit it is kept, and the store still imports its own export.
    setup.store.upsert({ source_id: "at-limit", metadata: nested(MAX_BODY_DEPTH - 1) });
    expect(() => setup.store.import(setup.store.export())).not.toThrow();
  });

  it("refuses a value nested a hundred thousand levels deep, or a cycle, with the same error instead of a stack overflow", () => {
    const setup = fresh();
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusedWithoutChange(setup, (store) => store.upsert({ source_id: "very-deep", metadata: { deep } })).message).toMatch(/levels deep/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refusedWithoutChange(setup, (store) => store.upsert({ source_id: "cycle", metadata: cycle })).message).toMatch(/levels deep/);
  });

  it("refuses metadata values that are not JSON data, instead of storing what JSON would turn them into", () => {
    const setup = fresh();
    const cases: Array<[unknown, RegExp]> = [
      [Number.NaN, /finite number/],
      [Number.POSITIVE_INFINITY, /finite number/],
      [new Date(0), /not a Date/],
      [new Map(), /not a Map/],
      [() => 1, /not a function/],
      [10n, /not a bigint/],
      [Symbol("s"), /not a symbol/],
      [[undefined], /not undefined/],
    ];
    for (const [value, message] of cases) {
      const error = refusedWithoutChange(setup, (store) => store.upsert({ source_id: "odd", metadata: { value } }));
      expect(error.issues[0]!.path).toMatch(/^\/metadata\/value/);
      expect(error.message).toMatch(message);
    }
    // Plain objects from another realm (a vm context, an iframe) are JSON data too.
    const foreign = runInNewContext("({ plan: { tier: 'gold' } })") as Record<string, unknown>;
    expect(setup.store.upsert({ source_id: "foreign", metadata: foreign }).customer.metadata).toEqual({ plan: { tier: "gold" } });
    // A property left undefined is left out, as JSON.stringify (and so a request over HTTP) leaves it out.
    expect(setup.store.upsert({ source_id: "undefined-ok", name: undefined, metadata: { gone: undefined } }).customer.metadata).toEqual({});
  });
});

describe("store.update checks its changes as an update over HTTP is checked", () => {
  it("refuses a wrong type and an `id` (the update schema has none: it once gave a stored customer a second ID)", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.update("kept", { name: 42 } as never)).issues.map((i) => i.path)).toEqual(["/name"]);
    expect(refusedWithoutChange(setup, (store) => store.update("kept", { id: "cust_other" } as never)).issues.map((i) => i.path)).toEqual(["/id"]);
    expect(setup.store.find("cust_other")).toBeUndefined();
  });

  it("refuses metadata nested too deep", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.update("kept", { metadata: nested(MAX_BODY_DEPTH) })).message).toMatch(/levels deep/);
  });
});

describe("store.bulkUpsert checks its items as a bulk request over HTTP is checked", () => {
  it("names each refused item by its index and keeps none of them, valid ones included", () => {
    const setup = fresh();
    const error = refusedWithoutChange(setup, (store) => store.bulkUpsert([{ source_id: "fine" }, { source_id: "bad", phone: 5 }, { name: "no source_id" }] as never));
    expect(error.issues.map((i) => i.path)).toEqual(["/1/phone", "/2/source_id"]);
    expect(error.message).toMatch(/^store\.bulkUpsert: \/1\/phone: must be a string or null; \/2\/source_id: is required/);
  });

  it("lists at most MAX_REPORTED_ISSUES issues of a long list, as an answer over HTTP does, and its message counts every one past the first ten", () => {
    const setup = fresh();
    // 80 items, two issues each: 50 listed, the 110 others counted by the validators' last issue.
    const error = refusedWithoutChange(setup, (store) => store.bulkUpsert(Array.from({ length: 80 }, () => ({ phone: 1 })) as never));
    expect(error.issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(error.issues.at(-1)).toMatchObject({ keyword: "maxIssues", message: expect.stringMatching(/^110 more/) });
    expect(error.message).toMatch(/; … and 150 more$/);
  });

  it("refuses an empty list and an empty source_id, as the bulk schema does", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.bulkUpsert([])).issues[0]!.path).toBe("");
    expect(refusedWithoutChange(setup, (store) => store.bulkUpsert([{ source_id: "" }])).issues.map((i) => i.path)).toEqual(["/0/source_id"]);
  });

  it("counts the whole list in the depth limit, as the request body it stands for", () => {
    const setup = fresh();
    // The list is level 1, an item 2, its metadata 3.
    const error = refusedWithoutChange(setup, (store) => store.bulkUpsert([{ source_id: "deep", metadata: nested(MAX_BODY_DEPTH - 1) }]));
    expect(error.issues[0]!.path).toMatch(/^\/0\/metadata\//);
  });
});

describe("store.mergeMetadata checks its arguments as a metadata bulk request over HTTP is checked", () => {
  it("refuses metadata that is not an object (null and arrays were taken and merged as nothing or as index keys)", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata(["kept"], null as never)).issues.map((i) => i.path)).toEqual(["/metadata"]);
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata(["kept"], [1, 2] as never)).issues.map((i) => i.path)).toEqual(["/metadata"]);
  });

  it("refuses source IDs that are not non-empty strings, and an empty list", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata(["kept", 42, ""] as never, { b: 2 })).issues.map((i) => i.path)).toEqual(["/source_ids/1", "/source_ids/2"]);
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata([], { b: 2 })).issues.map((i) => i.path)).toEqual(["/source_ids"]);
  });

  it("refuses metadata nested too deep, or not JSON", () => {
    const setup = fresh();
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata(["kept"], { d: nested(MAX_BODY_DEPTH - 1) })).message).toMatch(/levels deep/);
    expect(refusedWithoutChange(setup, (store) => store.mergeMetadata(["kept"], { n: Number.NaN })).issues[0]!.path).toBe("/metadata/n");
  });
});

describe("store.list checks its query as a list over HTTP is checked", () => {
  it("refuses a limit past 100, a limit that is not a number, an unknown order and a cursor that is not a date-time", () => {
    const { store } = fresh();
    expect(refusal(() => store.list({ limit: 500 })).issues.map((i) => i.path)).toEqual(["/limit"]);
    expect(refusal(() => store.list({ limit: "ten" } as never)).issues.map((i) => i.path)).toEqual(["/limit"]);
    expect(refusal(() => store.list({ order: "name" } as never)).issues.map((i) => i.path)).toEqual(["/order"]);
    expect(refusal(() => store.list({ starting_after: "yesterday" })).issues.map((i) => i.path)).toEqual(["/starting_after"]);
    expect(store.list({ limit: 1 }).customers).toHaveLength(1);
  });
});

describe("the methods that take a customer's ID or source ID", () => {
  it("refuse one that is not a string (a customer object passed by mistake once found nothing, silently)", () => {
    const { store } = fresh();
    const customer = store.get("kept");
    for (const run of [() => store.get(customer as never), () => store.find(customer as never), () => store.remove(42 as never), () => store.update(undefined as never, {})]) {
      expect(refusal(run).message).toMatch(/idOrSourceId: must be a string/);
    }
    expect(store.size).toBe(1);
  });
});

describe("the engine's own calls", () => {
  it("take the body and query as its request checks passed them, without checking them again", () => {
    // Input each public method refuses: every handler takes it, so the HTTP path does not run the store's check a second time.
    const store = createCustomersMock({ mode: "stateful", customers: [] }).store!;
    const ids = createIdSource("engine");
    const call = (operationId: keyof typeof STATEFUL_HANDLERS, body: unknown, path: Record<string, unknown> = {}, query: Record<string, unknown> = {}) =>
      STATEFUL_HANDLERS[operationId]!({ body, store, ids, path, query }).status;

    const create = { source_id: "trusted", emial: "x" };
    expect(() => store.upsert(create as never)).toThrow(StoreInputError);
    expect(call("createCustomer", create)).toBe(200);
    expect(store.find("trusted")).toBeDefined();

    const update = { nickname: "x" };
    expect(() => store.update("trusted", update as never)).toThrow(StoreInputError);
    expect(call("updateCustomer", update, { customerId: "trusted" })).toBe(200);

    const bulk = [{ source_id: "bulk-trusted", emial: "x" }];
    expect(() => store.bulkUpsert(bulk as never)).toThrow(StoreInputError);
    expect(call("updateCustomersInBulk", bulk)).toBe(202);
    expect(store.find("bulk-trusted")).toBeDefined();

    const merge = { source_ids: ["trusted"], metadata: nested(MAX_BODY_DEPTH) };
    expect(() => store.mergeMetadata(merge.source_ids, merge.metadata)).toThrow(StoreInputError);
    expect(call("updateCustomersMetadataInBulk", merge)).toBe(202);

    expect(() => store.list({ limit: 500 })).toThrow(StoreInputError);
    expect(call("listCustomers", undefined, {}, { limit: 500 })).toBe(200);
  });
});
