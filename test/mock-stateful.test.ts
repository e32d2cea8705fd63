// The stateful mock engine (`createCustomersMock({ mode: "stateful" })`, what
// `--stateful` serves) through the package's own client, with
// validation on in both directions: customers created are seen by get, list,
// update and delete; upserts go by id or source_id; every answer validates
// against the spec; bad requests get the documented errors.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CustomerListPage, CustomerMetadataBulkUpdateLanguage, ErrorTooManyRequests } from "../generated/examples.js";
import { operationTable, type OperationId } from "../generated/operations.js";
import { createCustomersClient, CustomersApiError, type CustomersClient } from "../src/client.js";
import { validators } from "../src/validators.js";
import type { Customer } from "../src/types.js";
import { createCustomersMock, MAX_BODY_BYTES, type CustomersMock } from "../src/mock.js";
import { checkResponse } from "../src/mock/response-check.js";
import { StoreError, storedCustomer } from "../src/mock/customer-store.js";
import { rejection } from "./support/rejection.js";

const HEADERS = { "X-App-Id": "stateful-app", "X-App-Token": "stateful-token", "Content-Type": "application/json" };
const documented = CustomerListPage.customers;

/** The engine, called in process: `fetch` for the client, and `mock.url` as its origin. */
let engine: CustomersMock;
const mock = { url: "http://stateful.mock.test" };
const fetch = (input: string | Request, init?: RequestInit) => engine.handle(input instanceof Request ? input : new Request(input, init));
let client: CustomersClient;
/** Every answer of the stateful mock, checked against the spec at the end. */
const answers: Array<{ operationId: OperationId; status: number; body: unknown }> = [];

beforeAll(async () => {
  engine = createCustomersMock({ mode: "stateful", seed: "round-trip" });
  client = createCustomersClient({
    appId: "stateful-app",
    appToken: "stateful-token",
    baseUrl: mock.url,
    validate: true,
    log: () => {},
    fetch: async (request) => {
      const response = await fetch(request);
      const copy = response.clone();
      const text = await copy.text();
      const route = Object.entries(operationTable).find(
        ([, f]) => f.method === request.method.toLowerCase() && new RegExp(`^${f.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(new URL(request.url).pathname),
      );
      if (route) answers.push({ operationId: route[0] as OperationId, status: response.status, body: text ? JSON.parse(text) : undefined });
      return response;
    },
  });
}, 60_000);

describe("stateful mock: a full round trip", () => {
  let created: Customer;

  it("starts with the customers of the spec's list example", async () => {
    expect(engine).toMatchObject({ mode: "stateful" });
    expect(engine.store!.size).toBe(documented.length);
    const list = await client.customers.list({ order: "created_at" });
    expect(list.customers.map((c) => c.id).sort()).toEqual(documented.map((c) => c.id).sort());
  });

  it("creates a customer that get finds by id and by source_id", async () => {
    created = await client.customers.create({ source_id: "round-trip-1", name: "Ann Lee", email: "ann@example.com", address: { city: "Boston", country: "US" } });
    expect(created.id).toMatch(/^cust_[A-Za-z0-9]{24}$/);
    expect(created).toMatchObject({ source_id: "round-trip-1", name: "Ann Lee", object: "customer", address: { city: "Boston" } });
    expect(created.updated_at).toBeUndefined();
    await expect(client.customers.get(created.id)).resolves.toEqual(created);
    await expect(client.customers.get("round-trip-1")).resolves.toEqual(created);
  });

  it("finds a source_id holding `/`, spaces and `@` once it is percent-encoded", async () => {
    const odd = await client.customers.create({ source_id: "crm/eu 7@x" });
    await expect(client.customers.get("crm/eu 7@x")).resolves.toMatchObject({ id: odd.id });
    await client.customers.delete(odd.id);
  });

  it("lists it, newest first by default, with total and filters", async () => {
    const list = await client.customers.list();
    expect(list.customers[0]!.id).toBe(created.id);
    expect(list.total).toBe(documented.length + 1);
    const byEmail = await client.customers.list({ email: "ann@example.com" });
    expect(byEmail.customers.map((c) => c.id)).toEqual([created.id]);
    const byCity = await client.customers.list({ city: "Nowhere" });
    expect(byCity).toMatchObject({ customers: [], total: 0, has_more: false });
  });

  it("upserts by source_id: a create with a known source_id updates that customer", async () => {
    const again = await client.customers.create({ source_id: "round-trip-1", phone: "+1 555 0100" });
    expect(again.id).toBe(created.id);
    expect(again).toMatchObject({ name: "Ann Lee", phone: "+1 555 0100" });
    expect(again.updated_at).toEqual(expect.any(String));
    expect((await client.customers.list()).total).toBe(documented.length + 1);
  });

  it("upserts by id, which wins over source_id for the lookup", async () => {
    const byId = await client.customers.create({ id: created.id, source_id: "round-trip-renamed", name: "Ann B. Lee" });
    expect(byId).toMatchObject({ id: created.id, source_id: "round-trip-renamed", name: "Ann B. Lee" });
    const error = await rejection(client.customers.create({ id: "cust_000000000000000000000000", name: "x" }));
    expect(error.status).toBe(404);
  });

  it("updates: sent fields change, null clears, address merges by part, metadata is replaced", async () => {
    await client.customers.update(created.id, { metadata: { lang: "en", tier: "gold" } });
    const updated = await client.customers.update("round-trip-renamed", { name: "Ann Lee", phone: null, address: { city: "Austin", country: null }, metadata: { lang: "de" } });
    expect(updated).toMatchObject({ id: created.id, name: "Ann Lee", phone: null, email: "ann@example.com", address: { city: "Austin", country: null }, metadata: { lang: "de" } });
    expect(updated.metadata).not.toHaveProperty("tier");
    await expect(client.customers.get(created.id)).resolves.toEqual(updated);
  });

  it("refuses to give a customer a source_id another one has", async () => {
    const error = await rejection(client.customers.update(created.id, { source_id: documented[0]!.source_id! }));
    expect(error.status).toBe(400);
    expect(error.key).toBe("duplicate_source_id");
  });

  it("applies bulk updates and metadata merges at once", async () => {
    const job = await client.customers.updateInBulk([
      { source_id: "round-trip-renamed", email: "ann.lee@example.com" },
      { source_id: "bulk-new-1", name: "Mia Wong" },
    ]);
    expect(job.async_action_id).toMatch(/^aa_[0-9a-f]{18}$/);
    await expect(client.customers.get(created.id)).resolves.toMatchObject({ email: "ann.lee@example.com", metadata: { lang: "de" } });
    await expect(client.customers.get("bulk-new-1")).resolves.toMatchObject({ name: "Mia Wong" });
    await client.customers.updateMetadataInBulk({ source_ids: ["round-trip-renamed", "bulk-new-1", "nobody"], metadata: { vip: true } });
    await expect(client.customers.get(created.id)).resolves.toMatchObject({ metadata: { lang: "de", vip: true } });
    await expect(client.customers.get("nobody").catch((e: CustomersApiError) => e.status)).resolves.toBe(404);
  });

  it("pages through everyone with listAll, the created_at cursor and page numbers", async () => {
    for (let i = 0; i < 12; i++) await client.customers.create({ source_id: `page-${String(i).padStart(2, "0")}` });
    const total = (await client.customers.list()).total;
    const first = await client.customers.list({ limit: 5, page: 1, order: "source_id" });
    expect(first).toMatchObject({ total, has_more: true });
    expect(first.customers).toHaveLength(5);
    const seen: string[] = [];
    for await (const customer of client.customers.listAll({ limit: 5 })) seen.push(customer.id);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const bySource: string[] = [];
    for await (const customer of client.customers.listAll({ limit: 4, order: "-source_id" })) bySource.push(customer.source_id ?? "");
    expect(bySource).toEqual([...bySource].sort().reverse());
  });

  it("deletes: get and list no longer find the customer, a second delete is a 404", async () => {
    await client.customers.delete(created.id);
    expect((await rejection(client.customers.get(created.id))).status).toBe(404);
    expect((await client.customers.list({ email: "ann.lee@example.com" })).customers).toEqual([]);
    const again = await rejection(client.customers.delete(created.id));
    expect(again.status).toBe(404);
    expect(again.key).toBe("not_found");
  });

  it("deletes permanently, with the API's deletion record", async () => {
    const doomed = await client.customers.create({ source_id: "to-erase" });
    // With request validation on: the optional body is left out, and that is valid.
    const record = await client.customers.deletePermanently("to-erase");
    expect(record).toMatchObject({ related_object_id: doomed.id, related_object: "customer", status: "DONE", object: "pernament_deletion" });
    expect((await rejection(client.customers.get(doomed.id))).status).toBe(404);
  });

  it("answers sub-resources of a known customer from the examples, and 404s an unknown one", async () => {
    const segments = await client.customers.listSegments(documented[0]!.id);
    expect(validators.CustomerSegmentList(segments)).toMatchObject({ ok: true });
    expect((await rejection(client.customers.listSegments("cust_gone"))).status).toBe(404);
  });

  it("still lets a caller pick a documented error with Prefer or __code", async () => {
    const prefer = await fetch(`${mock.url}/v1/customers`, { headers: { ...HEADERS, Prefer: "code=429, example=tooManyRequests" } });
    expect(prefer.status).toBe(429);
    expect(await prefer.json()).toEqual(ErrorTooManyRequests);
    const query = await fetch(`${mock.url}/v1/customers/${documented[0]!.id}?__code=404`, { headers: HEADERS });
    expect(query.status).toBe(404);
  });

  it("every answer it gave validates against the spec for its status", () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const { operationId, status, body } of answers) {
      const schema = operationTable[operationId].responseSchemas[String(status)];
      expect(schema, `${operationId} ${status} is documented`).not.toBeUndefined();
      if (schema) expect(validators[schema](body), `${operationId} ${status}`).toMatchObject({ ok: true });
      else expect(body, `${operationId} ${status} has no body`).toBeUndefined();
    }
  });
});

describe("stateful mock: requests that break the spec", () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${mock.url}${path}`, { ...init, headers: { ...HEADERS, ...(init.headers as object) } });

  it("answers 401 without both app keys, like the API", async () => {
    const response = await fetch(`${mock.url}/v1/customers`, { headers: { "X-App-Id": "only-one" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 401, key: "unauthorized" });
  });

  it("answers 400 naming the property for an invalid body, and stores nothing", async () => {
    const before = (await client.customers.list()).total;
    const response = await call("/v1/customers", { method: "POST", body: JSON.stringify({ source_id: "typo", adress: { city: "NY" }, email: "not-an-email" }) });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(validators.ApiError(body)).toMatchObject({ ok: true });
    expect(body.details).toContain("adress");
    expect(body.details).toContain("/email");
    expect((await client.customers.list()).total).toBe(before);
  });

  it("answers 400 for JSON that does not parse and for a body that is not JSON", async () => {
    const broken = await call("/v1/customers", { method: "POST", body: "{" });
    expect(broken.status).toBe(400);
    expect((await broken.json()).details).toMatch(/not valid JSON/);
    const text = await call("/v1/customers", { method: "POST", body: "source_id=1", headers: { "Content-Type": "text/plain" } });
    expect(text.status).toBe(400);
  });

  it("answers 400 for query parameters outside their schema", async () => {
    for (const query of ["limit=0", "limit=many", "page=100", "order=name", "created_at[before]=yesterday"]) {
      const response = await call(`/v1/customers?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).details, query).toMatch(/^\/query\//);
    }
  });

  it("answers 400 for a path that is not valid percent-encoding", async () => {
    const response = await call("/v1/customers/%E0%A4%A");
    expect(response.status).toBe(400);
  });

  it("answers 413 for a body over the API's 10 MB limit", async () => {
    const response = await call("/v1/customers/bulk/async", { method: "POST", body: "x".repeat(MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 413 });
  });
});

describe("stateful mock: its parts", () => {
  const post = (mock: CustomersMock, path: string, body: unknown) =>
    mock.handle(new Request(`http://parts.test${path}`, { method: "POST", headers: { "x-app-id": "a", "x-app-token": "b", "content-type": "application/json" }, body: JSON.stringify(body) }));

  it("gives the same IDs for the same seed, and other IDs for another", async () => {
    const create = async (seed: string) => (await (await post(createCustomersMock({ mode: "stateful", seed, customers: [] }), "/v1/customers", {})).json()).id;
    expect(await create("7")).toMatch(/^cust_/);
    expect(await create("7")).toBe(await create("7"));
    expect(await create("8")).not.toBe(await create("7"));
  });

  it("starts with the customers it is given, and refuses ones that are not valid", () => {
    expect(createCustomersMock({ mode: "stateful", customers: [] }).store!.size).toBe(0);
    expect(createCustomersMock({ mode: "stateful", customers: [documented[0]!] }).store!.size).toBe(1);
    expect(() => createCustomersMock({ mode: "stateful", customers: [{ id: 1 } as unknown as Customer] })).toThrow(/customers\[0\] is not a valid Customer/);
    expect(createCustomersMock({ mode: "static" }).store).toBeUndefined();
  });

  it("never sends a body that breaks the spec: it becomes a 500 saying why, and says so on stderr", () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const { id: _id, ...withoutId } = documented[0]!;
    const reply = checkResponse("getCustomer", { status: 200, body: withoutId }, "v-1");
    expect(reply.status).toBe(500);
    expect(validators.ApiError(reply.body)).toMatchObject({ ok: true });
    expect(JSON.stringify(reply.body)).toContain("id");
    expect(checkResponse("getCustomer", { status: 418, body: {} }, "v-1").status).toBe(500);
    expect(checkResponse("deleteCustomer", { status: 204, body: {} }, "v-1").status).toBe(500);
    expect(checkResponse("getCustomer", { status: 200, body: documented[0] }, "v-1")).toMatchObject({ status: 200 });
    expect(stderr).toHaveBeenCalledTimes(3);
    stderr.mockRestore();
  });

  it("checks an unchanging body (a stored customer) like any other: a broken one is refused every time", () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const { id: _id, ...withoutId } = documented[0]!;
    for (let i = 0; i < 2; i++) expect(checkResponse("getCustomer", { status: 200, body: withoutId, unchanging: true }, "v-1").status).toBe(500);
    // A body that passed passes again; the same object under another status's schema is checked anew.
    const stored = structuredClone(documented[0]!);
    for (let i = 0; i < 2; i++) expect(checkResponse("getCustomer", { status: 200, body: stored, unchanging: true }, "v-1").status).toBe(200);
    expect(checkResponse("getCustomer", { status: 404, body: stored, unchanging: true }, "v-1").status).toBe(500);
    expect(stderr).toHaveBeenCalledTimes(3);
    stderr.mockRestore();
  });

  it("merges metadata keys with the spec's bulk example", async () => {
    const mock = createCustomersMock({ mode: "stateful", seed: "m" });
    expect((await post(mock, "/v1/customers/metadata/async", CustomerMetadataBulkUpdateLanguage)).status).toBe(202);
    expect(mock.store!.get("source_123").metadata).toEqual({ ...documented.find((c) => c.source_id === "source_123")!.metadata, lang: "fr" });
  });

  it("never changes a stored customer in place, so a get may answer with the stored object itself", () => {
    // storedCustomer() skips the copy on that promise: every change stores a new object.
    const mock = createCustomersMock({ mode: "stateful", seed: "in-place" });
    const store = mock.store!;
    const { customer } = store.upsert({ source_id: "kept", name: "Before", address: { city: "Warsaw" }, metadata: { a: 1 } });
    const answered = storedCustomer(store, customer.id);
    const seen = structuredClone(answered);
    store.update(customer.id, { name: "After", address: { city: "Paris" }, metadata: { b: 2 } });
    store.upsert({ source_id: "kept", email: "after@example.com" });
    store.mergeMetadata(["kept"], { c: 3 });
    expect(answered).toEqual(seen);
    expect(storedCustomer(store, customer.id)).toMatchObject({ name: "After", email: "after@example.com", address: { city: "Paris" }, metadata: { b: 2, c: 3 } });
    expect(() => storedCustomer(store, "cust_unknown")).toThrow(StoreError);
  });
});
