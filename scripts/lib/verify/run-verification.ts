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
  /** True when no enabled check failed. */
  ok: boolean;
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
    ...(enabled.has("ignored_auth") ? authCases(operation, valid, session.settings.credentials) : []),
  ];
  for (const { testCase, intent, credentials } of coverage) {
    const { cutOff } = await session.send(operation, testCase, { phase: "coverage", intent, deadline, ...(credentials ? { credentials } : {}) });
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
    if (STATEFUL_CHECKS.some((c) => checks.has(c))) stateful = await runStatefulPhase(session);
  } finally {
    // Whatever happened above, what the run created goes (a server that stopped answering keeps it).
    cleanup = await session.cleanUp();
  }
  const operations = plan.run.map((op) => session.result(op));
  const ok = operations.every((r) => Object.values(r.checks).every((o) => (o?.failures.length ?? 0) === 0));
  return { baseUrl: settings.baseUrl, seed: settings.seed, checks: [...checks], operations, skipped: plan.skipped, ...(stateful ? { stateful } : {}), cleanup, ok };
}
