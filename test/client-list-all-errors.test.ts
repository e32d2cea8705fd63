// How listAll fails. A page the walk cannot use (no `customers` array, a
// customer that is not an object, one without the `id` and `created_at` the
// cursor needs) and a page that repeats the one before are the server breaking
// its contract, as is a customer on the wrong side of the `starting_after`
// cursor: they reject with CustomersApiError, kind "response-validation",
// like any other 2xx the client cannot use, with the page as `body` (tokens
// redacted), and are not retried. Stopping at page 99 is the client's own
// documented limit, not a failed call, and stays a plain Error.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createCustomersClient, CustomersApiError, type CustomersClientOptions } from "../src/client.js";
import { CustomerSeed } from "../src/examples.js";

const TOKEN = "app-token-list-all-0123456789";

/** A client whose fetch answers every request with `page` (a function of the call number, or one value), counting the calls. */
function pagedClient(page: unknown | ((call: number) => unknown), extra: Partial<CustomersClientOptions> = {}) {
  const calls: URL[] = [];
  const fetch = async (request: Request) => {
    calls.push(new URL(request.url));
    return Response.json(typeof page === "function" ? (page as (call: number) => unknown)(calls.length) : page);
  };
  return { calls, client: createCustomersClient({ appId: "app", appToken: TOKEN, baseUrl: "http://api.test", fetch, ...extra } as CustomersClientOptions) };
}

/** More customers than any walk here yields: past it, the walk is looping. */
const RUNAWAY = 1_000;

/** Walks listAll to the end; what it yielded, and what it rejected with. */
async function walk(iterator: AsyncIterable<{ id: string }>) {
  const ids: string[] = [];
  try {
    for await (const customer of iterator) if (ids.push(customer.id) > RUNAWAY) return { ids, error: new Error("listAll did not stop") };
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: undefined };
}

const list = (customers: unknown, more = true) => ({ object: "list", data_ref: "customers", customers, has_more: more });
const customer = (n: number, createdAt = `2024-05-0${n}T00:00:00.000Z`) => ({ ...CustomerSeed, id: `cust_${n}`, created_at: createdAt });

describe("a page listAll cannot walk rejects with a CustomersApiError, kind response-validation", () => {
  const broken = [
    ["customers is a string", { object: "list", customers: "cust_1,cust_2" }, { path: "/customers", keyword: "type", message: "must be an array" }],
    ["customers is missing", { object: "list", has_more: true }, { path: "/customers", keyword: "type", message: "must be an array" }],
    ["the body is JSON null", null, { path: "/customers", keyword: "type", message: "must be an array" }],
    ["a customer is null", list([null]), { path: "/customers/0", keyword: "type", message: "must be an object" }],
    ["a customer has no created_at", list([customer(1), { ...customer(2), created_at: undefined }]), { path: "/customers/1/created_at", keyword: "type", message: "must be a string" }],
    ["a customer's id is a number", list([{ ...customer(1), id: 1 }]), { path: "/customers/0/id", keyword: "type", message: "must be a string" }],
  ] as const;

  it.each(broken)("when %s (cursor walk), on the first page, not retried", async (_, page, issue) => {
    const { calls, client } = pagedClient(page, { retries: { max: 3, baseDelayMs: 1 } });
    const { ids, error } = await walk(client.customers.listAll());
    expect(CustomersApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: "response-validation", status: 200, operationId: "listCustomers", method: "GET", path: "/v1/customers", attempts: 1, issues: [issue] });
    expect((error as CustomersApiError).body).toEqual(page);
    expect(ids).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["customers is a string", { object: "list", customers: "cust_1" }, "/customers"],
    ["a customer is a number", list([7]), "/customers/0"],
  ])("when %s (page-number walk)", async (_, page, path) => {
    const { client } = pagedClient(page);
    const { error } = await walk(client.customers.listAll({ order: "source_id" }));
    expect(CustomersApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: "response-validation", status: 200, issues: [{ path, keyword: "type" }] });
  });

  it("after the pages that were fine, which it has already yielded", async () => {
    const { calls, client } = pagedClient((call: number) => (call === 1 ? list([customer(2), customer(1)]) : { object: "list" }));
    const { ids, error } = await walk(client.customers.listAll());
    expect(ids).toEqual(["cust_2", "cust_1"]);
    expect(error).toBeInstanceOf(CustomersApiError);
    expect(calls).toHaveLength(2);
  });
});

describe("a page that repeats the one before", () => {
  it("rejects with a CustomersApiError, kind response-validation, naming the cursor", async () => {
    const stuck = list([customer(1)]);
    const { calls, client } = pagedClient(stuck, { retries: { max: 3, baseDelayMs: 1 } });
    const { ids, error } = await walk(client.customers.listAll());
    expect(ids).toEqual(["cust_1"]);
    expect(calls).toHaveLength(2);
    expect(CustomersApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: "response-validation", status: 200, operationId: "listCustomers", attempts: 1, body: stuck });
    expect((error as CustomersApiError).issues).toEqual([{ path: "", keyword: "cursor", message: "is the same page twice for starting_after=2024-05-01T00:00:00.000Z" }]);
    expect((error as Error).message).toBe(
      "listCustomers (GET /v1/customers) returned 200 with a response that does not match the spec: (root) is the same page twice for starting_after=2024-05-01T00:00:00.000Z",
    );
  });

  it.each([
    ["newest first", undefined, [customer(3), customer(2)], "/customers/0/created_at", "must be at or before starting_after=2024-05-02T00:00:00.000Z"],
    ["oldest first", "created_at", [customer(2), customer(3)], "/customers/0/created_at", "must be at or after starting_after=2024-05-03T00:00:00.000Z"],
  ] as const)("of several timestamps (a server that ignores starting_after), %s, rejects instead of yielding customers twice", async (_, order, customers, path, message) => {
    const { calls, client } = pagedClient(list(customers));
    const { ids, error } = await walk(client.customers.listAll(order ? { order } : {}));
    expect(ids).toEqual(customers.map((c) => c.id));
    expect(calls).toHaveLength(2);
    expect(error).toMatchObject({ kind: "response-validation", status: 200, issues: [{ path, keyword: "cursor", message }] });
  });

  it("never quotes the app token, even when the server echoes it as the cursor", async () => {
    const { client } = pagedClient(list([customer(1, `echo ${TOKEN}`)]));
    const { error } = await walk(client.customers.listAll());
    expect(error).toMatchObject({ kind: "response-validation" });
    for (const text of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: null, showHidden: true })]) expect(text).not.toContain(TOKEN);
  });
});

describe("the page-99 limit of other orders", () => {
  it("stays a plain Error: every call succeeded, the walk is what ran out", async () => {
    const { client } = pagedClient(list([customer(1)]));
    const { ids, error } = await walk(client.customers.listAll({ order: "source_id" }));
    expect(ids).toHaveLength(99);
    expect(error).toBeInstanceOf(Error);
    expect(CustomersApiError.is(error)).toBe(false);
    expect((error as Error).message).toMatch(/^listAll stopped at page 99, the last the API serves for order=source_id; order by created_at/);
  });
});
