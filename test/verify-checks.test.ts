// Each check catches its defect, and only its: the package's stateful mock
// engine (in process) passes every check; each planted defect fails exactly
// the check that should catch it; turning that check off with `checks`
// makes the same run pass. Plus the stateful phase's cleanup and shrinking.
import { describe, expect, it, vi } from "vitest";
import { operationTable } from "../generated/operations.js";
import { DEFAULT_CHECKS, type CheckName } from "../scripts/lib/verify/checks.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { runVerification, type VerifyReport, type VerifySettings } from "../scripts/lib/verify/run-verification.js";
import { APP_KEYS, bareRateLimit, DEFECTS, DOCUMENTED_ID, engineServer, FULL_SEQUENCES, politeRateLimit, requireCorrelationHeader, specWithRequiredHeader, type Handle } from "./fixtures/verify/defects.js";
import { bundledSpec } from "./support/spec.js";

const failedChecks = (report: VerifyReport) =>
  [...new Set(report.operations.flatMap((r) => Object.entries(r.checks).filter(([, o]) => (o?.failures.length ?? 0) > 0).map(([name]) => name)))].sort();

/** Retry-After waits, recorded instead of waited: no test sleeps. */
const waits: number[] = [];
const sleep = async (ms: number) => void waits.push(ms);

async function verify(plant: (h: Handle) => Handle, options: { operations?: string[]; document?: unknown; checks?: Set<CheckName>; maxResponseTimeMs?: number; runs?: number; fakeClock?: boolean; anyKeys?: boolean } = {}) {
  const server = engineServer(plant, options.anyKeys ? "any" : APP_KEYS);
  const document = options.document ?? bundledSpec;
  const plan = planOperations(document, operationTable, { ...(options.operations ? { operations: options.operations } : {}), allowWrites: true });
  const settings: VerifySettings = {
    baseUrl: "http://verify.test",
    credentials: { ...APP_KEYS },
    runs: options.runs ?? 4,
    timeLimitMs: 30_000,
    requestTimeoutMs: 5_000,
    seed: 11,
    fetch: server.fetch,
    sleep,
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.maxResponseTimeMs } : {}),
  };
  // Only Date and performance (verify's deadlines and stopwatch): timers and AbortSignal stay real.
  if (options.fakeClock) vi.useFakeTimers({ toFake: ["Date", "performance"] });
  try {
    return { report: await runVerification(document, plan, settings), server };
  } finally {
    if (options.fakeClock) vi.useRealTimers();
  }
}

describe("a server that honours the contract", () => {
  it("passes every check on every operation, writes included", async () => {
    const { report } = await verify((h) => h, { runs: 6 });
    expect(failedChecks(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.operations.map((r) => r.id).sort()).toEqual(Object.keys(operationTable).sort());
    // Every check but the opt-in timing one had something to look at.
    const exercised = new Set(report.operations.flatMap((r) => Object.entries(r.checks).filter(([, o]) => (o?.exercised ?? 0) > 0).map(([name]) => name)));
    expect([...exercised].sort()).toEqual(DEFAULT_CHECKS.filter((c) => c !== "missing_required_header").sort());
    expect(report.stateful?.sequences).toEqual(FULL_SEQUENCES);
    expect(report.verdict).toBe("passed");
    expect(report.inconclusive).toEqual([]);
  });

  it("rate-limits with a well-formed Retry-After without failing a check", async () => {
    const { report } = await verify(politeRateLimit, { operations: ["listCustomers"] });
    expect(report.operations[0]!.statuses[429]).toBeGreaterThan(0);
    expect(failedChecks(report)).toEqual([]);
  });

  it("rate-limits without the optional Retry-After without failing a check", async () => {
    const { report } = await verify(bareRateLimit, { operations: ["listCustomers"] });
    expect(report.operations[0]!.statuses[429]).toBeGreaterThan(0);
    expect(report.operations[0]!.checks.response_headers_conformance?.exercised).toBeGreaterThan(0);
    expect(failedChecks(report)).toEqual([]);
  });

  it("requires a documented header parameter without failing a check", async () => {
    const { report } = await verify(requireCorrelationHeader, { operations: ["listCustomers"], document: specWithRequiredHeader });
    expect(report.operations[0]!.checks.missing_required_header?.exercised).toBeGreaterThan(0);
    expect(failedChecks(report)).toEqual([]);
  });
});

describe.each(DEFECTS.map((d) => [d.name, d] as const))("a server that %s", (_name, defect) => {
  const options = { operations: defect.operations, ...(defect.document ? { document: defect.document } : {}), ...(defect.maxResponseTimeMs ? { maxResponseTimeMs: defect.maxResponseTimeMs } : {}), fakeClock: defect.fakeClock ?? false, anyKeys: defect.anyKeys ?? false };

  it(`fails ${defect.check} and no other check`, async () => {
    const { report } = await verify(defect.plant, options);
    expect(failedChecks(report)).toEqual([defect.check]);
    expect(report.ok).toBe(false);
    const failure = report.operations.flatMap((r) => r.checks[defect.check]?.failures ?? [])[0]!;
    expect(failure.curl).toMatch(/^(printf .* \| )?curl -X [A-Z]+ 'http:\/\/verify\.test\/v1\/customers/);
    // The token is a shell variable in the replay, never itself (an ignored_auth request may have none to show).
    if (defect.check !== "ignored_auth") expect(failure.curl).toContain('"X-App-Token: $VOUCHERIFY_APP_TOKEN"');
    expect(JSON.stringify(report)).not.toContain("app-token-secret");
    expect(failure.seed).toEqual(expect.any(Number));
    if (defect.check === "max_response_time") {
      // On the standing clock only the slow answers fail, each at its exact time; the fast ones were judged too.
      const timed = report.operations[0]!.checks.max_response_time!;
      for (const slow of timed.failures) expect(slow).toMatchObject({ request: `GET /v1/customers/${DOCUMENTED_ID}`, message: "answered in 600 ms, over the limit of 300 ms" });
      expect(timed.exercised).toBeGreaterThan(timed.failures.reduce((n, f) => n + f.count, 0));
    }
  });

  it(`passes with ${defect.check} turned off`, async () => {
    const all = new Set<CheckName>([...DEFAULT_CHECKS, ...(defect.maxResponseTimeMs ? (["max_response_time"] as const) : [])]);
    all.delete(defect.check);
    const { report } = await verify(defect.plant, { ...options, checks: all });
    expect(failedChecks(report)).toEqual([]);
    expect(report.verdict, report.inconclusive.join("\n")).toBe(defect.verdictWithoutCheck ?? "passed");
    expect(report.ok).toBe(report.verdict === "passed");
  });
});

describe("shrinking, sequences and cleanup", () => {
  it("shrinks a generated request that gets a 500 to the smallest one that still does", async () => {
    const defect = DEFECTS.find((d) => d.check === "not_a_server_error")!;
    const { report } = await verify(defect.plant, { operations: defect.operations, checks: new Set(["not_a_server_error"]), runs: 30 });
    const [failure] = report.operations[0]!.checks.not_a_server_error!.failures;
    expect(failure!.shrunk).toBe(true);
    expect(failure!.phase).toBe("fuzzing");
    // The planted rule is "name of 5 characters or more": nothing else is left, and the name is as short as it can be.
    const body = JSON.parse(failure!.request.replace(/^POST \/v1\/customers /, ""));
    expect(Object.keys(body)).toEqual(["name"]);
    expect(body.name).toHaveLength(5);
    expect(failure!.curl).toContain(`--data-raw '${JSON.stringify(body)}'`);
  });

  it("names the steps before a use after free, and deletes what it created although the check failed", async () => {
    const defect = DEFECTS.find((d) => d.check === "use_after_free")!;
    const { report, server } = await verify(defect.plant, { operations: defect.operations });
    const failures = report.operations.find((r) => r.id === "getCustomer")!.checks.use_after_free!.failures;
    expect(failures.map((f) => f.message).sort()).toEqual([
      // The plant keeps a permanently deleted customer too.
      "get after permanent deletion: status 200 after a successful delete, expected 404",
      "get by id after delete: status 200 after a successful delete, expected 404",
      "get by source_id after delete: status 200 after a successful delete, expected 404",
    ]);
    expect(failures.find((f) => f.message.startsWith("get by id"))!.sequence).toEqual([expect.stringMatching(/^POST \/v1\/customers .* -> 200$/), expect.stringMatching(/^GET /), expect.stringMatching(/^PUT /), expect.stringMatching(/^GET /), expect.stringMatching(/^DELETE .* -> 204$/)]);
    expect(report.cleanup.deleted).toBeGreaterThan(0);
    expect(report.cleanup.failed).toEqual([]);
    expect(server.engine.store!.list({ limit: 100 }).customers.filter((c) => c.source_id?.startsWith("verify-"))).toEqual([]);
  });

  it("stays read-only without writes: no request but GET, and only the sequences that read", async () => {
    const seen: string[] = [];
    const server = engineServer((handle) => (request) => {
      seen.push(request.method);
      return handle(request);
    });
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: false });
    const report = await runVerification(bundledSpec, plan, { baseUrl: "http://verify.test", credentials: { ...APP_KEYS }, runs: 2, timeLimitMs: 10_000, requestTimeoutMs: 5_000, seed: 3, fetch: server.fetch });
    expect(new Set(seen)).toEqual(new Set(["GET"]));
    expect(report.stateful?.sequences).toEqual([
      "sequences that create: skipped, they need --allow-writes",
      "get a never-created id: 1 step(s)",
      "list → get: 2 step(s)",
      "sub-resources of a listed customer: 5 step(s)",
      "list with limit=1: 1 step(s)",
      "list by email: 1 step(s)",
    ]);
    // Every read, the customer's sub-resources included, got a 2xx for the listed customer.
    for (const r of report.operations) expect(r.accepted, r.id).toBeGreaterThan(0);
    expect(report.verdict).toBe("passed");
    expect(report.ok).toBe(true);
  });
});
