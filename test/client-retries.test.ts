// Opt-in retries: only idempotent operations, only for 429/502/503/504,
// network failures and timed-out attempts; Retry-After honoured; bounded in
// count and in total time; abortable while waiting. What goes on the wire is
// tested against a real local server; the waits, on a fake clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createCustomersClient, type RetryOptions } from "../src/client.js";
import { backoffDelay, parseRetryAfter } from "../src/client/retry.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { inputFor, operationIds } from "./support/operation-input.js";
import { rejection } from "./support/rejection.js";
import { answer, scriptedFetch, type ScriptedFetch } from "./support/scripted-fetch.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const customer = { object: "customer", id: "cust_1" };
const getCustomer = { path: { customerId: "cust_1" } };
const fast: RetryOptions = { max: 3, baseDelayMs: 5, maxDelayMs: 20 };
// The client's default timeout (30 s) unless a test is about timeouts: a loaded machine never comes near it.
const transport = (retries: RetryOptions | false = fast, timeoutMs?: number) =>
  createTransport({ appId: "a", appToken: "app-token-0123456789", baseUrl: server.url, retries, ...(timeoutMs ? { timeoutMs } : {}) });

describe("what is retried", () => {
  it.each([429, 502, 503, 504])("retries a GET after %i and resolves with the answer that follows", async (status) => {
    server.answer(reply.json(status, { code: status, message: "later" }), reply.json(status, { code: status, message: "later" }), reply.json(200, customer));
    await expect(transport().call("getCustomer", getCustomer)).resolves.toEqual(customer);
    expect(server.requests).toHaveLength(3);
  });

  it.each([400, 401, 404, 500])("does not retry a GET after %i", async (status) => {
    server.answer(reply.json(status, { code: status, message: "no" }), reply.json(200, customer));
    const error = await rejection(transport().call("getCustomer", getCustomer));
    expect(error).toMatchObject({ status, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a dropped connection", async () => {
    server.answer(reply.drop(), reply.json(200, customer));
    await expect(transport().call("getCustomer", getCustomer)).resolves.toEqual(customer);
    expect(server.requests).toHaveLength(2);
  });

  // An attempt that timed out is retried: "waits between attempts" below (an in-process fetch, so the
  // answer in time cannot lose to a busy machine) and "a timed-out final attempt" (real sockets).

  // Written out here rather than imported, so a change in the client's list shows up as a failure.
  const idempotent = new Set(["get", "put", "delete"]);
  it.each(operationIds.map((id) => [id, operationTable[id].method] as const))("%s (%s) is retried only when idempotent", async (operationId, method) => {
    server.answer(reply.json(503, { code: 503, message: "later" }), reply.empty(204), reply.json(200, {}));
    const outcome = transport().call(operationId, inputFor(operationId));
    if (idempotent.has(method)) {
      await expect(outcome).resolves.toBeUndefined();
      expect(server.requests).toHaveLength(2);
    } else {
      expect(await rejection(outcome)).toMatchObject({ status: 503, attempts: 1 });
      expect(server.requests).toHaveLength(1);
    }
  });

  it("applies to the public client's methods, per call too", async () => {
    const client = createCustomersClient({ appId: "a", appToken: "t", baseUrl: server.url, retries: { max: 2, baseDelayMs: 5 } });
    server.answer(reply.json(502, { code: 502, message: "gateway" }), reply.json(200, customer));
    await expect(client.customers.get("cust_1")).resolves.toEqual(customer);
    expect(server.requests.map((r) => r.url)).toEqual(["/v1/customers/cust_1", "/v1/customers/cust_1"]);
    server.answer(reply.json(502, { code: 502, message: "gateway" }), reply.json(200, customer));
    expect(await rejection(client.customers.get("cust_1", { retries: false }))).toMatchObject({ status: 502, attempts: 1 });
  });

  it("retries nothing unless asked to", async () => {
    server.answer(reply.json(503, { code: 503, message: "later" }), reply.json(200, customer));
    expect(await rejection(transport(false).call("getCustomer", getCustomer))).toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("a per-call retries: false turns the client's retries off", async () => {
    server.answer(reply.json(503, { code: 503, message: "later" }), reply.json(200, customer));
    await rejection(transport().call("getCustomer", getCustomer, { retries: false }));
    expect(server.requests).toHaveLength(1);
  });
});

describe("bounds", () => {
  it("stops after max retries and says how many attempts were made", async () => {
    server.answer(reply.json(503, { code: 503, message: "down" }));
    const error = await rejection(transport({ max: 2, baseDelayMs: 5 }).call("getCustomer", getCustomer));
    expect(error).toMatchObject({ kind: "api", status: 503, attempts: 3 });
    expect(error.message).toBe("getCustomer (GET /v1/customers/{customerId}) failed with 503: down (after 3 attempts)");
    expect(server.requests).toHaveLength(3);
  });

  it("a timed-out final attempt rejects with kind timeout", async () => {
    // Real 50 ms timers against a server that never answers: only the timer can end each attempt.
    server.answer(reply.hang());
    const error = await rejection(transport({ max: 1, baseDelayMs: 5 }, 50).call("getCustomer", getCustomer));
    expect(error).toMatchObject({ kind: "timeout", attempts: 2 });
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
  });
});

// The waits themselves, on vitest's fake clock against an in-process fetch (no
// sockets for fake timers to stall): each wait is stepped through to the
// millisecond, so nothing here depends on how busy the machine is.
describe("waits between attempts (fake clock)", () => {
  const T0 = Date.parse("2025-06-01T12:00:00.000Z");
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const scripted = (api: ScriptedFetch, retries: RetryOptions, timeoutMs?: number) =>
    createTransport({ appId: "a", appToken: "app-token-0123456789", baseUrl: "http://fake.test", fetch: api.fetch, retries, ...(timeoutMs ? { timeoutMs } : {}) });
  const sentAt = (api: ScriptedFetch) => api.calls.map((c) => c.at - T0);
  /** Lets the in-process exchange run (microtasks and due timers) without moving the clock. */
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it("waits exactly the seconds a 429's Retry-After asks for", async () => {
    const api = scriptedFetch(answer.json(429, { code: 429, message: "slow down" }, { "Retry-After": "1" }), answer.json(200, customer));
    const call = scripted(api, { max: 3 }).call("getCustomer", getCustomer);
    await vi.advanceTimersByTimeAsync(999);
    expect(sentAt(api)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toEqual(customer);
    expect(sentAt(api)).toEqual([0, 1000]);
  });

  it("waits until an HTTP date", async () => {
    // T0 is on a whole second, as HTTP dates are, so the wait is exactly 2 s.
    const at = new Date(T0 + 2000).toUTCString();
    const api = scriptedFetch(answer.json(503, { code: 503, message: "maintenance" }, { "Retry-After": at }), answer.json(200, customer));
    const call = scripted(api, { max: 3 }).call("getCustomer", getCustomer);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sentAt(api)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toEqual(customer);
    expect(sentAt(api)).toEqual([0, 2000]);
  });

  it("gives up at once, with retryAfterMs, when the wait would not fit the time budget", async () => {
    const api = scriptedFetch(answer.json(429, { code: 429, key: "too_many_requests", message: "slow down" }, { "Retry-After": "120" }), answer.json(200, customer));
    const call = rejection(scripted(api, { max: 3, maxElapsedMs: 5000 }).call("getCustomer", getCustomer));
    await settle();
    // Settled with no time passing and no wait left scheduled.
    expect(Date.now()).toBe(T0);
    expect(vi.getTimerCount()).toBe(0);
    expect(await call).toMatchObject({ kind: "api", status: 429, key: "too_many_requests", retryAfterMs: 120_000, attempts: 1 });
    expect(api.calls).toHaveLength(1);
  });

  it("gives up at once, with retryAfterMs, when the wait is longer than a timer can hold, whatever the budget", async () => {
    // 30 days: over 2^31-1 ms, which setTimeout would cut to 1 ms (a retry at once, with a TimeoutOverflowWarning).
    const api = scriptedFetch(answer.json(429, { code: 429, message: "slow down" }, { "Retry-After": "2592000" }), answer.json(200, customer));
    const call = rejection(scripted(api, { max: 3, maxElapsedMs: Number.MAX_SAFE_INTEGER }).call("getCustomer", getCustomer));
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    expect(await call).toMatchObject({ kind: "api", status: 429, retryAfterMs: 2_592_000_000, attempts: 1 });
    expect(api.calls).toHaveLength(1);
  });

  it("backs off with the jittered, doubling delay of each retry", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const api = scriptedFetch(answer.json(503, { code: 503, message: "down" }));
    const call = rejection(scripted(api, { max: 3, baseDelayMs: 5, maxDelayMs: 20 }).call("getCustomer", getCustomer));
    await vi.runAllTimersAsync();
    expect(await call).toMatchObject({ status: 503, attempts: 4 });
    // Waits of floor(0.999 · min(20, 5 · 2^(n-1))): 4, 9 and 19 ms.
    expect(sentAt(api)).toEqual([0, 4, 13, 32]);
  });

  it("stops when the total time budget is spent, however many retries are left", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const api = scriptedFetch(answer.json(503, { code: 503, message: "down" }));
    const call = rejection(scripted(api, { max: 1000, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 400 }).call("getCustomer", getCustomer));
    await vi.runAllTimersAsync();
    // Every wait is 99 ms; a fifth would end at 495 ms, past the 400 ms budget, so the call ends at 396.
    expect(await call).toMatchObject({ status: 503, attempts: 5 });
    expect(sentAt(api)).toEqual([0, 99, 198, 297, 396]);
    expect(Date.now() - T0).toBe(396);
  });

  it("retries an attempt that timed out, after its backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const api = scriptedFetch(answer.hang(), answer.json(200, customer));
    const call = scripted(api, fast, 50).call("getCustomer", getCustomer);
    await vi.advanceTimersByTimeAsync(49);
    expect(api.calls[0]!.request.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.calls[0]!.request.signal.reason).toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(4);
    await expect(call).resolves.toEqual(customer);
    // Timed out at 50 ms, then the first backoff, floor(0.999 · 5) = 4 ms.
    expect(sentAt(api)).toEqual([0, 54]);
  });

  it("the caller's signal cancels the wait between attempts", async () => {
    const api = scriptedFetch(answer.json(503, { code: 503, message: "down" }, { "Retry-After": "10" }), answer.json(200, customer));
    const controller = new AbortController();
    const call = rejection(scripted(api, { max: 3, maxElapsedMs: 60_000 }).call("getCustomer", getCustomer, { signal: controller.signal }));
    await settle();
    expect(vi.getTimerCount()).toBe(1); // the 10 s wait has begun
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(error.cause).toMatchObject({ name: "AbortError" });
    // Cancelled, not waited out: no time passed and the wait's timer is gone.
    expect(Date.now()).toBe(T0);
    expect(vi.getTimerCount()).toBe(0);
    expect(api.calls).toHaveLength(1);
  });
});

describe("retry options", () => {
  it.each([
    [{ max: -1 }, "retries.max must be a whole number >= 0, got -1."],
    [{ max: 1.5 }, "retries.max must be a whole number >= 0, got 1.5."],
    [{}, "retries.max must be a whole number >= 0, got undefined."],
    [{ max: 2, baseDelayMs: -10 }, "retries.baseDelayMs must be a finite number of milliseconds >= 0, got -10."],
    [{ max: 2, maxElapsedMs: Number.POSITIVE_INFINITY }, "retries.maxElapsedMs must be a finite number of milliseconds >= 0, got Infinity."],
    [3, "retries must be an object like { max: 2 } or false, got 3."],
  ])("rejects %j with a clear TypeError", (retries, message) => {
    expect(() => createTransport({ appId: "a", appToken: "t", baseUrl: server.url, retries: retries as RetryOptions })).toThrow(new TypeError(message));
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  it.each([
    ["0", 0],
    ["7", 7000],
    [" 120 ", 120_000],
    ["Sun, 01 Jun 2025 12:00:30 GMT", 30_000],
    ["Sun, 01 Jun 2025 11:59:00 GMT", 0],
    ["", undefined],
    ["soon", undefined],
    ["-5", undefined],
    ["1.5", undefined],
    [null, undefined],
  ])("reads %j as %s ms", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe("backoffDelay (full jitter)", () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
  it("is 0 when the random draw is 0", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it("doubles its ceiling each retry until maxDelayMs", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("spreads waits across the whole range", () => {
    const draws = Array.from({ length: 2000 }, () => backoffDelay(4, policy));
    expect(Math.min(...draws)).toBeLessThan(100);
    expect(Math.max(...draws)).toBeGreaterThan(700);
    expect(Math.max(...draws)).toBeLessThan(800);
  });
});
