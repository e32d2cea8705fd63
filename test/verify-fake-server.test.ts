// verify's reports and command line: against a deliberately wrong local
// node:http server each kind of wrong answer is reported by its check with
// its JSON Pointer; writes stay off unless asked for; runs are bounded; the
// command line prints a reproduction, writes JUnit and JSON, and exits 0, 1
// or 2 as documented.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/operations.js";
import { freePort } from "../scripts/lib/mock/prism-process.js";
import { CHECK_NAMES, DEFAULT_CHECKS, type CheckName } from "../scripts/lib/verify/checks.js";
import { parseVerifyCommand } from "../scripts/lib/verify/cli-options.js";
import { PlanError, planOperations } from "../scripts/lib/verify/operation-plan.js";
import { runVerification, type VerifySettings } from "../scripts/lib/verify/run-verification.js";
import { DEFECTS, engineServer } from "./fixtures/verify/defects.js";
import { documentedAnswers, misbehave } from "./fixtures/verify/documented-answers.js";
import { serveHandle } from "./fixtures/verify/engine-http.js";
import { startFakeServer, type FakeServer } from "./fixtures/verify/fake-server.js";
import { bundledSpec } from "./support/spec.js";
import { verifyCli } from "./support/verify-cli.js";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(respond: Parameters<typeof startFakeServer>[0]): Promise<FakeServer> {
  const server = await startFakeServer(respond);
  servers.push(server);
  return server;
}

// The fake server answers every request with its documented success, right or
// wrong: only the checks that read an answer on its own apply to it.
const responseChecks = new Set<CheckName>(["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance", "response_schema_conformance"]);

const settings = (url: string, over: Partial<VerifySettings> = {}): VerifySettings => ({
  baseUrl: url,
  credentials: { appId: "app-id", appToken: "app-token" },
  // The documented examples show each wrong answer; generated requests would only be shrunk to the same finding.
  runs: 0,
  timeLimitMs: 10_000,
  requestTimeoutMs: 5_000,
  seed: 7,
  checks: responseChecks,
  ...over,
});

const everything = () => planOperations(bundledSpec, operationTable, { allowWrites: true });
const withField = documentedAnswers.filter((a) => a.requiredField);
const failuresOf = (report: Awaited<ReturnType<typeof runVerification>>, id: string, check: CheckName) => report.operations.find((r) => r.id === id)?.checks[check]?.failures ?? [];

describe("verify's response checks against a deliberately wrong server", () => {
  it("finds nothing wrong with documented answers", async () => {
    const server = await fake(misbehave("none"));
    const report = await runVerification(bundledSpec, everything(), settings(server.url));
    expect(report.ok).toBe(true);
    expect(server.received.every((r) => r.headers["x-app-id"] === "app-id" && r.headers["x-app-token"] === "app-token")).toBe(true);
  });

  it("reports a missing required field at its JSON Pointer, under response_schema_conformance", async () => {
    expect(withField.length).toBeGreaterThan(0);
    const server = await fake(misbehave("missing-required"));
    const report = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const answer of withField) {
      expect(failuresOf(report, answer.id, "response_schema_conformance"), answer.id).toContainEqual(expect.objectContaining({ pointer: `/${answer.requiredField}`, message: "is required" }));
    }
  });

  it("reports a wrong type at its JSON Pointer", async () => {
    const server = await fake(misbehave("wrong-type"));
    const report = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const answer of withField) {
      expect(failuresOf(report, answer.id, "response_schema_conformance"), answer.id).toContainEqual(expect.objectContaining({ pointer: `/${answer.requiredField}`, message: expect.stringMatching(/^must be /) }));
    }
  });

  it("reports an undocumented status under status_code_conformance alone", async () => {
    const server = await fake(misbehave("undocumented-status"));
    const report = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const result of report.operations) {
      expect(Object.keys(result.checks).filter((c) => result.checks[c as CheckName]!.failures.length > 0)).toEqual(["status_code_conformance"]);
      expect(result.checks.status_code_conformance!.failures[0]!.message).toContain("status 418 is not documented");
      expect(result.statuses).toEqual({ 418: result.calls });
    }
  });

  it("reports a body that is not JSON", async () => {
    const server = await fake(misbehave("not-json"));
    const report = await runVerification(bundledSpec, everything(), settings(server.url));
    const withBody = documentedAnswers.filter((a) => a.example !== undefined);
    expect(withBody.length).toBeGreaterThan(0);
    for (const answer of withBody) expect(failuresOf(report, answer.id, "response_schema_conformance")).toContainEqual(expect.objectContaining({ pointer: "", message: expect.stringMatching(/^is not valid JSON/) }));
  });
});

describe("verify's safety and bounds", () => {
  it("runs only read-only operations unless --allow-writes is given", async () => {
    const server = await fake(misbehave("none"));
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: false });
    const writers = Object.entries(operationTable).filter(([, f]) => !["get", "head", "options"].includes(f.method)).map(([id]) => id);
    expect(plan.skipped.map((s) => s.id).sort()).toEqual(writers.sort());
    await runVerification(bundledSpec, plan, settings(server.url, { checks: new Set(DEFAULT_CHECKS) }));
    expect(server.received.length).toBeGreaterThan(plan.run.length);
    expect(server.received.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("refuses a write operation named without --allow-writes", () => {
    const writer = Object.keys(operationTable).find((id) => operationTable[id as keyof typeof operationTable].method === "post")!;
    expect(() => planOperations(bundledSpec, operationTable, { operations: [writer], allowWrites: false })).toThrow(PlanError);
    expect(() => planOperations(bundledSpec, operationTable, { operations: [writer], allowWrites: false })).toThrow(`${writer} writes (POST`);
  });

  it("stops an operation at its time limit, and being cut off is no failure", async () => {
    // The test plays the clock: Date is faked (verify's budget reads Date.now()) and the in-process
    // server below moves it on by a minute per answer, so the budget runs out after a known number of
    // requests however busy the machine is. One answer that would land after the deadline is left to
    // verify's own request timer, which is the time left (20 real ms): the clock then reads the deadline.
    vi.useFakeTimers({ toFake: ["Date"] });
    const answerMs = 60_000;
    const timeLimitMs = 3 * answerMs + 20;
    const deadline = Date.now() + timeLimitMs;
    const received: Array<{ answered: boolean; abortReason?: string }> = [];
    const slowServer = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const answersAt = Date.now() + answerMs;
      if (answersAt > deadline) {
        const seen: (typeof received)[number] = { answered: false };
        received.push(seen);
        vi.setSystemTime(deadline);
        await new Promise<never>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true })).catch((reason: unknown) => {
          seen.abortReason = (reason as Error).name;
          throw reason;
        });
      }
      received.push({ answered: true });
      vi.setSystemTime(answersAt);
      const { pathname, search } = new URL(request.url);
      const answer = misbehave("none")({ method: request.method, path: pathname + search, headers: {} });
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": answer.contentType ?? "application/json" } });
    }) as typeof fetch;
    const plan = planOperations(bundledSpec, operationTable, { operations: [withField[0]!.id], allowWrites: true });
    // 100 runs, far more than fit: once cut off, each remaining run still costs fast-check a generated case
    // (its own time limit runs on the real clock, which this test does not move).
    const report = await runVerification(bundledSpec, plan, settings("http://verify.test", { runs: 100, timeLimitMs, requestTimeoutMs: 10 * answerMs, fetch: slowServer }));
    const [result] = report.operations;
    // Three answers fit the budget, the fourth request was cut off by it, and nothing was sent after: never the 100 runs.
    expect(received).toEqual([{ answered: true }, { answered: true }, { answered: true }, { answered: false, abortReason: "TimeoutError" }]);
    expect(Date.now()).toBe(deadline);
    expect(result!.timedOut).toBe(true);
    expect(result!.calls).toBe(3);
    expect(report.ok).toBe(true);
  });
});

describe("verify's command line", () => {
  it("exits 2 with a clear sentence for a missing flag", async () => {
    const noUrl = await verifyCli();
    expect(noUrl.err).toContain("verify: --base-url is required");
    expect(noUrl.code).toBe(2);
  });

  it("names the flag in every usage error (parsed in process)", () => {
    const parse = (...args: string[]) => () => parseVerifyCommand(["--base-url", "http://127.0.0.1:1", ...args], {});
    expect(parse("--runs", "lots")).toThrow('--runs must be a whole number from 0 to 1000, got "lots"');
    expect(() => parseVerifyCommand(["--base-url", "localhost:4010"], {})).toThrow("--base-url must use http or https");
    expect(parse("--checks", "status_code_conformance,ignore_auth")).toThrow(`unknown check(s): ignore_auth. The checks are: ${CHECK_NAMES.join(", ")}`);
    expect(parse("--checks", "max_response_time")).toThrow("max_response_time needs a limit: add --max-response-time MS");
    expect(parse("--max-response-time", "0")).toThrow("--max-response-time must be a whole number from 1 to 600000");
    expect(parse("--junit", "")).toThrow("--junit needs a file name");
    expect(parse("--checks", "ignored_auth", "--max-response-time", "500")().settings).toMatchObject({ checks: new Set(["ignored_auth", "max_response_time"]), maxResponseTimeMs: 500 });
    expect(parse()().settings.checks).toEqual(new Set(DEFAULT_CHECKS));
    expect(() => planOperations(bundledSpec, operationTable, { operations: ["getCustomre"], allowWrites: false })).toThrow(`unknown operation(s): getCustomre. The spec has: ${Object.keys(operationTable).join(", ")}`);
  });

  it("exits 2 when nothing answers at the URL", async () => {
    const port = await freePort();
    const { code, err } = await verifyCli("--base-url", `http://127.0.0.1:${port}`, "--allow-writes", "--runs", "0");
    expect(err).toMatch(/verify: could not reach the server: .*ECONNREFUSED/);
    expect(code).toBe(2);
  });

  it("prints the failed check with its smallest request, a curl line and the seed, writes JUnit, and exits 1", async () => {
    const defect = DEFECTS.find((d) => d.check === "ignored_auth")!;
    const token = "secret-app-token-123";
    const server = await serveHandle(engineServer(defect.plant, { appId: "app", appToken: token }).handle);
    servers.push(server);
    const junit = join(mkdtempSync(join(tmpdir(), "verify-junit-")), "verify.xml");
    const { code, out, err } = await verifyCli("--base-url", server.url, "--app-id", "app", "--app-token", token, "--operations", "listCustomers,getCustomer", "--runs", "2", "--seed", "9", "--junit", junit);
    expect(err).toBe("");
    expect(out).toMatch(/^listCustomers\s+\d+\s+.*\s+ignored_auth \(\d+\)/m);
    expect(out).toContain("listCustomers (GET /v1/customers) · ignored_auth: ");
    expect(out).toMatch(/^ {2}without credentials: status 200, expected 401$/m);
    expect(out).toMatch(/^ {4}request: GET \/v1\/customers\?limit=10 -> 200$/m);
    expect(out).toContain(`    reproduce: curl -X GET '${server.url}/v1/customers?limit=10' -H 'Accept: application/json'\n`);
    expect(out).toMatch(/^ {4}seed 9, phase coverage, seen 1×$/m);
    expect(out).toMatch(/^FAIL: ignored_auth \(\d+\); \d+ answer\(s\) in all\. Rerun with --seed 9 to repeat\.$/m);
    expect(out).not.toContain(token);
    expect(code).toBe(1);

    const xml = readFileSync(junit, "utf8");
    expect(xml).not.toContain(token);
    expect(xml.match(/<testcase /g)).toHaveLength(2 * DEFAULT_CHECKS.length);
    expect(xml).toMatch(/<testcase classname="listCustomers" name="ignored_auth">\n {6}<failure type="ignored_auth" message="without credentials: status 200, expected 401">/);
    expect(xml).toContain('<testcase classname="getCustomer" name="status_code_conformance"/>');
    expect(xml).toMatch(/<testcase classname="getCustomer" name="missing_required_header">\n {6}<skipped /);
    // 27 skipped: the checks with nothing to look at here (write sequences, the other operation's list checks, …).
    expect(xml).toMatch(new RegExp(`<testsuites name="[^"]*" tests="${2 * DEFAULT_CHECKS.length}" failures="2" errors="0" skipped="27">`));
  });

  it("passes with that check turned off, and prints the report as JSON", async () => {
    const defect = DEFECTS.find((d) => d.check === "ignored_auth")!;
    const server = await serveHandle(engineServer(defect.plant, { appId: "app", appToken: "token-of-app" }).handle);
    servers.push(server);
    const checks = DEFAULT_CHECKS.filter((c) => c !== "ignored_auth");
    const { code, out } = await verifyCli("--base-url", server.url, "--app-id", "app", "--app-token", "token-of-app", "--operations", "listCustomers", "--runs", "2", "--seed", "9", "--checks", checks.join(","), "--json");
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: true, seed: 9, checks });
    expect(report.operations.map((r: { id: string }) => r.id)).toEqual(["listCustomers"]);
    expect(code).toBe(0);
  });
});
