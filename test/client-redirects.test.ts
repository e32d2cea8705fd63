// The client never follows a redirect: fetch would carry the X-App-Id and
// X-App-Token headers to wherever the Location points. Two local servers: the
// first redirects to the second, which must receive nothing, from the
// resource methods and from client.http alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerSeed } from "../src/examples.js";
import { createCustomersClient, type RetryOptions } from "../src/client.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { rejection } from "./support/rejection.js";

const TOKEN = "app-token-redirect-0123456789";
let api: FakeServer;
let elsewhere: FakeServer;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startFakeServer(), startFakeServer()]);
  elsewhere.answer(reply.json(200, CustomerSeed));
});
afterAll(() => Promise.all([api.close(), elsewhere.close()]));

const client = (retries?: RetryOptions) => createCustomersClient({ appId: "app-1", appToken: TOKEN, baseUrl: api.url, ...(retries ? { retries } : {}) });
/** A Location on the other server whose path and query carry things the message must not repeat. */
const location = () => `${elsewhere.url}/steal/${TOKEN}?token=${TOKEN}`;

describe("resource methods", () => {
  it.each([301, 302, 303, 307, 308])("reject a %i with kind api, send nothing to its Location, and say why", async (status) => {
    api.answer(reply.empty(status, { Location: location() }));
    elsewhere.answer(reply.json(200, CustomerSeed));
    const error = await rejection(client({ max: 3, baseDelayMs: 1 }).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "api", status, attempts: 1 });
    expect(error.message).toBe(
      `getCustomer (GET /v1/customers/{customerId}) was redirected (${status}) to ${elsewhere.url}; the client does not follow redirects, so the app or OAuth token stays with the configured host`,
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("do not follow a POST's redirect either", async () => {
    api.answer(reply.empty(307, { Location: location() }));
    elsewhere.answer(reply.json(200, CustomerSeed));
    const error = await rejection(client().customers.create({ source_id: "s" }));
    expect(error).toMatchObject({ kind: "api", status: 307 });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("say only that it redirected when the Location is missing or not an http URL", async () => {
    api.answer(reply.empty(302));
    expect((await rejection(client().customers.get("c"))).message).toMatch(/was redirected \(302\); the client does not follow redirects/);
    api.answer(reply.empty(302, { Location: "javascript:alert(1)" }));
    expect((await rejection(client().customers.get("c"))).message).toMatch(/was redirected \(302\) to javascript:; the client/);
  });

  it("hand a custom fetch a request that asks it not to follow redirects", async () => {
    const seen: Request[] = [];
    const fetch = async (request: Request) => (seen.push(request), Response.json(CustomerSeed));
    const custom = createCustomersClient({ appId: "app-1", appToken: TOKEN, baseUrl: api.url, fetch });
    await custom.customers.get("cust_1");
    await custom.http.GET("/v1/customers/{customerId}", { params: { path: { customerId: "cust_1" } } });
    expect(seen.map((request) => request.redirect)).toEqual(["manual", "manual"]);
  });

  it("reject a browser's opaque redirect (status 0, no Location) with kind api", async () => {
    // What fetch hands back in a browser for redirect: "manual"; Node cannot construct one.
    const opaque = () => Object.defineProperties(new Response(null), { type: { value: "opaqueredirect" }, status: { value: 0 }, ok: { value: false } }) as Response;
    const custom = createCustomersClient({ appId: "app-1", appToken: TOKEN, baseUrl: api.url, fetch: async () => opaque() });
    const error = await rejection(custom.customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "api", status: 0 });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) was redirected; the client does not follow redirects, so the app or OAuth token stays with the configured host");
  });
});

describe("client.http", () => {
  it.each([302, 307])("hands back a %i as it is and sends nothing to its Location", async (status) => {
    api.answer(reply.empty(status, { Location: location() }));
    elsewhere.answer(reply.json(200, CustomerSeed));
    const { data, response } = await client().http.GET("/v1/customers/{customerId}", { params: { path: { customerId: "cust_1" } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
