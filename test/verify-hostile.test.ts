// verify against servers that prove nothing or attack it: a rate limit on
// every request ends "inconclusive" (exit 3) after waiting out Retry-After; a
// token echoed in an error body never shows, even cut short; a huge id or an
// endless body keeps the report and the memory bounded; a request that got no
// answer still prints a reproduction that replays it; a wrong app key is sent
// and shown as it is in the reproduction, never the real one.
import { afterEach, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { EXIT_CODES } from "../scripts/lib/verify/cli-options.js";
import { wrongKey } from "../scripts/lib/verify/coverage-cases.js";
import { junitXml } from "../scripts/lib/verify/junit.js";
import { MAX_LINK_VALUE_CHARS } from "../scripts/lib/verify/links.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { renderResults } from "../scripts/lib/verify/render-table.js";
import { runVerification, type VerifySettings } from "../scripts/lib/verify/run-verification.js";
import { MAX_BODY_BYTES } from "../scripts/lib/verify/send-request.js";
import { alwaysRateLimited, APP_KEYS, DEFECTS, engineServer, politeRateLimit, type Handle } from "./fixtures/verify/defects.js";
import { serveHandle } from "./fixtures/verify/engine-http.js";
import { bundledSpec } from "./support/spec.js";
import { verifyCli } from "./support/verify-cli.js";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const plan = (operations: string[]) => planOperations(bundledSpec, operationTable, { operations, allowWrites: true });

function settings(fetchImpl: typeof fetch, over: Partial<VerifySettings> = {}): VerifySettings & { waits: number[] } {
  const waits: number[] = [];
  return {
    baseUrl: "http://verify.test",
    credentials: { ...APP_KEYS },
    runs: 2,
    timeLimitMs: 30_000,
    requestTimeoutMs: 5_000,
    seed: 5,
    fetch: fetchImpl,
    // Retry-After is recorded, not waited: no test sleeps.
    sleep: async (ms) => void waits.push(ms),
    waits,
    ...over,
  };
}

const json = (status: number, body: unknown, type = "application/json") => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": type } });
const pathOf = (request: Request) => new URL(request.url).pathname;

describe("a server that proves nothing", () => {
  it("rate-limits every request: verify waits out Retry-After, then ends inconclusive, not passed", async () => {
    const run = settings(engineServer(alwaysRateLimited(1), "any").fetch);
    const report = await runVerification(bundledSpec, plan(["listCustomers", "getCustomer"]), run);
    expect(report.verdict).toBe("inconclusive");
    expect(report.ok).toBe(false);
    // Retry-After: 1 was honoured twice for the first request; once that did not help, no more waiting.
    expect(run.waits).toEqual([1000, 1000]);
    expect(report.inconclusive).toContainEqual(expect.stringMatching(/^listCustomers: no valid request got a 2xx \(answers: 429×\d+\): every answer was a 429/));
    expect(report.inconclusive).toContainEqual(expect.stringMatching(/^listCustomers: ignored_auth got \d+ answer\(s\), none of which could decide it/));
    expect(renderResults(report, "")).toMatch(/^INCONCLUSIVE: no check failed, but \d+ thing\(s\) could not be shown/m);
    expect(junitXml(report)).toMatch(/<testcase classname="inconclusive" name="1">\n {6}<error type="inconclusive" message="listCustomers: no valid request got a 2xx/);
  });

  it("rate-limits now and then: the request is sent again after Retry-After and the run passes", async () => {
    const run = settings(engineServer(politeRateLimit).fetch);
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), run);
    expect(run.waits.length).toBeGreaterThan(0);
    expect(new Set(run.waits)).toEqual(new Set([2000]));
    expect(report.verdict).toBe("passed");
  });

  it("answers only 401 when no app keys are given: inconclusive, not passed", async () => {
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), settings(engineServer().fetch, { credentials: {} }));
    expect(report.verdict).toBe("inconclusive");
    expect(report.inconclusive).toContainEqual(expect.stringMatching(/^listCustomers: no valid request got a 2xx \(answers: 401×\d+\): no app keys were given$/));
  });

  it("exits 3 on the command line, as documented, when every answer is a 429", async () => {
    // Retry-After beyond the time limit: verify does not wait for it.
    const server = await serveHandle(engineServer(alwaysRateLimited(120), "any").handle);
    servers.push(server);
    const { code, out } = await verifyCli("--base-url", server.url, "--app-id", APP_KEYS.appId, "--app-token", APP_KEYS.appToken, "--operations", "listCustomers", "--runs", "0", "--time-limit", "5");
    expect(out).toMatch(/^INCONCLUSIVE: /m);
    expect(code).toBe(EXIT_CODES.inconclusive);
    expect(code).toBe(3);
  });
});

describe("secrets in answers", () => {
  const token = "Tk9QzW3vLp7RxN2mBc5YdH4s";
  // The token starts 4 characters before the cut of each message (80 for a 5xx, 40 for a body that is not JSON).
  it.each([
    ["a text 500", 70, "text/plain"],
    ["a 500 that claims JSON", 30, "application/json"],
  ] as const)("never prints the app token %s echoes across a message's cut", async (_name, prefix, type) => {
    let count = 0;
    const echo = (handle: Handle): Handle => (request) =>
      ++count === 3 ? Promise.resolve(json(500, `${"x".repeat(prefix)}token=${request.headers.get("x-app-token")}`, type)) : handle(request);
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), settings(engineServer(echo, { ...APP_KEYS, appToken: token }).fetch, { credentials: { ...APP_KEYS, appToken: token } }));
    expect(report.verdict).toBe("failed");
    const printed = [renderResults(report, ""), junitXml(report), JSON.stringify(report)];
    expect(printed[0]).toContain("token=***");
    for (const text of printed) expect(text).not.toContain(token.slice(0, 4));
  });
});

describe("hostile answers", () => {
  it("keeps the report small when a create answers a huge id: no link follows it", async () => {
    const huge = "x".repeat(2 * 1024 * 1024);
    const hugeId = (handle: Handle): Handle => async (request) => {
      const response = await handle(request);
      if (request.method !== "POST" || pathOf(request) !== "/v1/customers" || response.status !== 200) return response;
      return json(200, { ...(await response.json()), id: huge });
    };
    const report = await runVerification(bundledSpec, plan(["createCustomer", "getCustomer", "deleteCustomerPermanently", "listCustomerActivity"]), settings(engineServer(hugeId).fetch));
    const text = JSON.stringify(report);
    expect(report.stateful?.sequences).toContain(`sub-resources: stopped, the create answered no id under ${MAX_LINK_VALUE_CHARS} characters`);
    expect(text.length).toBeLessThan(200_000);
    expect(renderResults(report, "").length).toBeLessThan(200_000);
    expect(huge.length).toBeGreaterThan(MAX_LINK_VALUE_CHARS);
  });

  it("stops reading an endless body at the cap and fails response_schema_conformance", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let pulled = 0;
    const endless = (async () =>
      new Response(new ReadableStream({ pull: (controller) => void (pulled++, controller.enqueue(chunk)) }), { status: 200, headers: { "content-type": "application/json" } })) as typeof fetch;
    const report = await runVerification(bundledSpec, plan(["getCustomer"]), settings(endless, { checks: new Set(["response_schema_conformance"]), runs: 0 }));
    const [failure] = report.operations[0]!.checks.response_schema_conformance!.failures;
    expect(failure!.message).toBe(`the body goes on past ${MAX_BODY_BYTES / 1024 / 1024} MiB; verify stopped reading it and cannot check it`);
    // At most the cap (and the chunk in flight) was read, not the stream's endless rest.
    expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES / chunk.byteLength + 2);
  });

  it("prints a reproduction that replays a request that got no answer", async () => {
    const server = engineServer();
    const resetOnLimit = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (new URL(request.url).searchParams.get("limit") === "1") throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      return server.fetch(input, init);
    }) as typeof fetch;
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), settings(resetOnLimit, { runs: 0 }));
    const failures = report.operations[0]!.checks.not_a_server_error!.failures;
    expect(failures).toContainEqual(expect.objectContaining({ message: "no answer: GET /v1/customers?limit=1: ECONNRESET", status: null, request: "GET /v1/customers?limit=1" }));
    const failure = failures.find((f) => f.request === "GET /v1/customers?limit=1")!;
    expect(failure.curl).toMatch(/^curl -X GET 'http:\/\/verify\.test\/v1\/customers\?limit=1' /);
    expect(failure.curl).toContain('"X-App-Token: $VOUCHERIFY_APP_TOKEN"');
  });
});

describe("wrong app keys", () => {
  it("sends a wrong token and a wrong app id; the replay shows the wrong token, never the real one", async () => {
    const defect = DEFECTS.find((d) => d.anyKeys)!;
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), settings(engineServer(defect.plant, "any").fetch, { runs: 0 }));
    const failures = report.operations[0]!.checks.ignored_auth!.failures;
    expect(failures.map((f) => f.message).sort()).toEqual(["with a wrong X-App-Id: status 200, expected 401", "with a wrong X-App-Token: status 200, expected 401"]);
    const wrongToken = failures.find((f) => f.message.startsWith("with a wrong X-App-Token"))!;
    expect(wrongToken.curl).toContain(`'X-App-Token: ${wrongKey(APP_KEYS.appToken, 5 + 1)}'`);
    expect(JSON.stringify(report)).not.toContain(APP_KEYS.appToken);
  });

  it("makes a wrong key of the same shape that shares nothing else with the real one", () => {
    const real = "3f2a9c1e-77b4-4d1a-9c0e-5b8f2d6a1e90";
    const wrong = wrongKey(real, 1);
    expect(wrong).toHaveLength(real.length);
    expect(wrong.replace(/[0-9a-z]/g, "_")).toBe(real.replace(/[0-9a-z]/g, "_"));
    expect(wrong).not.toBe(real);
    expect(wrongKey(real, 1)).toBe(wrong);
  });

  it("sends no wrong keys when told not to (a mock that takes any keys)", async () => {
    const report = await runVerification(bundledSpec, plan(["listCustomers"]), settings(engineServer((h) => h, "any").fetch, { runs: 0, wrongCredentials: false }));
    expect(report.operations[0]!.checks.ignored_auth!.failures).toEqual([]);
    expect(report.verdict).toBe("passed");
  });
});
