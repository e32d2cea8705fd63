// `npm run verify` against the stateful mock (`npm run mock -- --stateful`),
// which this suite starts itself: every check passes on every operation,
// writes and link sequences included; read-only on the command line. The mock
// is started with the app keys verify sends (`credentials`, the command's
// `--app-id`/`--app-token`), so verify's wrong keys get the 401 that
// ignored_auth expects: no `--skip-wrong-credentials`.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { startMock, type RunningMock } from "../scripts/lib/mock/mock-server.js";
import { DEFAULT_CHECKS } from "../scripts/lib/verify/checks.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { runVerification } from "../scripts/lib/verify/run-verification.js";
import { FULL_SEQUENCES } from "./fixtures/verify/defects.js";
import { bundledSpec } from "./support/spec.js";
import { verifyCli } from "./support/verify-cli.js";

let mock: RunningMock;
const KEYS = { appId: "verify-mock-app", appToken: "verify-mock-token-1" };

beforeAll(async () => {
  // Nothing verify sends asks for generated data, so Prism (~10 s of CPU to start) is started only if something does.
  mock = await startMock({ stateful: true, port: 0, seed: "1", prismStart: "on-demand", credentials: KEYS });
});
afterAll(async () => {
  await mock?.stop();
});

describe("verify against the stateful mock", () => {
  it("passes every check on every operation, writes and link sequences included, and leaves nothing behind", async () => {
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: true });
    const report = await runVerification(bundledSpec, plan, {
      baseUrl: mock.url,
      credentials: KEYS,
      runs: 10,
      timeLimitMs: 60_000,
      requestTimeoutMs: 10_000,
      seed: 20260701,
    });
    const failed = report.operations.flatMap((r) => Object.values(r.checks).flatMap((o) => o?.failures ?? []));
    expect(failed).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.operations.map((r) => r.id).sort()).toEqual(Object.keys(operationTable).sort());
    for (const r of report.operations) expect(r.timedOut, r.id).toBe(false);
    const exercised = new Set(report.operations.flatMap((r) => Object.entries(r.checks).filter(([, o]) => (o?.exercised ?? 0) > 0).map(([name]) => name)));
    // The spec has no required header parameter, so missing_required_header has nothing to send.
    expect([...exercised].sort()).toEqual(DEFAULT_CHECKS.filter((c) => c !== "missing_required_header").sort());
    // Wrong keys were sent (one wrong X-App-Id, one wrong X-App-Token per operation) and each got its 401.
    for (const r of report.operations) expect(r.checks.ignored_auth?.exercised ?? 0, r.id).toBeGreaterThanOrEqual(4);
    expect(report.stateful?.sequences).toEqual(FULL_SEQUENCES);
    expect(report.verdict).toBe("passed");
    expect(report.inconclusive).toEqual([]);
    expect(report.cleanup.failed).toEqual([]);
    expect(mock.stateful!.store.list({ limit: 100 }).customers.filter((c) => c.source_id?.startsWith("verify-"))).toEqual([]);
  });

  it("stays read-only on the command line, prints one row per operation, writes JUnit and exits 0", async () => {
    const junit = join(mkdtempSync(join(tmpdir(), "verify-junit-")), "verify.xml");
    const sizeBefore = mock.stateful!.store.size;
    const { code, out } = await verifyCli("--base-url", mock.url, "--app-id", KEYS.appId, "--app-token", KEYS.appToken, "--runs", "3", "--seed", "5", "--junit", junit);
    for (const [id, facts] of Object.entries(operationTable)) {
      const row = new RegExp(`^${id}\\s+${facts.method === "get" ? "\\d+\\s+\\S.*\\s-(\\s|$)" : "-\\s+-\\s+skipped: writes"}`, "m");
      expect(out).toMatch(row);
    }
    expect(out).toContain(
      "Stateful: sequences that create: skipped, they need --allow-writes; get a never-created id: 1 step(s); list → get: 2 step(s); sub-resources of a listed customer: 5 step(s); list with limit=1: 1 step(s); list by email: 1 step(s).",
    );
    expect(out).toMatch(/^OK: \d+ answer\(s\), every check passed \(not_a_server_error, .*\)\.$/m);
    expect(code).toBe(0);
    expect(mock.stateful!.store.size).toBe(sizeBefore);
    const reads = Object.values(operationTable).filter((f) => f.method === "get").length;
    expect(readFileSync(junit, "utf8")).toMatch(new RegExp(`<testsuites name="[^"]*" tests="${reads * DEFAULT_CHECKS.length}" failures="0" errors="0" skipped="\\d+">`));
  });
});
