// The customers resource against a recording fetch: how each method's
// arguments reach the wire (path encoding, query, multipart) and how listAll
// walks the pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient } from "../src/client.js";
import { startFakeServer, type FakeServer, type Reply } from "./support/fake-server.js";
import { CustomerListPage, CustomerSeed } from "../src/examples.js";
import type { Customer, CustomerList } from "../src/types.js";

interface Recorded {
  method: string;
  url: URL;
  request: Request;
}

function recordingClient(answer: (r: Recorded) => unknown = () => CustomerSeed) {
  const calls: Recorded[] = [];
  const fetch = async (request: Request) => {
    const recorded = { method: request.method, url: new URL(request.url), request: request.clone() };
    calls.push(recorded);
    const body = answer(recorded);
    return body === undefined ? new Response(null, { status: 204 }) : Response.json(body);
  };
  return { calls, client: createCustomersClient({ appId: "app", appToken: "token", baseUrl: "http://api.test", fetch }) };
}

describe("customers resource", () => {
  it.each([
    ["cust_CSnYd37MXmrbS19XCrghjBsv", "/v1/customers/cust_CSnYd37MXmrbS19XCrghjBsv"],
    ["crm/eu/42", "/v1/customers/crm%2Feu%2F42"],
    ["ann lee@example.com", "/v1/customers/ann%20lee%40example.com"],
    ["100%?#", "/v1/customers/100%25%3F%23"],
  ])("path-encodes the customer ID %j", async (id, path) => {
    const { calls, client } = recordingClient();
    await client.customers.get(id);
    expect(calls[0]!.url.pathname).toBe(path);
    expect(calls[0]!.method).toBe("GET");
  });

  it("refuses an empty or missing customer ID before sending", async () => {
    const { calls, client } = recordingClient();
    await expect(client.customers.get("")).rejects.toThrow(/customerId must be a non-empty string/);
    await expect(client.customers.delete(undefined as unknown as string)).rejects.toThrow(/customerId/);
    await expect(client.customers.delete("..")).rejects.toThrow(/customerId cannot be ".."/);
    await expect(client.customers.get(".")).rejects.toThrow(/customerId cannot be "."/);
    expect(calls).toHaveLength(0);
  });

  it("sends each method to its operation", async () => {
    const { calls, client } = recordingClient(({ method }) => (method === "DELETE" ? undefined : CustomerSeed));
    await client.customers.update("source_123", { name: "Ann" });
    await client.customers.delete("source_123");
    await client.customers.deletePermanently("source_123");
    await client.customers.updateInBulk([{ source_id: "a" }]);
    await client.customers.updateMetadataInBulk({ source_ids: ["a"], metadata: { lang: "en" } });
    await client.customers.listActivity("source_123", { limit: 5, type: "customer.created" });
    await client.customers.listSegments("source_123");
    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "PUT /v1/customers/source_123",
      "DELETE /v1/customers/source_123",
      "POST /v1/customers/source_123/permanent-deletion",
      "POST /v1/customers/bulk/async",
      "POST /v1/customers/metadata/async",
      "GET /v1/customers/source_123/activity?limit=5&type=customer.created",
      "GET /v1/customers/source_123/segments",
    ]);
    expect(await calls[0]!.request.json()).toEqual({ name: "Ann" });
    expect(await calls[3]!.request.json()).toEqual([{ source_id: "a" }]);
  });

  it("resolves delete's 204 with undefined", async () => {
    const { client } = recordingClient(() => undefined);
    await expect(client.customers.delete("x")).resolves.toBeUndefined();
  });

  it("writes list filters with the API's bracketed names and nested redeemable filters as deep objects", async () => {
    const { calls, client } = recordingClient(() => CustomerListPage);
    await client.customers.list({ "created_at[after]": "2024-01-01T00:00:00Z", order: "-created_at", limit: 100 });
    await client.customers.listRedeemables("c1", {
      filters: { holder_role: { conditions: { $in: ["OWNER", "REFERRER"] } }, junction: "and" },
    });
    expect(calls[0]!.url.searchParams.get("created_at[after]")).toBe("2024-01-01T00:00:00Z");
    expect(calls[0]!.url.searchParams.get("limit")).toBe("100");
    expect([...calls[1]!.url.searchParams.entries()]).toEqual([
      ["filters[holder_role][conditions][$in][0]", "OWNER"],
      ["filters[holder_role][conditions][$in][1]", "REFERRER"],
      ["filters[junction]", "and"],
    ]);
  });

  it.each([
    ["a Blob", new Blob(["source_id\na\n"], { type: "text/csv" }), "in.csv", "in.csv"],
    ["a File, keeping its name", new File(["source_id\na\n"], "crm.csv", { type: "text/csv" }), undefined, "crm.csv"],
    ["bytes", new TextEncoder().encode("source_id\na\n"), "bytes.csv", "bytes.csv"],
    ["text", "source_id\na\n", undefined, "customers.csv"],
  ])("uploads %s as multipart/form-data", async (_, file, filename, expectedName) => {
    const { calls, client } = recordingClient(() => ({ async_action_id: "aa_1" }));
    await expect(client.customers.importCsv(file, filename)).resolves.toEqual({ async_action_id: "aa_1" });
    const request = calls[0]!.request;
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const sent = (await request.formData()).get("file") as File;
    expect(sent.name).toBe(expectedName);
    expect(await sent.text()).toBe("source_id\na\n");
  });

  it("rejects a file that is not a Blob, bytes or text before sending", async () => {
    const { calls, client } = recordingClient();
    await expect(client.customers.importCsv({ path: "x.csv" } as never)).rejects.toThrow(/Blob, a File, a Uint8Array or a string/);
    expect(calls).toHaveLength(0);
  });
});

describe("listAll", () => {
  const customer = (n: number, createdAt: string): Customer => ({ ...CustomerSeed, id: `cust_${n}`, created_at: createdAt });
  const page = (customers: Customer[], hasMore: boolean): CustomerList => ({ object: "list", data_ref: "customers", customers, total: 5, has_more: hasMore });

  it("follows the created_at cursor across pages until has_more is false", async () => {
    const pages = [
      page([customer(1, "2024-05-03T00:00:00.000Z"), customer(2, "2024-05-02T00:00:00.000Z")], true),
      page([customer(3, "2024-05-01T00:00:00.000Z"), customer(4, "2024-04-30T00:00:00.000Z")], true),
      page([customer(5, "2024-04-29T00:00:00.000Z")], false),
    ];
    const { calls, client } = recordingClient(() => pages.shift());
    const ids: string[] = [];
    for await (const c of client.customers.listAll({ email: "a@b.co" })) ids.push(c.id);
    expect(ids).toEqual(["cust_1", "cust_2", "cust_3", "cust_4", "cust_5"]);
    expect(calls.map((c) => c.url.searchParams.get("starting_after"))).toEqual([
      "2200-01-01T00:00:00.000Z",
      "2024-05-02T00:00:00.000Z",
      "2024-04-30T00:00:00.000Z",
    ]);
    expect(calls.every((c) => c.url.searchParams.get("email") === "a@b.co" && c.url.searchParams.get("order") === "-created_at")).toBe(true);
  });

  it("does not repeat customers that share the cursor's timestamp", async () => {
    const same = "2024-05-01T00:00:00.000Z";
    const pages = [page([customer(1, same), customer(2, same)], true), page([customer(2, same), customer(3, "2024-04-01T00:00:00.000Z")], false)];
    const { client } = recordingClient(() => pages.shift());
    const ids: string[] = [];
    for await (const c of client.customers.listAll()) ids.push(c.id);
    expect(ids).toEqual(["cust_1", "cust_2", "cust_3"]);
  });

  it("stops with an error instead of looping when the API repeats a page", async () => {
    const stuck = page([customer(1, "2024-05-01T00:00:00.000Z")], true);
    const { calls, client } = recordingClient(() => stuck);
    const ids: string[] = [];
    await expect(async () => {
      for await (const c of client.customers.listAll()) ids.push(c.id);
    }).rejects.toThrow(/same page twice/);
    expect(ids).toEqual(["cust_1"]);
    expect(calls).toHaveLength(2);
  });

  it("pages by number for other orders and says so at page 99", async () => {
    const { calls, client } = recordingClient(() => page([customer(1, "2024-01-01T00:00:00.000Z")], true));
    let count = 0;
    await expect(async () => {
      for await (const _ of client.customers.listAll({ order: "source_id" })) count++;
    }).rejects.toThrow(/page 99/);
    expect(count).toBe(99);
    expect(calls.at(-1)!.url.searchParams.get("page")).toBe("99");
  });
});

describe("listAll against a server that never sends has_more", () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server.close());

  // 23 customers, one a day, newest first.
  const all = Array.from({ length: 23 }, (_, i) => ({ ...CustomerSeed, id: `cust_${i + 1}`, created_at: new Date(Date.UTC(2024, 0, 31 - i)).toISOString() }));

  /** Serves the API's paging (cursor or page number, `limit` defaulting to 10) with no `has_more`; `total` only when asked. */
  const pagingReply =
    (withTotal: boolean): Reply =>
    (res, req) => {
      const query = new URL(req.url ?? "", "http://x").searchParams;
      const limit = Number(query.get("limit") ?? 10);
      const after = query.get("starting_after");
      const matching = after ? all.filter((c) => c.created_at < after) : all;
      const start = after ? 0 : (Number(query.get("page") ?? 1) - 1) * limit;
      const customers = matching.slice(start, start + limit);
      const body = { object: "list", data_ref: "customers", customers, ...(withTotal ? { total: all.length } : {}) };
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    };

  const collect = async (iterator: AsyncIterable<Customer>) => {
    const ids: string[] = [];
    for await (const c of iterator) ids.push(c.id);
    return ids;
  };
  const client = () => createCustomersClient({ appId: "app", appToken: "token", baseUrl: server.url });

  it("follows the cursor while pages come back full, and stops at the short last page when total agrees", async () => {
    server.answer(pagingReply(true));
    expect(await collect(client().customers.listAll())).toEqual(all.map((c) => c.id));
    expect(server.requests.map((r) => new URL(r.url, "http://x").searchParams.get("starting_after"))).toEqual([
      "2200-01-01T00:00:00.000Z",
      all[9]!.created_at,
      all[19]!.created_at,
    ]);
  });

  it("uses the query's limit to tell a full page, and stops at the first empty page without total", async () => {
    server.answer(pagingReply(false));
    expect(await collect(client().customers.listAll({ limit: 5 }))).toEqual(all.map((c) => c.id));
    // 5 + 5 + 5 + 5 + 3: the short page ends it.
    expect(server.requests).toHaveLength(5);
    expect(server.requests.every((r) => r.url.includes("limit=5"))).toBe(true);
  });

  it("goes on after a short page while total says more", async () => {
    // A server whose pages come back shorter than the limit asked for (say, a cap of 10 for limit=20).
    server.answer((res, req) => {
      const after = new URL(req.url ?? "", "http://x").searchParams.get("starting_after")!;
      const customers = all.filter((c) => c.created_at < after).slice(0, 10);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ object: "list", data_ref: "customers", customers, total: all.length }));
    });
    expect(await collect(client().customers.listAll({ limit: 20 }))).toEqual(all.map((c) => c.id));
    expect(server.requests).toHaveLength(3);
  });

  it("pages by number for other orders", async () => {
    server.answer(pagingReply(true));
    expect(await collect(client().customers.listAll({ order: "source_id" }))).toEqual(all.map((c) => c.id));
    expect(server.requests.map((r) => new URL(r.url, "http://x").searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });
});
