// Runs the plan against a server, phase by phase, as Schemathesis does:
//   examples  every documented example (positive_data_acceptance)
//   coverage  invalid bodies and parameters, missing headers, missing or partial credentials
//   fuzzing   generated valid requests, shrunk on failure (fuzz-phase.ts)
//   stateful  sequences through the spec's links (stateful-phase.ts)
// then erases what it created. Every answer also goes through the response
// checks. Each operation has its own time budget for the first three phases.
import { DEFAULT_CHECKS, STATEFUL_CHECKS, type CheckName } from "./checks.js";
import { authCases, missingHeaderCases, negativeCases, type CoverageCase } from "./coverage-cases.js";
import { fuzzOperation } from "./fuzz-phase.js";
import type { Plan, PlannedOperation } from "./operation-plan.js";
import { exampleCases } from "./request-cases.js";
import type { OperationResult } from "./results.js";
import { Session, type CleanupReport, type VerifySettings } from "./session.js";
import { runStatefulPhase, type StatefulReport } from "./stateful-phase.js";

export type { VerifySettings } from "./session.js";
export type { OperationResult, Failure } from "./results.js";

export interface VerifyReport {
  baseUrl: string;
  seed: number;
  checks: CheckName[];
  operations: OperationResult[];
  skipped: Plan["skipped"];
  stateful?: StatefulReport;
  cleanup: CleanupReport;
  /** Why the run could not show what it set out to: an operation no valid request got a 2xx from, a check no answer could decide, a sequence that could not start. */
  inconclusive: string[];
  /** failed: a check failed; inconclusive: none failed, but `inconclusive` names what was not shown; passed: neither. */
  verdict: "passed" | "failed" | "inconclusive";
  /** True when the verdict is passed. */
  ok: boolean;
}

/** What the operations' tallies leave unshown: no 2xx for a valid request, or a check that no answer could decide. */
function unshown(operations: OperationResult[], checks: ReadonlySet<CheckName>, session: Session): string[] {
  const reasons: string[] = [];
  for (const r of operations) {
    if (checks.has("positive_data_acceptance") && r.accepted === 0) {
      const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ") || "none";
      const why = !session.credentialsGiven
        ? "no app keys were given"
        : r.statuses["429"] === r.calls && r.calls > 0
          ? "every answer was a 429, also after waiting out Retry-After where the time limit allowed"
          : session.operation(r.id)?.parameters.some((p) => p.in === "path") && session.plan.skipped.length > 0
            ? "the documented ids do not exist there, and no listed customer could be read instead (the list was empty or failed); add a customer or run with --allow-writes"
            : "nothing showed that it works";
      reasons.push(`${r.id}: no valid request got a 2xx (answers: ${statuses}): ${why}`);
    }
    for (const [name, outcome] of Object.entries(r.checks)) {
      if (outcome && outcome.exercised > 0 && outcome.judged === 0 && outcome.failures.length === 0) {
        reasons.push(`${r.id}: ${name} got ${outcome.exercised} answer(s), none of which could decide it (429 or 5xx)`);
      }
    }
  }
  return reasons;
}

async function verifyOperation(session: Session, operation: PlannedOperation): Promise<void> {
  const deadline = Date.now() + session.settings.timeLimitMs;
  const enabled = session.enabled;
  const result = session.result(operation);
  const examples = exampleCases(session.document, operation, session.settings.seed);
  for (const testCase of examples) {
    const { cutOff } = await session.send(operation, testCase, { phase: "examples", intent: { kind: "positive" }, deadline });
    if (cutOff) return void (result.timedOut = true);
  }
  // Coverage cases start from a valid request: the first documented example.
  const valid = examples[0];
  const coverage: CoverageCase[] = [
    ...(enabled.has("negative_data_rejection") ? negativeCases(session.document, operation, valid) : []),
    ...(enabled.has("missing_required_header") ? missingHeaderCases(operation, valid) : []),
    ...(enabled.has("ignored_auth") ? authCases(operation, valid, session.settings.credentials, { wrongCredentials: session.settings.wrongCredentials !== false, seed: session.settings.seed }) : []),
  ];
  for (const { testCase, intent, credentials, literalHeaders } of coverage) {
    const { cutOff } = await session.send(operation, testCase, { phase: "coverage", intent, deadline, ...(credentials ? { credentials } : {}), ...(literalHeaders ? { literalHeaders } : {}) });
    if (cutOff) return void (result.timedOut = true);
  }
  await fuzzOperation(session, operation, deadline);
}

export async function runVerification(document: unknown, plan: Plan, settings: VerifySettings): Promise<VerifyReport> {
  const checks = settings.checks ?? new Set<CheckName>([...DEFAULT_CHECKS, ...(settings.maxResponseTimeMs !== undefined ? (["max_response_time"] as const) : [])]);
  const session = new Session(document, plan, settings, checks);
  let stateful: StatefulReport | undefined;
  let cleanup: CleanupReport = { deleted: 0, failed: [] };
  try {
    for (const operation of plan.run) await verifyOperation(session, operation);
    // The sequences also give the operations on one customer a real id to show they work.
    if ([...STATEFUL_CHECKS, "positive_data_acceptance" as const].some((c) => checks.has(c))) stateful = await runStatefulPhase(session);
  } finally {
    // Whatever happened above, what the run created goes (a server that stopped answering keeps it).
    cleanup = await session.cleanUp();
  }
  const operations = plan.run.map((op) => session.result(op));
  const failed = operations.some((r) => Object.values(r.checks).some((o) => (o?.failures.length ?? 0) > 0));
  const inconclusive = [...unshown(operations, checks, session), ...session.inconclusive];
  const verdict = failed ? "failed" : inconclusive.length > 0 ? "inconclusive" : "passed";
  return { baseUrl: settings.baseUrl, seed: settings.seed, checks: [...checks], operations, skipped: plan.skipped, ...(stateful ? { stateful } : {}), cleanup, inconclusive, verdict, ok: verdict === "passed" };
}
