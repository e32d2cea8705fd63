// `npm run verify` against a deliberately wrong local node:http server: each
// kind of wrong answer is reported with its JSON Pointer; writes stay off
// unless asked for; runs are bounded in count and time.
import { afterEach, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { freePort } from "../scripts/lib/prism-process.js";
import { PlanError, planOperations } from "../scripts/lib/verify/operation-plan.js";
import { exampleCases } from "../scripts/lib/verify/request-cases.js";
import { runVerification, type VerifySettings } from "../scripts/lib/verify/run-verification.js";
import { documentedAnswers, misbehave, answerFor } from "./fixtures/verify/documented-answers.js";
import { startFakeServer, type FakeServer } from "./fixtures/verify/fake-server.js";
import { bundledSpec } from "./support/spec.js";
import { verifyCli } from "./support/verify-cli.js";

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(respond: Parameters<typeof startFakeServer>[0]) {
  const server = await startFakeServer(respond);
  servers.push(server);
  return server;
}

const settings = (url: string, over: Partial<VerifySettings> = {}): VerifySettings => ({
  baseUrl: url,
  credentials: { appId: "app-id", appToken: "app-token" },
  runs: 2,
  timeLimitMs: 10_000,
  requestTimeoutMs: 5_000,
  seed: 7,
  ...over,
});

const everything = () => planOperations(bundledSpec, operationTable, { allowWrites: true });
const withField = documentedAnswers.filter((a) => a.requiredField);

describe("verify against a server that answers as documented", () => {
  it("finds no violation in any operation", async () => {
    const server = await fake(misbehave("none"));
    const results = await runVerification(bundledSpec, everything(), settings(server.url));
    expect(results.map((r) => r.id).sort()).toEqual(Object.keys(operationTable).sort());
    for (const r of results) {
      expect(r.violations, r.id).toEqual([]);
      expect(r.conforming).toBe(r.calls);
    }
    expect(server.received.every((r) => r.headers["x-app-id"] === "app-id" && r.headers["x-app-token"] === "app-token")).toBe(true);
  });
});

describe("verify against a deliberately wrong server", () => {
  it("reports a missing required field at its JSON Pointer", async () => {
    expect(withField.length).toBeGreaterThan(0);
    const server = await fake(misbehave("missing-required"));
    const results = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const answer of withField) {
      const result = results.find((r) => r.id === answer.id)!;
      expect(result.violations, answer.id).toContainEqual(expect.objectContaining({ where: "body", pointer: `/${answer.requiredField}`, message: "is required", count: result.calls }));
      expect(result.conforming).toBe(0);
    }
  });

  it("reports a wrong type at its JSON Pointer", async () => {
    const server = await fake(misbehave("wrong-type"));
    const results = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const answer of withField) {
      const result = results.find((r) => r.id === answer.id)!;
      expect(result.violations, answer.id).toContainEqual(expect.objectContaining({ where: "body", pointer: `/${answer.requiredField}`, message: expect.stringMatching(/^must be /) }));
    }
  });

  it("reports an undocumented status", async () => {
    const server = await fake(misbehave("undocumented-status"));
    const results = await runVerification(bundledSpec, everything(), settings(server.url));
    for (const result of results) {
      expect(result.violations).toEqual([expect.objectContaining({ where: "status", message: expect.stringContaining("status 418 is not documented") })]);
      expect(result.statuses).toEqual({ 418: result.calls });
    }
  });

  it("reports a body that is not JSON", async () => {
    const server = await fake(misbehave("not-json"));
    const results = await runVerification(bundledSpec, everything(), settings(server.url));
    const withBody = results.filter((r) => answerFor({ method: r.method.toUpperCase(), path: r.path, headers: {} }).example !== undefined);
    expect(withBody.length).toBeGreaterThan(0);
    for (const result of withBody) expect(result.violations).toContainEqual(expect.objectContaining({ where: "body", pointer: "", message: expect.stringMatching(/^is not valid JSON/) }));
  });

  it("prints the table with each violation and exits 1", async () => {
    const server = await fake(misbehave("missing-required"));
    const target = withField[0]!;
    const { code, out } = await verifyCli("--base-url", server.url, "--app-id", "a", "--app-token", "b", "--operations", target.id, "--allow-writes", "--runs", "1", "--seed", "3");
    expect(out).toMatch(new RegExp(`^${target.id}\\s+(\\d+)\\s+0\\s+\\1\\s`, "m"));
    expect(out).toContain(`  /${target.requiredField}: is required  [`);
    expect(out).toMatch(/^FAIL: \d+ of \d+ answer\(s\) do not conform to the spec\.$/m);
    expect(code).toBe(1);
  });
});

describe("verify's safety and bounds", () => {
  it("runs only read-only operations unless --allow-writes is given", async () => {
    const server = await fake(misbehave("none"));
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: false });
    const writers = Object.entries(operationTable).filter(([, f]) => !["get", "head", "options"].includes(f.method)).map(([id]) => id);
    expect(plan.skipped.map((s) => s.id).sort()).toEqual(writers.sort());
    await runVerification(bundledSpec, plan, settings(server.url));
    expect(server.received.filter((r) => r.method !== "GET")).toEqual([]);
    expect(server.received.length).toBe(plan.run.reduce((n, op) => n + exampleCases(bundledSpec, op, 7).length + 2, 0));
  });

  it("refuses a write operation named without --allow-writes", () => {
    const writer = Object.keys(operationTable).find((id) => operationTable[id as keyof typeof operationTable].method === "post")!;
    expect(() => planOperations(bundledSpec, operationTable, { operations: [writer], allowWrites: false })).toThrow(PlanError);
    expect(() => planOperations(bundledSpec, operationTable, { operations: [writer], allowWrites: false })).toThrow(`${writer} writes (POST`);
  });

  it("sends the documented examples plus exactly --runs generated requests", async () => {
    const server = await fake(misbehave("none"));
    const plan = everything();
    const results = await runVerification(bundledSpec, plan, settings(server.url, { runs: 5 }));
    for (const op of plan.run) {
      const result = results.find((r) => r.id === op.id)!;
      expect(result.calls, op.id).toBe(exampleCases(bundledSpec, op, 7).length + 5 - result.dropped);
      expect(result.dropped, op.id).toBe(0);
    }
  });

  it("stops an operation at its time limit", async () => {
    const server = await fake((request) => ({ ...misbehave("none")(request), delayMs: 250 }));
    const plan = planOperations(bundledSpec, operationTable, { operations: [withField[0]!.id], allowWrites: true });
    const started = Date.now();
    const [result] = await runVerification(bundledSpec, plan, settings(server.url, { runs: 1000, timeLimitMs: 1000 }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result!.timedOut).toBe(true);
    expect(result!.calls).toBeLessThanOrEqual(5);
    expect(result!.violations).toEqual([]); // being cut off by our own budget is not the server's fault
  });
});

describe("verify's command line", () => {
  it("exits 2 with a clear sentence for missing or bad flags", async () => {
    const noUrl = await verifyCli();
    expect(noUrl.err).toContain("verify: --base-url is required");
    expect(noUrl.code).toBe(2);
    const badRuns = await verifyCli("--base-url", "http://127.0.0.1:1", "--runs", "lots");
    expect(badRuns.err).toContain('--runs must be a whole number from 0 to 1000, got "lots"');
    expect(badRuns.code).toBe(2);
    const badUrl = await verifyCli("--base-url", "localhost:4010");
    expect(badUrl.err).toContain("--base-url must use http or https");
    expect(badUrl.code).toBe(2);
  });

  it("exits 2 for an unknown operation, listing the known ones", async () => {
    const { code, err } = await verifyCli("--base-url", "http://127.0.0.1:1", "--operations", "getCustomre");
    expect(err).toContain("verify: unknown operation(s): getCustomre. The spec has: ");
    expect(err).toContain(Object.keys(operationTable)[0]!);
    expect(code).toBe(2);
  });

  it("exits 2 when nothing answers at the URL", async () => {
    const port = await freePort();
    const { code, err } = await verifyCli("--base-url", `http://127.0.0.1:${port}`, "--allow-writes", "--runs", "0");
    expect(err).toMatch(/verify: could not reach the server: .*ECONNREFUSED/);
    expect(code).toBe(2);
  });
});
