// Runs the plan against a server: for each operation, its documented
// examples and then generated requests, one at a time, until the request
// count or the operation's time budget is used up; every answer is checked.
import { bodyChecker } from "./body-checker.js";
import { responseChecker, type Violation } from "./check-response.js";
import type { Plan, PlannedOperation } from "./operation-plan.js";
import { exampleCases, generatedCases, type RequestCase } from "./request-cases.js";
import { sendCase, TransportError, type Credentials } from "./send-request.js";

export interface VerifySettings {
  baseUrl: string;
  credentials: Credentials;
  /** Generated requests per operation (the examples come on top). */
  runs: number;
  /** Time budget per operation, examples included. */
  timeLimitMs: number;
  requestTimeoutMs: number;
  seed: number;
}

export interface FoundViolation extends Violation {
  /** How many answers had it. */
  count: number;
  /** The first request that got it: `example seed: POST /v1/customers -> 200`. */
  firstSeen: string;
}

export interface OperationResult {
  id: string;
  method: string;
  path: string;
  calls: number;
  conforming: number;
  /** How many answers came back with each status. */
  statuses: Record<string, number>;
  violations: FoundViolation[];
  /** Generated requests dropped because they did not satisfy the request schema. */
  dropped: number;
  /** Stopped before every case was sent, because the time budget ran out. */
  timedOut: boolean;
}

function record(result: OperationResult, found: Violation[], seenAt: string) {
  for (const violation of found) {
    const existing = result.violations.find((v) => v.where === violation.where && v.pointer === violation.pointer && v.message === violation.message);
    if (existing) existing.count++;
    else result.violations.push({ ...violation, count: 1, firstSeen: seenAt });
  }
}

async function verifyOperation(document: unknown, operation: PlannedOperation, settings: VerifySettings, run: { answered: boolean }): Promise<OperationResult> {
  const result: OperationResult = { id: operation.id, method: operation.method, path: operation.path, calls: 0, conforming: 0, statuses: {}, violations: [], dropped: 0, timedOut: false };
  const deadline = Date.now() + settings.timeLimitMs;
  const check = responseChecker(document, operation);
  const requestBodyIssues = operation.body ? bodyChecker(document, operation.body.schemaName, operation.body.schema) : undefined;
  const generated = generatedCases(document, operation, {
    runs: settings.runs,
    seed: settings.seed,
    ...(requestBodyIssues ? { bodyCheck: (value: unknown) => requestBodyIssues(value).length === 0 } : {}),
  });
  result.dropped = generated.dropped;
  const cases: RequestCase[] = [...exampleCases(document, operation, settings.seed), ...generated.cases];
  for (const testCase of cases) {
    const left = deadline - Date.now();
    if (left <= 0) {
      result.timedOut = true;
      break;
    }
    result.calls++;
    try {
      const exchange = await sendCase(settings.baseUrl, operation, testCase, settings.credentials, Math.min(settings.requestTimeoutMs, left));
      run.answered = true;
      result.statuses[exchange.status] = (result.statuses[exchange.status] ?? 0) + 1;
      const found = check(exchange);
      if (found.length === 0) result.conforming++;
      record(result, found, `${testCase.label}: ${exchange.method} ${exchange.target} -> ${exchange.status}`);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      // Cut off by this operation's own time budget, not by the server: not a violation.
      if (error.timedOut && Date.now() >= deadline && left < settings.requestTimeoutMs) {
        result.calls--;
        result.timedOut = true;
        break;
      }
      // Nothing has answered yet: the URL is wrong or the server is down; say so once.
      if (!run.answered) throw error;
      result.statuses["no answer"] = (result.statuses["no answer"] ?? 0) + 1;
      record(result, [{ where: "status", pointer: "", message: `no answer: ${error.message}` }], testCase.label);
    }
  }
  return result;
}

export async function runVerification(document: unknown, plan: Plan, settings: VerifySettings): Promise<OperationResult[]> {
  const results: OperationResult[] = [];
  const run = { answered: false };
  for (const operation of plan.run) results.push(await verifyOperation(document, operation, settings, run));
  return results;
}
