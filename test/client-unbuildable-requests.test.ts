// A request the client cannot build is the caller's mistake, reported at
// once: a path baseUrl ("/api") with no page to resolve it against fails at
// construction, and a request the Request constructor refuses rejects with a
// TypeError instead of being retried as a network failure. Whether this
// machine has a `globalThis.location` does not matter: each test sets or
// removes it, and puts back what was there.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCustomersClient, type CustomersClientOptions, type CustomersLogEvent } from "../src/client.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const customer = { object: "customer", id: "c1" };
const TOKEN = "app-token-0123456789";
const options = (extra: Partial<CustomersClientOptions> = {}) => ({ appId: "app-1", appToken: TOKEN, ...extra }) as CustomersClientOptions;

const original = Object.getOwnPropertyDescriptor(globalThis, "location");
/** Stands in for a page's (or worker's) location; undefined removes it, as in Node. */
function setLocation(location: { origin: string; href: string } | undefined): void {
  if (location === undefined) delete (globalThis as { location?: unknown }).location;
  else Object.defineProperty(globalThis, "location", { value: location, configurable: true, writable: true });
}
beforeEach(() => setLocation(undefined));
afterEach(() => {
  if (original) Object.defineProperty(globalThis, "location", original);
  else delete (globalThis as { location?: unknown }).location;
});

describe("a path baseUrl", () => {
  const NO_PAGE = (path: string) =>
    new TypeError(
      `baseUrl ${JSON.stringify(path)} is a path, which needs a page's http(s) origin to resolve against; with none (Node, Deno without --location, a file: page) pass a full URL such as "http://localhost:5173/api".`,
    );

  it("fails at construction where there is no page location (Node), saying to pass a full URL", () => {
    expect(() => createCustomersClient(options({ baseUrl: "/api" }))).toThrow(NO_PAGE("/api"));
    expect(() => createCustomersClient(options({ baseUrl: "/" }))).toThrow(NO_PAGE("/"));
  });

  it.each([
    ["a file: page", "file://", "file:///home/me/index.html"],
    ["a sandboxed frame (an opaque origin)", "null", "https://site.example/frame"],
  ])("fails at construction on %s, whose origin is not http(s)", (_, origin, href) => {
    setLocation({ origin, href });
    expect(() => createCustomersClient(options({ baseUrl: "/api" }))).toThrow(NO_PAGE("/api"));
  });

  it("never quotes the token in that error", () => {
    let thrown: unknown;
    try {
      createCustomersClient(options({ baseUrl: `/api/${TOKEN}` }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/is a path, which needs a page's http\(s\) origin/);
    expect((thrown as Error).message).not.toContain(TOKEN);
  });

  it("with a page location, is resolved against the page's origin: resource methods, client.http and log events go there", async () => {
    setLocation({ origin: server.url, href: `${server.url}/app/settings?tab=1` });
    server.answer(reply.json(200, customer));
    const events: CustomersLogEvent[] = [];
    const client = createCustomersClient(options({ baseUrl: "/api/", log: (event) => events.push(event) }));
    await expect(client.customers.get("c1")).resolves.toEqual(customer);
    const { data } = await client.http.GET("/v1/customers/{customerId}", { params: { path: { customerId: "c1" } } });
    expect(data).toEqual(customer);
    expect(server.requests.map((r) => r.url)).toEqual(["/api/v1/customers/c1", "/api/v1/customers/c1"]);
    expect(events.map((e) => e.url)).toEqual([`${server.url}/api/v1/customers/c1`]);
  });
});

describe("a request the Request constructor refuses", () => {
  // No resource method can send a body with a GET; the transport's own input can, which is what fetch refuses to build.
  const unbuildable = { path: { customerId: "c1" }, body: { name: "Ann" } };
  const BODY_ON_GET = /^GET \/v1\/customers\/\{customerId\}: could not build the request: .*GET\/HEAD.*body/i;

  it("rejects with a TypeError at once, with the built-in fetch: not retried, nothing sent, no network error", async () => {
    server.answer(reply.json(200, customer));
    const events: CustomersLogEvent[] = [];
    const transport = createTransport(options({ baseUrl: server.url, retries: { max: 3, baseDelayMs: 0 }, log: (event) => events.push(event) }));
    const outcome = await transport.call("getCustomer", unbuildable).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(TypeError);
    expect((outcome as TypeError).message).toMatch(BODY_ON_GET);
    expect(events).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("rejects with a TypeError at once, with a custom fetch, which is never called", async () => {
    let calls = 0;
    const transport = createTransport(
      options({
        baseUrl: server.url,
        retries: { max: 3, baseDelayMs: 0 },
        fetch: async () => {
          calls++;
          return Response.json(customer);
        },
      }),
    );
    await expect(transport.call("getCustomer", unbuildable)).rejects.toThrow(BODY_ON_GET);
    expect(calls).toBe(0);
  });

  it("leaves a failure of the custom fetch itself a retried network error", async () => {
    let calls = 0;
    const transport = createTransport(
      options({
        baseUrl: server.url,
        retries: { max: 2, baseDelayMs: 0 },
        fetch: async () => {
          calls++;
          throw new TypeError("fetch failed");
        },
      }),
    );
    await expect(transport.call("getCustomer", { path: { customerId: "c1" } })).rejects.toMatchObject({ kind: "network", attempts: 3 });
    expect(calls).toBe(3);
  });
});
