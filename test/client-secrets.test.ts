// Neither secret (the app token, or the OAuth token when the client uses one)
// leaves through what the client hands back: an error's message, stack,
// toJSON, util.inspect output, its cause, or a logged request, even when the
// server, a proxy or the caller's own data echoes the token. Every case runs
// once per security scheme.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient, CustomersApiError, type CustomersClientOptions, type CustomersLogEvent } from "../src/client.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { rejection } from "./support/rejection.js";

const TOKEN = "tok_live_9f8e7d6c5b4a3210";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

type Extra = Partial<Record<keyof CustomersClientOptions, unknown>>;

/** Each scheme: how to build options carrying TOKEN as its secret, the header the secret travels in, and that header's value. */
const schemes = [
  { scheme: "app token", header: "x-app-token", sent: TOKEN, credentials: (token: string) => ({ appId: "app-1", appToken: token }) },
  { scheme: "OAuth token", header: "authorization", sent: `Bearer ${TOKEN}`, credentials: (token: string) => ({ oauthToken: token }) },
] as const;
const getCustomer = { path: { customerId: "cust_1" } };

/** Every text form an error takes in logs and crash reports. */
const renderings = (error: CustomersApiError) => ({
  message: error.message,
  stack: error.stack ?? "",
  toJSON: JSON.stringify(error),
  inspect: inspect(error, { depth: null, showHidden: true }),
  string: String(error),
  cause: inspect(error.cause, { depth: null, showHidden: true }),
});

function expectNoToken(error: CustomersApiError) {
  for (const [form, text] of Object.entries(renderings(error))) {
    expect(text, `the token leaked through ${form}`).not.toContain(TOKEN);
  }
}

describe.each(schemes)("with the $scheme", ({ header, sent, credentials }) => {
  const options = (extra: Extra = {}): CustomersClientOptions => ({ ...credentials(TOKEN), baseUrl: server.url, ...extra }) as CustomersClientOptions;

  describe("errors never carry the token", () => {
    it("when the API echoes it in a JSON error body", async () => {
      server.answer(reply.json(401, { code: 401, key: "unauthorized", message: `Token ${TOKEN} is not valid`, details: TOKEN }));
      const error = await rejection(createTransport(options()).call("getCustomer", getCustomer));
      expect(server.requests[0]!.headers[header]).toBe(sent);
      expect(error.message).toContain("Token [REDACTED] is not valid");
      expect(error.body).toMatchObject({ details: "[REDACTED]" });
      expectNoToken(error);
    });
  
    it("when a framework-shaped JSON body (not an ApiError) quotes it in its message", async () => {
      server.answer(reply.json(413, { statusCode: 413, error: `Too Large for ${TOKEN}`, message: `header ${TOKEN} too long` }));
      const error = await rejection(createTransport(options()).call("getCustomer", getCustomer));
      expect(error.message).toContain("failed with 413: Too Large for [REDACTED]: header [REDACTED] too long");
      expectNoToken(error);
    });

    it("when a gateway echoes it in an HTML page", async () => {
      server.answer(reply.text(502, `<html><body>Bad gateway for X-App-Token: ${TOKEN}</body></html>`));
      const error = await rejection(createTransport(options()).call("getCustomer", getCustomer));
      expect(error.rawBody).toBe("<html><body>Bad gateway for X-App-Token: [REDACTED]</body></html>");
      expectNoToken(error);
    });
  
    it("when a mock's violation header quotes it", async () => {
      server.answer(reply.json(400, { code: 400, message: "bad" }, { "sl-violations": JSON.stringify([{ message: `header is ${TOKEN}` }]) }));
      const error = await rejection(createTransport(options()).call("getCustomer", getCustomer));
      expect(error.mockViolations).toEqual(["header is [REDACTED]"]);
      expectNoToken(error);
    });
  
    it("when a custom fetch (a proxy agent, say) fails with it in its message and cause", async () => {
      const failing = async () => {
        throw new TypeError(`proxy refused the request with X-App-Token: ${TOKEN}`, { cause: new Error(`header ${TOKEN}`) });
      };
      const error = await rejection(createTransport(options({ fetch: failing })).call("getCustomer", getCustomer));
      expect(error.kind).toBe("network");
      expect(error.message).toContain("proxy refused the request with X-App-Token: [REDACTED]");
      expectNoToken(error);
    });
  
    it("when the caller's abort reason contains it", async () => {
      server.answer(reply.hang());
      const controller = new AbortController();
      const call = rejection(createTransport(options()).call("getCustomer", getCustomer, { signal: controller.signal }));
      await server.arrived();
      controller.abort(new Error(`cancelled the call that used ${TOKEN}`));
      const error = await call;
      expect(error.kind).toBe("aborted");
      expectNoToken(error);
    });
  
    it("on a timeout", async () => {
      server.answer(reply.hang());
      const error = await rejection(createTransport(options({ timeoutMs: 80 })).call("getCustomer", getCustomer));
      expect(error.kind).toBe("timeout");
      expectNoToken(error);
    });
  
    it("when the caller put it in an invalid request body", async () => {
      const client = createCustomersClient(options({ validate: { request: true } }));
      const error = await rejection(client.customers.create({ source_id: "s", [TOKEN]: 1 } as never));
      expect(error.kind).toBe("request-validation");
      expect(error.issues.map((i) => i.path)).toEqual(["/[REDACTED]"]);
      expectNoToken(error);
    });
  
    it("when a response that fails validation contains it", async () => {
      server.answer(reply.json(200, { object: "customer", id: 42, name: TOKEN }));
      const error = await rejection(createTransport(options({ validate: { response: true } })).call("getCustomer", getCustomer));
      expect(error.kind).toBe("response-validation");
      expect(error.body).toMatchObject({ name: "[REDACTED]" });
      expectNoToken(error);
    });
  });
  
  describe("logged requests never carry the token", () => {
    it("shows every header but the token, and still sends the token", async () => {
      const events: CustomersLogEvent[] = [];
      server.answer(reply.json(503, { code: 503, message: "later" }), reply.json(200, { object: "customer" }));
      const transport = createTransport(
        options({ headers: { "X-Debug": `token=${TOKEN}` }, retries: { max: 1, baseDelayMs: 1 }, log: (event: CustomersLogEvent) => events.push(event) }),
      );
      await transport.call("getCustomer", getCustomer, { headers: { "Idempotency-Key": "idem-1" } });
  
      expect(server.requests.map((r) => r.headers[header])).toEqual([sent, sent]);
      expect(events).toHaveLength(2);
      expect(events[0]).toMatchObject({ operationId: "getCustomer", method: "GET", url: `${server.url}/v1/customers/cust_1`, attempt: 1, outcome: "api", status: 503 });
      expect(events[0]!.retryInMs).toBeGreaterThanOrEqual(0);
      expect(events[1]).toMatchObject({ attempt: 2, outcome: "ok", status: 200 });
      expect(events[1]!.retryInMs).toBeUndefined();
      expect(events[0]!.headers).toMatchObject({ [header]: "[REDACTED]", "x-debug": "token=[REDACTED]", "idempotency-key": "idem-1" });
      expect(JSON.stringify(events)).not.toContain(TOKEN);
      expect(inspect(events, { depth: null })).not.toContain(TOKEN);
    });
  });
  
  describe("the client object and its construction never show the token", () => {
    it("util.inspect and JSON of the client omit it", () => {
      const client = createCustomersClient(options());
      expect(inspect(client, { depth: null, showHidden: true })).not.toContain(TOKEN);
      expect(JSON.stringify(client)).not.toContain(TOKEN);
    });
  
    it("a token read with a trailing newline is sent trimmed, and its echo redacted", async () => {
      server.answer(reply.json(401, { code: 401, message: `bad token ${TOKEN}` }));
      const error = await rejection(createTransport(options(credentials(`${TOKEN}\n`))).call("getCustomer", getCustomer));
      expect(server.requests[0]!.headers[header]).toBe(sent);
      expectNoToken(error);
    });
  
    it("a baseUrl that quotes it is refused without quoting it", () => {
      expect(() => createCustomersClient(options({ baseUrl: `http://api.test:99999/${TOKEN}` }))).toThrow(TypeError);
      try {
        createCustomersClient(options({ baseUrl: `http://api.test:99999/${TOKEN}` }));
      } catch (error) {
        expect((error as Error).message).toBe('baseUrl must be a valid URL (host, port) with no user:password@, ? or #, got "http://api.test:99999/[REDACTED]".');
      }
    });

    it("a token a header cannot carry is refused without quoting it", () => {
      const bad = `${TOKEN.slice(0, 10)}\n${TOKEN.slice(10)}`;
      let thrown: unknown;
      try {
        createCustomersClient(options(credentials(bad)));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toBe(`${header === "x-app-token" ? "appToken" : "oauthToken"} contains characters an HTTP header cannot carry (a newline?).`);
      expect(inspect(thrown)).not.toContain(TOKEN.slice(0, 10));
      expect(inspect(thrown)).not.toContain(TOKEN.slice(10));
    });
  });
});

// The caller's own secrets in headers it adds (an Authorization for a gateway,
// a Cookie) are not the client's to know by value: the client never quotes a
// header value fetch refuses, and log events show such headers as [REDACTED],
// whatever case their names are given in.
describe("the caller's other credential headers", () => {
  const OTHER = "Bearer other-secret-0123456789";
  const base = { appId: "app-1", appToken: TOKEN, baseUrl: "http://api.test" };

  it.each(["Authorization", "authorization", "X-Gateway-Key"])("the %s header with a value a header cannot carry is refused naming the header, not quoting the value", async (name) => {
    const bad = { [name]: `${OTHER}\nX-Injected: 1` };
    let thrown: unknown;
    try {
      createCustomersClient({ ...base, headers: bad });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toEqual(new TypeError(`headers: ${name} contains characters an HTTP header cannot carry (a newline?).`));
    const perCall = await createCustomersClient({ ...base, fetch: async () => Response.json({}) })
      .customers.get("c", { headers: bad })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(perCall).toEqual(new TypeError(`GET /v1/customers/{customerId}: could not build the request: headers: ${name} contains characters an HTTP header cannot carry (a newline?).`));
    for (const error of [thrown, perCall]) expect(inspect(error)).not.toContain("other-secret");
  });

  it("log events redact Proxy-Authorization and Cookie, in any case; an Authorization header (the OAuth scheme's) is not sent with app keys", async () => {
    const events: CustomersLogEvent[] = [];
    const client = createCustomersClient({
      ...base,
      fetch: async () => Response.json({ object: "customer" }),
      headers: { AUTHORIZATION: OTHER, cookie: "sid=other-secret-cookie" },
      log: (event) => events.push(event),
    });
    await client.customers.get("c", { headers: { "Proxy-Authorization": `Basic other-secret-proxy`, "X-Team": "billing" } });
    expect(events[0]!.headers).toMatchObject({ cookie: "[REDACTED]", "proxy-authorization": "[REDACTED]", "x-team": "billing" });
    expect(events[0]!.headers).not.toHaveProperty("authorization");
    expect(JSON.stringify(events)).not.toContain("other-secret");
  });
});
