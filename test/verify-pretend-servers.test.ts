// verify against servers that only pretend to honour the contract: every
// answer is well-formed, but a documented behaviour is faked (a delete that
// deletes nothing, a list that ignores its page, an update that replaces the
// whole customer, …). Each must fail exactly the checks it names, and the
// engine it is planted in passes them all (verify-checks.test.ts).
import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { planOperations } from "../scripts/lib/verify/operation-plan.js";
import { runVerification, type VerifyReport } from "../scripts/lib/verify/run-verification.js";
import { APP_KEYS, engineServer } from "./fixtures/verify/defects.js";
import { PRETEND_SERVERS } from "./fixtures/verify/pretend-servers.js";
import { bundledSpec } from "./support/spec.js";

const failedChecks = (report: VerifyReport) =>
  [...new Set(report.operations.flatMap((r) => Object.entries(r.checks).filter(([, o]) => (o?.failures.length ?? 0) > 0).map(([name]) => name)))].sort();

describe.each(PRETEND_SERVERS.map((p) => [p.name, p] as const))("a server that %s", (_name, pretend) => {
  it(`fails ${pretend.checks.join(", ")}`, async () => {
    const server = engineServer(pretend.plant);
    const plan = planOperations(bundledSpec, operationTable, { operations: pretend.operations, allowWrites: true });
    // No generated requests: the documented examples, coverage cases and sequences find each of these.
    const report = await runVerification(bundledSpec, plan, { baseUrl: "http://verify.test", credentials: { ...APP_KEYS }, runs: 0, timeLimitMs: 30_000, requestTimeoutMs: 5_000, seed: 13, fetch: server.fetch });
    expect(failedChecks(report), JSON.stringify(report.operations.flatMap((r) => Object.values(r.checks).flatMap((o) => o?.failures.map((f) => `${f.check}: ${f.message}`) ?? [])), null, 1)).toEqual([...pretend.checks].sort());
    expect(report.verdict).toBe("failed");
  });
});
