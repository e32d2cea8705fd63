// The MSW handlers in Node (msw/node's setupServer) in front of the package's
// own client at its default cluster URL: the same engine as the mock command,
// reached without a server process.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CustomersApiError, createCustomersClient } from "../src/client.js";
import { createCustomersHandlers, override, scenario } from "../src/msw.js";
import { CustomerSeed } from "../src/examples.js";
import { isApiError, isCustomer } from "../src/validators.js";

const handlers = createCustomersHandlers({ seed: "msw-node" });
// Requests MSW found no handler for; the handlers must never leave a
// Voucherify request here, and must leave every other host alone.
const unhandled: string[] = [];
const server = setupServer(...handlers);

// A plain local server stands for "some other API" the app also calls.
let other: Server;
let otherUrl = "";
const otherSeen: string[] = [];

beforeAll(async () => {
  other = createServer((request, response) => {
    otherSeen.push(request.url ?? "");
    response.writeHead(200, { "content-type": "application/json" }).end('{"real":true}');
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  // A callback that only records: MSW then lets the request through (like "bypass").
  server.listen({ onUnhandledRequest: (request) => void unhandled.push(request.url) });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await new Promise((resolve) => other.close(resolve));
});

const client = createCustomersClient({ appId: "test-app", appToken: "test-token" });

async function rejection(promise: Promise<unknown>): Promise<CustomersApiError> {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(CustomersApiError);
  return error as CustomersApiError;
}

describe("createCustomersHandlers with msw/node", () => {
  it("keeps state through create, get by source_id, update, list, delete and a final 404", async () => {
    const created = await client.customers.create({ source_id: "msw-node-1", name: "Ada Lovelace", email: "ada@example.com" });
    expect(created.source_id).toBe("msw-node-1");
    expect(isCustomer(created)).toBe(true);

    const fetched = await client.customers.get("msw-node-1");
    expect(fetched.id).toBe(created.id);

    const updated = await client.customers.update(created.id, { name: "Ada King" });
    expect(updated.name).toBe("Ada King");
    expect((await client.customers.get(created.id)).name).toBe("Ada King");

    const page = await client.customers.list({ email: "ada@example.com" });
    expect(page.customers.map((c) => c.id)).toEqual([created.id]);

    await client.customers.delete(created.id);
    const error = await rejection(client.customers.get("msw-node-1"));
    expect(error.kind).toBe("api");
    expect(error.status).toBe(404);
    expect(isApiError(error.body)).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it("answers every cluster, and the engine's 401 without app keys", async () => {
    const us = createCustomersClient({ appId: "a", appToken: "t", cluster: "us1.api" });
    await us.customers.create({ source_id: "msw-node-us" });
    expect((await us.customers.get("msw-node-us")).source_id).toBe("msw-node-us");
    const response = await fetch("https://as1.api.voucherify.io/v1/customers");
    expect(response.status).toBe(401);
    expect(handlers.baseUrls).toEqual(["https://api.voucherify.io", "https://us1.api.voucherify.io", "https://as1.api.voucherify.io"]);
  });

  it("puts a typed override in front of the engine, falling through when it returns nothing", async () => {
    server.use(
      handlers.override("getCustomer", ({ params }) =>
        params.customerId === "vip" ? HttpResponse.json({ ...CustomerSeed, id: "cust_vip", source_id: params.customerId }) : undefined,
      ),
    );
    expect((await client.customers.get("vip")).id).toBe("cust_vip");
    // Not "vip": the engine answers, from its store.
    const error = await rejection(client.customers.get("nobody-here"));
    expect(error.status).toBe(404);
  });

  it("gives the override the decoded path parameter and the typed request body", async () => {
    const seen: Array<{ id: string; name: string | null | undefined }> = [];
    server.use(
      override("updateCustomer", async ({ params, request }) => {
        const body = await request.json();
        seen.push({ id: params.customerId, name: body.name });
        return HttpResponse.json({ ...CustomerSeed, name: body.name ?? null });
      }),
    );
    const answer = await client.customers.update("crm/42 a@b", { name: "Renamed" });
    expect(answer.name).toBe("Renamed");
    expect(seen).toEqual([{ id: "crm/42 a@b", name: "Renamed" }]);
  });

  it("plays a documented error scenario, once or until reset", async () => {
    server.use(scenario("getCustomer", 404));
    const first = await rejection(client.customers.get(CustomerSeed.source_id!));
    expect(first.status).toBe(404);
    expect(isApiError(first.body)).toBe(true);
    const second = await rejection(client.customers.get("anyone"));
    expect(second.status).toBe(404);
    server.resetHandlers();

    server.use(handlers.scenario("createCustomer", 429, { once: true }));
    const limited = await rejection(client.customers.create({ source_id: "msw-node-429" }));
    expect(limited.status).toBe(429);
    expect((await client.customers.create({ source_id: "msw-node-429" })).source_id).toBe("msw-node-429");
  });

  it("picks a named example of a status", async () => {
    server.use(handlers.scenario("listCustomers", 200, { example: "empty" }));
    const page = await client.customers.list();
    expect(page.customers).toEqual([]);
  });

  it("leaves requests to other hosts alone, as MSW's onUnhandledRequest decides", async () => {
    const response = await fetch(`${otherUrl}/ping`);
    expect(await response.json()).toEqual({ real: true });
    expect(otherSeen).toContain("/ping");
    expect(unhandled).toEqual([`${otherUrl}/ping`]);
    unhandled.length = 0;
  });
});

describe("createCustomersHandlers with a baseUrl", () => {
  it("answers under a path prefix, and only there", async () => {
    const local = createCustomersHandlers({ baseUrl: "http://localhost:5173/api/", mode: "static" });
    expect(local.baseUrls).toEqual(["http://localhost:5173/api"]);
    server.use(...local);
    const prefixed = createCustomersClient({ appId: "a", appToken: "t", baseUrl: "http://localhost:5173/api" });
    const customer = await prefixed.customers.get("anyone");
    expect(isCustomer(customer)).toBe(true);
    // The static engine answers the documented example, whatever the ID.
    expect(customer.id).toBe((await prefixed.customers.get("someone-else")).id);
    server.use(local.scenario("getCustomer", 404, { example: "notFound" }));
    expect((await rejection(prefixed.customers.get("anyone"))).status).toBe(404);
  });
});

describe("a request body that fails while it is read", () => {
  /** A fetch body stream that gives a few bytes, then fails, as a client that goes away mid-upload. */
  const failingUpload = () => ({
    method: "POST",
    headers: { "x-app-id": "a", "x-app-token": "t", "content-type": "application/json" },
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"source_id":"s'));
        controller.error(new Error("client went away"));
      },
    }),
    duplex: "half",
  });

  it.each([
    ["the default clusters", undefined, () => []],
    ["a base URL with a path prefix", "http://localhost:5173/api", () => []],
    ["a scenario", undefined, () => [scenario("createCustomer", 200)]],
  ] as const)("gets the engine's 400 ApiError under %s, not MSW's 500", async (_name, baseUrl, extra) => {
    const own = createCustomersHandlers(baseUrl ? { baseUrl } : {});
    server.use(...extra(), ...own);
    const response = await fetch(`${baseUrl ?? "https://api.voucherify.io"}/v1/customers`, failingUpload() as RequestInit);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(isApiError(body)).toBe(true);
    expect(body.details).toMatch(/The request body could not be read: client went away/);
    expect(own.mock.store!.find("s")).toBeUndefined();
  });
});

describe("engine options", () => {
  it("are the engine's: stateful by default, customers, seed", async () => {
    expect(handlers.mock.mode).toBe("stateful");
    const [a, b] = ["http://seed-a.test", "http://seed-b.test"].map((baseUrl) => createCustomersHandlers({ baseUrl, seed: 7, customers: [] }));
    server.use(...a!, ...b!);
    const clientOf = (baseUrl: string) => createCustomersClient({ appId: "a", appToken: "t", baseUrl });
    // The same calls on both: same seed, same IDs; separate engines, separate stores.
    const [fromA, fromB] = await Promise.all(
      ["http://seed-a.test", "http://seed-b.test"].map(async (baseUrl) => {
        expect((await clientOf(baseUrl).customers.list()).customers).toEqual([]);
        return clientOf(baseUrl).customers.create({ source_id: "seeded" });
      }),
    );
    expect(fromB!.id).toBe(fromA!.id);
    expect(a!.mock.store?.find("seeded")?.id).toBe(fromA!.id);
    expect(a!.mock.store?.size).toBe(1);
    expect(handlers.mock.store?.find("seeded")).toBeUndefined();
  });
});

describe("types", () => {
  // The @ts-expect-error lines are checked by `tsc -p tsconfig.json`, which
  // test/types.test.ts runs over the whole project: an override that stopped
  // being typed would leave them unused, and that fails the compile.
  it("types overrides by operation: parameters, request body and response bodies", async () => {
    const typed = [
      // @ts-expect-error: getCustomer's path parameter is customerId
      override("getCustomer", ({ params }) => HttpResponse.json({ ...CustomerSeed, id: params.customerID })),
      override("updateCustomer", async ({ request }) => {
        const body = await request.json();
        // @ts-expect-error: CustomerUpdateRequest has no "nmae"
        return body.nmae === undefined ? undefined : undefined;
      }),
      // @ts-expect-error: not a documented response body of getCustomer
      override("getCustomer", () => HttpResponse.json({ hello: "world" })),
      override("deleteCustomer", () => new HttpResponse(null, { status: 204 })),
    ];
    server.use(typed[3]!);
    await expect(client.customers.delete("anyone-at-all")).resolves.toBeUndefined();
  });
});

describe("bad input", () => {
  it("is a clear TypeError, not a crash later", () => {
    expect(() => createCustomersHandlers({ baseUrl: "api.voucherify.io" })).toThrow(/baseUrl must be an http\(s\) URL/);
    expect(() => createCustomersHandlers({ baseUrl: [] })).toThrow(/at least one URL/);
    expect(() => createCustomersHandlers({ baseUrl: "/api" })).toThrow(/needs a page/);
    expect(() => createCustomersHandlers({ baseUrl: "https://x.test/?a=1" })).toThrow(/query or a fragment/);
    // @ts-expect-error: not a mode
    expect(() => createCustomersHandlers({ mode: "live" })).toThrow(/mode must be "static" or "stateful"/);
    // @ts-expect-error: not an operation of the spec
    expect(() => override("getCustomers", () => undefined)).toThrow(/Unknown operation "getCustomers"; use one of listCustomers, createCustomer/);
    // @ts-expect-error: getCustomer documents no 409
    expect(() => scenario("getCustomer", 409)).toThrow(/not a documented status of getCustomer; use one of 200, 400, 401, 404, 429, 500/);
    expect(() => scenario("getCustomer", 404, { example: "not found, code=200" })).toThrow(/example must be an example name/);
    // @ts-expect-error: the resolver is missing
    expect(() => override("getCustomer")).toThrow(/resolver must be a function/);
  });
});
