// Bounded calls: `timeoutMs` (client-wide and per call) and the caller's
// AbortSignal: against a local server that never answers, and on a fake clock
// for how long the timer runs.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCustomersClient } from "../src/client.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { captureTimer } from "./support/captured-timer.js";
import { rejection } from "./support/rejection.js";
import { answer, scriptedFetch, type ScriptedFetch } from "./support/scripted-fetch.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const customer = { object: "customer", id: "cust_1" };
const getCustomer = { path: { customerId: "cust_1" } };
const transport = (timeoutMs?: number) => createTransport({ appId: "a", appToken: "app-token-0123456789", baseUrl: server.url, ...(timeoutMs ? { timeoutMs } : {}) });

// Against real sockets the server never answers (reply.hang), so a timeout
// or an abort is the only way a call can end: the tests assert that it ended
// and why, never how long it took. Where it matters at which stage the timer
// fires (request at the server, headers back), the test fires the client's
// timer itself (captureTimer); how long the timer runs is asserted on a fake
// clock below.
describe("timeoutMs", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The global fetch, plus a promise that resolves once the client starts reading a response's body. */
  function watchBodyRead(): { fetch: (request: Request) => Promise<Response>; reading: Promise<void> } {
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    return {
      reading,
      fetch: async (request) => {
        const response = await fetch(request);
        // The same body, behind a stream that says when it is first read: the client reads a custom
        // fetch's body through a pipe (so its signal can cancel it), not through response.text().
        const reader = response.body!.getReader();
        const body = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              started();
              const chunk = await reader.read();
              if (chunk.done) controller.close();
              else controller.enqueue(chunk.value);
            },
            cancel: (reason) => reader.cancel(reason),
          },
          // No read ahead: pull runs only once the client asks for the body.
          { highWaterMark: 0 },
        );
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      },
    };
  }

  it("rejects a call whose response does not start in time with kind timeout, and cuts the connection", async () => {
    server.answer(reply.hang());
    const timer = captureTimer(4321);
    const call = rejection(transport(4321).call("getCustomer", getCustomer));
    await server.arrived();
    timer.fire();
    const error = await call;
    expect(error).toMatchObject({ kind: "timeout", status: undefined, attempts: 1 });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) timed out: no complete response within 4321 ms");
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
    expect(await server.requests[0]!.end).toBe("cut off");
  });

  /** A call whose answer (with `status`) sends headers and then hangs, cut off by its timer once the body is being read. */
  async function hangInBody(status: number) {
    server.answer(reply.hangBody(status));
    const timer = captureTimer(4321);
    const body = watchBodyRead();
    const call = rejection(createTransport({ appId: "a", appToken: "t", baseUrl: server.url, timeoutMs: 4321, fetch: body.fetch }).call("getCustomer", getCustomer));
    await body.reading;
    timer.fire();
    return call;
  }

  it("also bounds reading the body, not only the headers", async () => {
    const error = await hangInBody(200);
    expect(error.kind).toBe("timeout");
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
    expect(await server.requests[0]!.end).toBe("cut off");
  });

  it("bounds an error response's body too", async () => {
    expect(await hangInBody(500)).toMatchObject({ kind: "timeout", status: undefined });
  });

  it("a per-call timeoutMs overrides the client's", async () => {
    server.answer(reply.hang());
    const timer = captureTimer(1234);
    const call = rejection(transport(3_600_000).call("getCustomer", getCustomer, { timeoutMs: 1234 }));
    await server.arrived();
    expect(timer.pending).toBe(1);
    timer.fire();
    const error = await call;
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("within 1234 ms");
  });

  it("really fires, through the public client's resource methods", async () => {
    // A real 50 ms timer against a server that never answers: only the timer can end the call.
    server.answer(reply.hang());
    const client = createCustomersClient({ appId: "a", appToken: "t", baseUrl: server.url, timeoutMs: 50 });
    const error = await rejection(client.customers.create({ source_id: "s" }));
    expect(error).toMatchObject({ kind: "timeout", operationId: "createCustomer" });
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
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
});

describe("the caller's AbortSignal", () => {
  it("cancels a call in flight with kind aborted, not timeout", async () => {
    server.answer(reply.hang());
    const controller = new AbortController();
    const call = rejection(transport(3_600_000).call("getCustomer", getCustomer, { signal: controller.signal }));
    await server.arrived();
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ kind: "aborted", status: undefined });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) was aborted by the caller");
    expect(error.cause).toMatchObject({ name: "AbortError" });
    expect(await server.requests[0]!.end).toBe("cut off");
  });

  it("sends nothing when the signal is already aborted", async () => {
    server.answer(reply.json(200, customer));
    const error = await rejection(transport().call("getCustomer", getCustomer, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the caller's abort reason as the cause", async () => {
    server.answer(reply.hang());
    const controller = new AbortController();
    const call = rejection(transport().call("getCustomer", getCustomer, { signal: controller.signal }));
    await server.arrived();
    controller.abort(new Error("user navigated away"));
    expect((await call).cause).toMatchObject({ message: "user navigated away" });
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

  it("concurrent calls each time out on their own, and one still waiting is not cut off by them", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // "late" answers only once both other calls have timed out; the rest never answer.
    const late = reply.after(released, reply.json(200, customer));
    server.answer((res, req) => (req.url!.endsWith("/late") ? late : reply.hang())(res, req));
    const client = transport(50);
    const lateCall = expect(client.call("getCustomer", { path: { customerId: "late" } }, { timeoutMs: 3_600_000 })).resolves.toEqual(customer);
    const errors = await Promise.all([rejection(client.call("getCustomer", getCustomer)), rejection(client.call("getCustomer", getCustomer, { timeoutMs: 20 }))]);
    expect(errors.map((e) => [e.kind, e.message.replace(/.*within /, "")])).toEqual([
      ["timeout", "50 ms"],
      ["timeout", "20 ms"],
    ]);
    release();
    await lateCall;
  });
});

// How long the timer runs, to the millisecond, on vitest's fake clock against
// an in-process fetch (no sockets for fake timers to stall).
describe("the timer (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const scripted = (api: ScriptedFetch, timeoutMs?: number) => createTransport({ appId: "a", appToken: "t", baseUrl: "http://fake.test", fetch: api.fetch, ...(timeoutMs ? { timeoutMs } : {}) });

  it("aborts the request through its signal with a TimeoutError exactly at timeoutMs", async () => {
    const api = scriptedFetch(answer.hang());
    const call = rejection(scripted(api, 150).call("getCustomer", getCustomer));
    await vi.advanceTimersByTimeAsync(149);
    expect(api.calls[0]!.request.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.calls[0]!.request.signal.reason).toMatchObject({ name: "TimeoutError" });
    const error = await call;
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
  });

  it("a per-call timeoutMs replaces the client's timer", async () => {
    const api = scriptedFetch(answer.hang());
    const call = rejection(scripted(api, 60_000).call("getCustomer", getCustomer, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(99);
    expect(api.calls[0]!.request.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toMatchObject({ kind: "timeout", message: expect.stringContaining("within 100 ms") });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets an answer that arrives in time through, and clears its timer", async () => {
    const api = scriptedFetch(answer.after(149, answer.json(200, customer)));
    const call = scripted(api, 150).call("getCustomer", getCustomer);
    await vi.advanceTimersByTimeAsync(149);
    await expect(call).resolves.toEqual(customer);
    expect(api.calls[0]!.request.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("accepts Infinity as no timeout: no timer, however long the answer takes", async () => {
    const api = scriptedFetch(answer.after(3_600_000, answer.json(200, customer)));
    const call = scripted(api, Number.POSITIVE_INFINITY).call("getCustomer", getCustomer);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1); // the answer's own; the client set none
    await vi.advanceTimersByTimeAsync(3_600_000);
    await expect(call).resolves.toEqual(customer);
  });

  it("the caller's abort wins over the timer, with the caller's reason", async () => {
    const api = scriptedFetch(answer.hang());
    const controller = new AbortController();
    const call = rejection(scripted(api, 150).call("getCustomer", getCustomer, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ kind: "aborted" });
    expect(api.calls[0]!.request.signal.reason).toMatchObject({ name: "AbortError" });
    expect(vi.getTimerCount()).toBe(0);
  });
});

// A custom fetch may ignore the signal it is handed: one that never settles,
// or a Response whose body never ends. The client enforces timeoutMs and the
// caller's signal itself, and cancels the body it gives up on.
describe("a custom fetch that ignores the signal (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const withFetch = (fetch: (request: Request) => Promise<Response>, timeoutMs: number) =>
    createTransport({ appId: "a", appToken: "t", baseUrl: "http://fake.test", fetch, timeoutMs });
  const neverSettles = () => new Promise<Response>(() => {});
  /** A 200 whose body sends "{" and then nothing, ever; `cancelled` resolves with the reason it is cancelled with. */
  function endlessBody() {
    let cancelled!: (reason: unknown) => void;
    const reason = new Promise<unknown>((resolve) => (cancelled = resolve));
    const fetch = async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")), cancel: cancelled }), { status: 200, headers: { "Content-Type": "application/json" } });
    return { fetch, cancelled: reason };
  }

  it("times out a fetch that never settles", async () => {
    const call = rejection(withFetch(neverSettles, 150).call("getCustomer", getCustomer));
    await vi.advanceTimersByTimeAsync(150);
    const error = await call;
    expect(error).toMatchObject({ kind: "timeout", timeoutMs: 150 });
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
  });

  it("times out a body that never ends, and cancels it", async () => {
    const body = endlessBody();
    const call = rejection(withFetch(body.fetch, 150).call("getCustomer", getCustomer));
    await vi.advanceTimersByTimeAsync(150);
    expect(await call).toMatchObject({ kind: "timeout" });
    expect(await body.cancelled).toMatchObject({ name: "TimeoutError" });
  });

  it.each([
    ["with a timeout", 150],
    ["with no timeout", Number.POSITIVE_INFINITY],
  ])("the caller's signal aborts a fetch that never settles, %s", async (_, timeoutMs) => {
    const controller = new AbortController();
    const call = rejection(withFetch(neverSettles, timeoutMs).call("getCustomer", getCustomer, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    expect(await call).toMatchObject({ kind: "aborted" });
  });

  it("the caller's signal aborts a body that never ends, and cancels it", async () => {
    const body = endlessBody();
    const controller = new AbortController();
    const call = rejection(withFetch(body.fetch, Number.POSITIVE_INFINITY).call("getCustomer", getCustomer, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    expect(await call).toMatchObject({ kind: "aborted" });
    expect(await body.cancelled).toMatchObject({ name: "AbortError" });
  });

  it.each([
    ["after the timeout", 150, undefined],
    ["after the caller's abort", Number.POSITIVE_INFINITY, new AbortController()],
  ])("cancels the body of a response that arrives %s, which nothing else would read", async (_, timeoutMs, controller) => {
    const body = endlessBody();
    let arrive!: () => void;
    const late = new Promise<void>((resolve) => (arrive = resolve));
    const lateFetch = async () => {
      await late;
      return body.fetch();
    };
    const call = rejection(withFetch(lateFetch, timeoutMs).call("getCustomer", getCustomer, controller ? { signal: controller.signal } : {}));
    await vi.advanceTimersByTimeAsync(0);
    controller?.abort();
    await vi.advanceTimersByTimeAsync(controller ? 0 : timeoutMs);
    expect(await call).toMatchObject({ kind: controller ? "aborted" : "timeout" });
    arrive();
    expect(await body.cancelled).toMatchObject({ name: controller ? "AbortError" : "TimeoutError" });
  });

  it("reads a body that comes in pieces, with a character split between them", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ object: "customer", id: "cust_ü" }));
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "ü"
    const fetch = async () =>
      new Response(new ReadableStream({ start: (c) => (c.enqueue(bytes.slice(0, split)), c.enqueue(bytes.slice(split)), c.close()) }), { status: 200 });
    await expect(withFetch(fetch, 150).call("getCustomer", getCustomer)).resolves.toEqual({ object: "customer", id: "cust_ü" });
  });
});
