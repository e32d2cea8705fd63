// `npm run verify` against the Prism mock of the spec, which this suite starts
// itself: every operation, writes included, must conform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { startPrism, type RunningPrism } from "../scripts/lib/prism-process.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { runVerification } from "../scripts/lib/verify/run-verification.js";
import { bundledSpec } from "./support/spec.js";
import { verifyCli } from "./support/verify-cli.js";

let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism();
});
afterAll(async () => {
  await prism?.stop();
});

describe("verify against the Prism mock", () => {
  it("finds every operation conforming, writes included", async () => {
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: true });
    const results = await runVerification(bundledSpec, plan, {
      baseUrl: prism.url,
      credentials: { appId: "app-id", appToken: "app-token" },
      runs: 15,
      timeLimitMs: 30_000,
      requestTimeoutMs: 10_000,
      seed: 20260701,
    });
    expect(results.map((r) => r.id).sort()).toEqual(Object.keys(operationTable).sort());
    for (const r of results) {
      expect(r.violations, r.id).toEqual([]);
      expect(r.calls, r.id).toBeGreaterThan(15);
      // The mock checks requests too: a generated request it refused would come back 4xx.
      expect(Object.keys(r.statuses).every((s) => /^2/.test(s)), `${r.id}: ${JSON.stringify(r.statuses)}`).toBe(true);
    }
  });

  it("sees the mock's 401 without app keys as documented, not as a violation", async () => {
    const plan = planOperations(bundledSpec, operationTable, { allowWrites: true });
    const results = await runVerification(bundledSpec, plan, { baseUrl: prism.url, credentials: {}, runs: 1, timeLimitMs: 10_000, requestTimeoutMs: 10_000, seed: 1 });
    for (const r of results) {
      expect(r.statuses, r.id).toEqual({ 401: r.calls });
      expect(r.violations, r.id).toEqual([]);
    }
  });

  it("prints one row per operation and exits 0 on the command line", async () => {
    const { code, out } = await verifyCli("--base-url", prism.url, "--app-id", "a", "--app-token", "b", "--runs", "3", "--seed", "5");
    for (const [id, facts] of Object.entries(operationTable)) {
      const row = new RegExp(`^${id}\\s+${facts.method === "get" ? "\\d+\\s+\\d+\\s+0\\s" : "-\\s+-\\s+-\\s+skipped: writes"}`, "m");
      expect(out).toMatch(row);
    }
    expect(out).toMatch(/^OK: \d+ answer\(s\), all conform to the spec\.$/m);
    expect(code).toBe(0);
  });
});
