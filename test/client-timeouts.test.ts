// Bounded calls: `timeoutMs` (client-wide and per call) and the caller's
// AbortSignal, against a fake server that answers slowly or never.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient, CustomersApiError } from "../src/client.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const customer = { object: "customer", id: "cust_1" };
const getCustomer = { path: { customerId: "cust_1" } };
const transport = (timeoutMs?: number) => createTransport({ appId: "a", appToken: "app-token-0123456789", baseUrl: server.url, ...(timeoutMs ? { timeoutMs } : {}) });

/** Starts the clock before the call: the timer starts inside it, before its first await. */
async function timed(start: () => Promise<unknown>): Promise<{ error: CustomersApiError; ms: number }> {
  const started = performance.now();
  const error = await start().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CustomersApiError);
  return { error: error as CustomersApiError, ms: performance.now() - started };
}

describe("timeoutMs", () => {
  it("rejects a call whose response does not start in time with kind timeout", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)));
    const { error, ms } = await timed(() => transport(150).call("getCustomer", getCustomer));
    expect(error).toMatchObject({ kind: "timeout", status: undefined, attempts: 1 });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) timed out: no complete response within 150 ms");
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1500);
  });

  it("also bounds reading the body, not only the headers", async () => {
    server.answer(reply.slowBody(3000, 200, customer));
    const { error, ms } = await timed(() => transport(150).call("getCustomer", getCustomer));
    expect(error.kind).toBe("timeout");
    expect(ms).toBeLessThan(1500);
  });

  it("bounds an error response's body too", async () => {
    server.answer(reply.slowBody(3000, 500, { code: 500, message: "late" }));
    const { error } = await timed(() => transport(150).call("getCustomer", getCustomer));
    expect(error.kind).toBe("timeout");
  });

  it("a per-call timeoutMs overrides the client's", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)));
    const { error, ms } = await timed(() => transport(60_000).call("getCustomer", getCustomer, { timeoutMs: 100 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("within 100 ms");
    expect(ms).toBeLessThan(1500);
  });

  it("lets an answer that arrives in time through", async () => {
    server.answer(reply.slow(50, reply.json(200, customer)));
    await expect(transport(2000).call("getCustomer", getCustomer)).resolves.toEqual(customer);
  });

  it("applies through the public client's resource methods", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)));
    const client = createCustomersClient({ appId: "a", appToken: "t", baseUrl: server.url, timeoutMs: 100 });
    const { error } = await timed(() => client.customers.create({ source_id: "s" }));
    expect(error).toMatchObject({ kind: "timeout", operationId: "createCustomer" });
  });

  it("aborts a custom fetch through the Request's signal", async () => {
    let aborted = false;
    const hanging = (request: Request) =>
      new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => ((aborted = true), reject(request.signal.reason))));
    const custom = createTransport({ appId: "a", appToken: "t", baseUrl: server.url, timeoutMs: 100, fetch: hanging });
    const { error } = await timed(() => custom.call("getCustomer", getCustomer));
    expect(error.kind).toBe("timeout");
    expect(aborted).toBe(true);
  });

  it.each([0, -1, Number.NaN, "100"])("rejects timeoutMs %s with a clear TypeError", (timeoutMs) => {
    expect(() => createTransport({ appId: "a", appToken: "t", baseUrl: server.url, timeoutMs: timeoutMs as number })).toThrow(
      new TypeError(`timeoutMs must be a positive number of milliseconds (Infinity for none), got ${String(timeoutMs)}.`),
    );
  });

  it("rejects a bad per-call timeoutMs without sending anything", async () => {
    server.answer(reply.json(200, customer));
    await expect(transport().call("getCustomer", getCustomer, { timeoutMs: -5 })).rejects.toThrow(
      new TypeError("options.timeoutMs must be a positive number of milliseconds (Infinity for none), got -5."),
    );
    expect(server.requests).toHaveLength(0);
  });

  it("accepts Infinity as no timeout", async () => {
    server.answer(reply.slow(50, reply.json(200, customer)));
    await expect(transport(Number.POSITIVE_INFINITY).call("getCustomer", getCustomer)).resolves.toEqual(customer);
  });
});

describe("the caller's AbortSignal", () => {
  it("cancels a call in flight with kind aborted, not timeout", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await timed(() => transport(60_000).call("getCustomer", getCustomer, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: "aborted", status: undefined });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) was aborted by the caller");
    expect(ms).toBeLessThan(1500);
  });

  it("sends nothing when the signal is already aborted", async () => {
    server.answer(reply.json(200, customer));
    const { error } = await timed(() => transport().call("getCustomer", getCustomer, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the caller's abort reason as the cause", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user navigated away")), 50);
    const { error } = await timed(() => transport().call("getCustomer", getCustomer, { signal: controller.signal }));
    expect((error.cause as Error).message).toBe("user navigated away");
  });
});

describe("timers", () => {
  it("a finished call leaves no timer that keeps the process alive", async () => {
    // A process that makes one call under a 120 s timeout must exit on its own once the call is done;
    // a timer left referenced would hold it past this test's own time limit.
    server.answer(reply.json(200, customer));
    const dir = join(ROOT, ".tmp/client-timeouts");
    mkdirSync(dir, { recursive: true });
    const script = join(dir, "one-call.ts");
    writeFileSync(
      script,
      `import { createCustomersClient } from ${JSON.stringify(join(ROOT, "src/client.ts"))};\n` +
        `const client = createCustomersClient({ appId: "a", appToken: "t", baseUrl: ${JSON.stringify(server.url)}, timeoutMs: 120_000 });\n` +
        `console.log(JSON.stringify(await client.customers.get("cust_1")));\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual(customer);
  });

  it("concurrent calls each time out on their own, and one that answers in time resolves", async () => {
    server.answer(reply.slow(3000, reply.json(200, customer)), reply.slow(3000, reply.json(200, customer)), reply.json(200, customer));
    const client = transport(300);
    const outcomes = await Promise.allSettled([client.call("getCustomer", getCustomer), client.call("getCustomer", getCustomer), client.call("getCustomer", getCustomer)]);
    const kinds = outcomes.map((o) => (o.status === "fulfilled" ? "ok" : (o.reason as CustomersApiError).kind)).sort();
    expect(kinds).toEqual(["ok", "timeout", "timeout"]);
  });
});
