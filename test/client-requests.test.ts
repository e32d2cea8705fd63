// What goes on the wire: the auth and channel headers, the caller's own
// headers, nothing at all when validation rejects the body; and what comes
// back when response validation is on. Bad options fail at construction.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient, type CustomersClientOptions } from "../src/client.js";
import { CustomerSeed } from "../src/examples.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { rejection } from "./support/rejection.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

/** App-key options; `extra` may also swap in an oauthToken (with appId/appToken set to undefined). */
const options = (extra: Partial<Record<keyof CustomersClientOptions, unknown>> = {}): CustomersClientOptions =>
  ({ appId: "app-1", appToken: "token-abcdef-123456", baseUrl: server.url, ...extra }) as CustomersClientOptions;

describe("headers", () => {
  it("sends the auth headers and an X-Voucherify-Channel naming this package and version", async () => {
    server.answer(reply.json(200, CustomerSeed));
    await createCustomersClient(options()).customers.create({ source_id: "s" });
    expect(server.requests[0]!.headers).toMatchObject({
      "x-app-id": "app-1",
      "x-app-token": "token-abcdef-123456",
      "x-voucherify-channel": `${pkg.name}/${pkg.version}`,
      "content-type": "application/json",
    });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ source_id: "s" });
  });

  it("adds the caller's client-wide and per-call headers, such as an idempotency key and a request id", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const client = createCustomersClient(options({ headers: { "X-Team": "billing" } }));
    await client.customers.create({ source_id: "s" }, { headers: { "Idempotency-Key": "idem-42", "X-Request-Id": "req-7" } });
    expect(server.requests[0]!.headers).toMatchObject({
      "x-team": "billing",
      "idempotency-key": "idem-42",
      "x-request-id": "req-7",
      "x-app-id": "app-1",
      "x-app-token": "token-abcdef-123456",
    });
  });

  it("never lets the caller's headers replace the auth headers", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const client = createCustomersClient(options({ headers: { "X-App-Token": "client-wide", "x-app-id": "other" } }));
    await client.customers.create({ source_id: "s" }, { headers: { "x-app-token": "per-call", "X-App-Id": "other" } });
    expect(server.requests[0]!.headers).toMatchObject({ "x-app-id": "app-1", "x-app-token": "token-abcdef-123456" });
  });

  it("a per-call header value a header cannot carry is a TypeError, and nothing is sent", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const call = createCustomersClient(options()).customers.create({ source_id: "s" }, { headers: { "X-Request-Id": "a\nb" } });
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(/^POST \/v1\/customers: could not build the request: /);
    expect(server.requests).toHaveLength(0);
  });
});

describe("encoding", () => {
  it("fills path parameters and serializes the query like openapi-fetch", async () => {
    server.answer(reply.json(200, { object: "list", customers: [] }));
    await createTransport(options()).call("listCustomerActivity", { path: { customerId: "cust/1 x" }, query: { limit: 10, order: "-created_at", empty: undefined } });
    expect(server.requests[0]!.url).toBe("/v1/customers/cust%2F1%20x/activity?limit=10&order=-created_at");
  });

  it.each([[undefined], [""], [{}]])("refuses path parameter %j with a TypeError, sending nothing", async (customerId) => {
    server.answer(reply.json(200, CustomerSeed));
    await expect(createTransport(options()).call("getCustomer", { path: { customerId } })).rejects.toThrow(
      `GET /v1/customers/{customerId}: could not build the request: path parameter customerId must be a non-empty string, got ${JSON.stringify(customerId)}.`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("sends a multipart upload as multipart, unvalidated even with validation on", async () => {
    server.answer(reply.json(202, { async_action_id: "aa_1", object: "async_action" }));
    const client = createCustomersClient(options({ validate: { request: true } }));
    await client.customers.importCsv("source_id,name\ncrm-1,Ann\n", "people.csv");
    const sent = server.requests[0]!;
    expect(sent.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(sent.body).toContain('filename="people.csv"');
    expect(sent.body).toContain("crm-1,Ann");
  });
});

describe("validation", () => {
  it("with request validation on, an invalid body is rejected with readable issues and never sent", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const client = createCustomersClient(options({ validate: { request: true } }));
    const error = await rejection(client.customers.create({ source_id: "s", email: "not-an-email" }));
    expect(error).toMatchObject({ kind: "request-validation", status: undefined, attempts: 0 });
    expect(error.issues).toEqual([{ path: "/email", keyword: "format", message: "must be a valid email address" }]);
    expect(error.message).toBe("createCustomer (POST /v1/customers) was not sent: the request body is invalid: /email must be a valid email address");
    expect(server.requests).toHaveLength(0);
  });

  it("with request validation off, the same body is sent", async () => {
    server.answer(reply.json(200, CustomerSeed));
    await createCustomersClient(options()).customers.create({ source_id: "s", email: "not-an-email" });
    expect(server.requests).toHaveLength(1);
  });

  it("with response validation on, a 2xx body that breaks the schema rejects with the issues", async () => {
    server.answer(reply.json(200, { ...CustomerSeed, id: 42 }));
    const client = createCustomersClient(options({ validate: { response: true } }));
    const error = await rejection(client.customers.create({ source_id: "s" }));
    expect(error).toMatchObject({ kind: "response-validation", status: 200, attempts: 1 });
    expect(error.issues).toContainEqual(expect.objectContaining({ path: "/id", keyword: "type" }));
    expect(error.body).toEqual({ ...CustomerSeed, id: 42 });
  });

  it("with response validation on, a conforming body resolves", async () => {
    server.answer(reply.json(200, CustomerSeed));
    await expect(createCustomersClient(options({ validate: true })).customers.create({ source_id: "s" })).resolves.toEqual(CustomerSeed);
  });
});

describe("baseUrl mistakes fail at construction, without quoting a password", () => {
  it.each([
    ["a user and password", "http://user:s3cret-Passw0rd@127.0.0.1:4010", "s3cret-Passw0rd"],
    ["the app token as the password", "https://user:token-abcdef-123456@api.example.com", "token-abcdef-123456"],
    ["a password with a slash in it", "http://user:s3cret/Passw0rd@127.0.0.1:4010", "s3cret"],
    ["a user name only", "http://s3cret-user@127.0.0.1:4010", "s3cret-user"],
    ["a port out of range", "http://127.0.0.1:99999", undefined],
    ["a space in the host", "http://exa mple.com", undefined],
    ["userinfo on another scheme", "ftp://user:s3cret-Passw0rd@example.com", "s3cret-Passw0rd"],
    // A browser resolves these against the page to another host (URL parsing reads a backslash as a slash and drops tabs), carrying the app keys there.
    ["a protocol-relative URL", "//api.voucherify.io", undefined],
    ["a protocol-relative URL with userinfo", "//user:s3cret-Passw0rd@api.voucherify.io", "s3cret-Passw0rd"],
    ["a path that starts with a backslash", "/\\evil.example", undefined],
    ["a path with a tab between its slashes", "/\t/evil.example", undefined],
    ["three slashes", "///evil.example", undefined],
    ["no scheme", "api.voucherify.io", undefined],
    // Every path would be appended after these, so every call would go to the wrong place.
    ["a query", "http://127.0.0.1:4010/?tenant=1", undefined],
    ["a fragment", "http://127.0.0.1:4010/#x", undefined],
    ["a path with a query", "/api?x=1", undefined],
  ])("%s", (_, baseUrl, secret) => {
    let thrown: unknown;
    try {
      createCustomersClient(options({ baseUrl }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as TypeError).message).toMatch(/^baseUrl must be/);
    if (secret) expect((thrown as TypeError).message).not.toContain(secret);
  });

  it("says what is wrong", () => {
    expect(() => createCustomersClient(options({ baseUrl: "http://user:pw@127.0.0.1:4010" }))).toThrow(
      new TypeError('baseUrl must be a valid URL (host, port) with no user:password@, ? or #, got "http://…@127.0.0.1:4010".'),
    );
  });

  it("still takes a path, for a same-origin proxy in a browser", () => {
    // A page's location, whatever this machine has (without one a path is refused: client-unbuildable-requests.test.ts).
    const had = Object.getOwnPropertyDescriptor(globalThis, "location");
    Object.defineProperty(globalThis, "location", { value: { origin: "https://app.example", href: "https://app.example/" }, configurable: true, writable: true });
    try {
      expect(() => createCustomersClient(options({ baseUrl: "/api" }))).not.toThrow();
      expect(() => createCustomersClient(options({ baseUrl: "/" }))).not.toThrow();
    } finally {
      if (had) Object.defineProperty(globalThis, "location", had);
      else delete (globalThis as { location?: unknown }).location;
    }
  });

  it("answers a protocol-relative URL with the two forms it takes", () => {
    expect(() => createCustomersClient(options({ baseUrl: "//api.voucherify.io" }))).toThrow(
      new TypeError('baseUrl must be an http(s) URL such as "http://127.0.0.1:4010" or a path, got "//api.voucherify.io".'),
    );
  });
});

describe("client.http path parameters", () => {
  it.each([".", ".."])("refuses %j with the resource methods' TypeError, sending nothing", async (customerId) => {
    server.answer(reply.json(200, { object: "list", data_ref: "data", data: [], total: 0 }));
    const client = createCustomersClient(options());
    const viaHttp = client.http.GET("/v1/customers/{customerId}/segments", { params: { path: { customerId } } });
    await expect(viaHttp).rejects.toThrow(new TypeError(`customerId cannot be "${customerId}".`));
    await expect(client.customers.listSegments(customerId)).rejects.toThrow(new TypeError(`customerId cannot be "${customerId}".`));
    expect(server.requests).toHaveLength(0);
  });

  it("still encodes any other id as one path segment", async () => {
    server.answer(reply.json(200, { object: "list", data_ref: "data", data: [], total: 0 }));
    await createCustomersClient(options()).http.GET("/v1/customers/{customerId}/segments", { params: { path: { customerId: "../a" } } });
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/customers/..%2Fa/segments"]);
  });
});

describe("OAuth", () => {
  const oauth = (extra: Partial<Record<keyof CustomersClientOptions, unknown>> = {}) => options({ appId: undefined, appToken: undefined, oauthToken: "oauth-0123456789abcdef", ...extra });

  it("sends an oauthToken as a bearer token (the spec's oauth2 scheme) and no app keys, from resource methods and from client.http", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const client = createCustomersClient(oauth());
    await client.customers.get("c1");
    await client.http.GET("/v1/customers/{customerId}", { params: { path: { customerId: "c1" } } });
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe("Bearer oauth-0123456789abcdef");
      expect(request.headers).not.toHaveProperty("x-voucherify-oauth");
      expect(request.headers).not.toHaveProperty("x-app-id");
      expect(request.headers).not.toHaveProperty("x-app-token");
      expect(request.headers["x-voucherify-channel"]).toBe(`${pkg.name}/${pkg.version}`);
    }
    expect(server.requests).toHaveLength(2);
  });

  it("sends exactly one scheme: a caller's header of either scheme is dropped or replaced", async () => {
    server.answer(reply.json(200, CustomerSeed));
    const spoof = { "X-App-Id": "other", "X-App-Token": "other-token", Authorization: "Bearer other-oauth" };
    await createCustomersClient(oauth({ headers: spoof })).customers.get("c1", { headers: spoof });
    await createCustomersClient(options({ headers: spoof })).customers.get("c1", { headers: spoof });
    const [withOAuth, withKeys] = server.requests;
    expect(withOAuth!.headers.authorization).toBe("Bearer oauth-0123456789abcdef");
    expect(withOAuth!.headers).not.toHaveProperty("x-app-id");
    expect(withOAuth!.headers).not.toHaveProperty("x-app-token");
    expect(withKeys!.headers).toMatchObject({ "x-app-id": "app-1", "x-app-token": "token-abcdef-123456" });
    expect(withKeys!.headers).not.toHaveProperty("authorization");
  });

  it("refuses an oauthToken a header cannot carry without quoting it", () => {
    expect(() => createCustomersClient(oauth({ oauthToken: "oauth-0123\n456789" }))).toThrow(
      new TypeError("oauthToken contains characters an HTTP header cannot carry (a newline?)."),
    );
  });
});

describe("options", () => {
  it.each([
    [{ appToken: "" }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ appId: 5 }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ appId: undefined, appToken: undefined }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ appToken: undefined }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ appId: undefined, appToken: undefined, oauthToken: " \n" }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ appId: undefined, appToken: undefined, oauthToken: 42 }, "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings)."],
    [{ oauthToken: "oauth-token-0123456789" }, "createCustomersClient takes either appId and appToken, or oauthToken, not both."],
    [{ appToken: undefined, oauthToken: "oauth-token-0123456789" }, "createCustomersClient takes either appId and appToken, or oauthToken, not both."],
    [{ baseUrl: "ftp://example.com" }, 'baseUrl must be an http(s) URL such as "http://127.0.0.1:4010" or a path, got "ftp://example.com".'],
    [{ baseUrl: undefined, cluster: "eu2.api" }, 'Unknown cluster "eu2.api"; use one of api, us1.api, as1.api, or pass baseUrl.'],
    [{ headers: { "X-Bad": "a\nb" } }, /^headers: /],
    [{ headers: "X-Team: billing" }, "headers: must be an object of header names and values."],
    [{ log: "console" }, "log must be a function (event) => void."],
  ])("rejects %j with a clear TypeError", (extra, message) => {
    expect(() => createCustomersClient(options(extra))).toThrow(TypeError);
    expect(() => createCustomersClient(options(extra))).toThrow(message);
  });

  it.each([
    ["a signal that is not an AbortSignal", { signal: {} }, "options.signal must be an AbortSignal."],
    ["options that are not an object", "fast", "The last argument, the call options, must be an object."],
    ["retries that are not an object", { retries: true }, "options.retries must be an object like { max: 2 } or false, got true."],
    ["headers that are a string", { headers: "X-Team: billing" }, "GET /v1/customers/{customerId}: could not build the request: headers: must be an object of header names and values."],
  ])("rejects %s per call with a TypeError, sending nothing", async (_, callOptions, message) => {
    server.answer(reply.json(200, CustomerSeed));
    await expect(createTransport(options()).call("getCustomer", { path: { customerId: "c" } }, callOptions as never)).rejects.toThrow(new TypeError(message));
    expect(server.requests).toHaveLength(0);
  });

  it("skips headers whose value is undefined instead of sending the word", async () => {
    server.answer(reply.json(200, CustomerSeed));
    await createTransport(options()).call("getCustomer", { path: { customerId: "c" } }, { headers: { "X-Request-Id": undefined } as never });
    expect(server.requests[0]!.headers["x-request-id"]).toBeUndefined();
  });

  it("rejects an operation the spec does not have", async () => {
    await expect(createTransport(options()).call("stealCustomer" as never, {})).rejects.toThrow(/^Unknown operation "stealCustomer"; known: .*createCustomer/);
  });
});
