// Opt-in retries: only idempotent operations, only for 429/502/503/504,
// network failures and timed-out attempts; Retry-After honoured; bounded in
// count and in total time; abortable while waiting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { createCustomersClient, type RetryOptions } from "../src/client.js";
import { backoffDelay, parseRetryAfter } from "../src/client/retry.js";
import { createTransport } from "../src/client/transport.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { inputFor, operationIds } from "./support/operation-input.js";
import { rejection } from "./support/rejection.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const customer = { object: "customer", id: "cust_1" };
const getCustomer = { path: { customerId: "cust_1" } };
const fast: RetryOptions = { max: 3, baseDelayMs: 5, maxDelayMs: 20 };
const transport = (retries: RetryOptions | false = fast, timeoutMs = 5000) =>
  createTransport({ appId: "a", appToken: "app-token-0123456789", baseUrl: server.url, retries, timeoutMs });

const gap = (i: number) => server.requests[i]!.at - server.requests[i - 1]!.at;

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

  it("retries an attempt that timed out", async () => {
    server.answer(reply.slow(2000, reply.json(200, customer)), reply.json(200, customer));
    await expect(transport(fast, 100).call("getCustomer", getCustomer)).resolves.toEqual(customer);
    expect(server.requests).toHaveLength(2);
  });

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

describe("Retry-After", () => {
  it("waits the seconds a 429 asks for", async () => {
    server.answer(reply.json(429, { code: 429, message: "slow down" }, { "Retry-After": "1" }), reply.json(200, customer));
    await expect(transport().call("getCustomer", getCustomer)).resolves.toEqual(customer);
    expect(gap(1)).toBeGreaterThanOrEqual(950);
    expect(gap(1)).toBeLessThan(2000);
  });

  it("waits until an HTTP date", async () => {
    // HTTP dates have whole seconds, so the wait is between one and two seconds.
    const at = new Date(Date.now() + 2000).toUTCString();
    server.answer(reply.json(503, { code: 503, message: "maintenance" }, { "Retry-After": at }), reply.json(200, customer));
    await expect(transport().call("getCustomer", getCustomer)).resolves.toEqual(customer);
    expect(gap(1)).toBeGreaterThanOrEqual(900);
    expect(gap(1)).toBeLessThan(2600);
  });

  it("gives up at once, with retryAfterMs, when the wait would not fit the time budget", async () => {
    server.answer(reply.json(429, { code: 429, key: "too_many_requests", message: "slow down" }, { "Retry-After": "120" }), reply.json(200, customer));
    const start = performance.now();
    const error = await rejection(transport({ max: 3, maxElapsedMs: 5000 }).call("getCustomer", getCustomer));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toMatchObject({ kind: "api", status: 429, key: "too_many_requests", retryAfterMs: 120_000, attempts: 1 });
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

  it("stops when the total time budget is spent, however many retries are left", async () => {
    server.answer(reply.json(503, { code: 503, message: "down" }));
    const start = performance.now();
    const error = await rejection(transport({ max: 1000, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 400 }).call("getCustomer", getCustomer));
    const elapsed = performance.now() - start;
    expect(elapsed).toBeLessThan(1200);
    expect(error.attempts).toBeGreaterThan(1);
    expect(error.attempts).toBeLessThan(60);
    expect(server.requests).toHaveLength(error.attempts);
  });

  it("a timed-out final attempt rejects with kind timeout", async () => {
    server.answer(reply.slow(2000, reply.json(200, customer)));
    const error = await rejection(transport({ max: 1, baseDelayMs: 5 }, 100).call("getCustomer", getCustomer));
    expect(error).toMatchObject({ kind: "timeout", attempts: 2 });
  });

  it("the caller's signal cancels the wait between attempts", async () => {
    server.answer(reply.json(503, { code: 503, message: "down" }, { "Retry-After": "10" }), reply.json(200, customer));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const start = performance.now();
    const error = await rejection(transport({ max: 3, maxElapsedMs: 60_000 }).call("getCustomer", getCustomer, { signal: controller.signal }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(server.requests).toHaveLength(1);
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
