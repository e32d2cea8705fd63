// What a verify run found, per operation and check, and the one place that
// records it: every answer counts toward each check it exercised, and a
// failure is kept once per check and message, with the smallest request that
// produced it (a later, smaller request for the same failure replaces it).
import type { CheckFailure } from "./check-response.js";
import type { CheckName } from "./checks.js";
import { decides, type Intent } from "./expectations.js";
import { curlLine, describeRequest, requestSize } from "./reproduce.js";
import type { Exchange, SentRequest } from "./send-request.js";

export type Phase = "examples" | "coverage" | "fuzzing" | "stateful";

export interface Failure {
  check: CheckName;
  operationId: string;
  message: string;
  /** JSON Pointer into the response body, for response_schema_conformance. */
  pointer?: string;
  phase: Phase;
  /** The answer's status; null when nothing answered. */
  status: number | null;
  /** The smallest request that got this failure, on one line. */
  request: string;
  /** A curl command that sends it again (secrets as shell variables). */
  curl: string;
  /** For a link sequence: the steps before this request, in order. */
  sequence?: string[];
  /** Shrunk by fast-check from the first generated request that failed. */
  shrunk?: boolean;
  /** The seed of the run (or fuzzing round) that found it. */
  seed?: number;
  /** How many answers had it. */
  count: number;
}

export interface CheckOutcome {
  /** Answers this check looked at. */
  exercised: number;
  /** Of those, the ones that could decide it (for a check of what a request meant: not a 429 or a 5xx). */
  judged: number;
  failures: Failure[];
}

export interface OperationResult {
  id: string;
  method: string;
  path: string;
  calls: number;
  /** How many answers came back with each status. */
  statuses: Record<string, number>;
  /** 2xx answers to valid requests: without one, nothing showed the operation works. */
  accepted: number;
  checks: Partial<Record<CheckName, CheckOutcome>>;
  /** Generated requests dropped because they did not satisfy the request schema. */
  dropped: number;
  /** Stopped before every case was sent, because the time budget ran out. */
  timedOut: boolean;
}

/** Checks that look at every answer, whatever the request meant. */
const RESPONSE_CHECKS: readonly CheckName[] = [
  "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance", "response_schema_conformance", "max_response_time",
];
const INTENT_CHECK: Partial<Record<Intent["kind"], CheckName>> = {
  positive: "positive_data_acceptance",
  negative: "negative_data_rejection",
  unauthorized: "ignored_auth",
  "missing-header": "missing_required_header",
  available: "ensure_resource_availability",
  freed: "use_after_free",
};

export function emptyResult(operation: { id: string; method: string; path: string }): OperationResult {
  return { id: operation.id, method: operation.method, path: operation.path, calls: 0, statuses: {}, accepted: 0, checks: {}, dropped: 0, timedOut: false };
}

export interface RecordContext {
  phase: Phase;
  intent: Intent;
  sequence?: string[];
  shrunk?: boolean;
  seed?: number;
}

export class Recorder {
  constructor(private readonly enabled: ReadonlySet<CheckName>) {}

  outcome(result: OperationResult, check: CheckName): CheckOutcome {
    return (result.checks[check] ??= { exercised: 0, judged: 0, failures: [] });
  }

  /** Counts one answer toward the checks it exercised and keeps its failures; returns the failures of enabled checks. */
  answer(result: OperationResult, exchange: Exchange, found: CheckFailure[], context: RecordContext): CheckFailure[] {
    this.count(result, exchange, context.intent);
    const intentCheck = INTENT_CHECK[context.intent.kind];
    for (const check of RESPONSE_CHECKS) if (this.enabled.has(check)) this.judge(result, check, true);
    if (intentCheck && this.enabled.has(intentCheck)) this.judge(result, intentCheck, decides(exchange.status));
    const kept = found.filter((f) => this.enabled.has(f.check));
    for (const failure of kept) this.keep(result, failure, exchange.request, exchange.status, context);
    return kept;
  }

  /** Counts an answer in the operation's tallies, without judging it (also for answers not recorded, as while shrinking). */
  count(result: OperationResult, exchange: Exchange, intent: Intent): void {
    result.calls++;
    result.statuses[exchange.status] = (result.statuses[exchange.status] ?? 0) + 1;
    const valid = intent.kind === "positive" || intent.kind === "available" || intent.kind === "any";
    if (valid && exchange.status >= 200 && exchange.status < 300) result.accepted++;
  }

  /** One more answer a check looked at; `decisive` when it could have failed it. */
  judge(result: OperationResult, check: CheckName, decisive: boolean): void {
    const outcome = this.outcome(result, check);
    outcome.exercised++;
    if (decisive) outcome.judged++;
  }

  /** A request that got no answer at all. */
  noAnswer(result: OperationResult, request: SentRequest, reason: string, context: RecordContext): void {
    result.calls++;
    result.statuses["no answer"] = (result.statuses["no answer"] ?? 0) + 1;
    if (!this.enabled.has("not_a_server_error")) return;
    this.judge(result, "not_a_server_error", true);
    this.keep(result, { check: "not_a_server_error", message: `no answer: ${reason}` }, request, null, context);
  }

  private keep(result: OperationResult, failure: CheckFailure, request: SentRequest, status: number | null, context: RecordContext): void {
    const outcome = this.outcome(result, failure.check);
    const shown = {
      request: describeRequest(request),
      curl: curlLine(request),
      status,
      phase: context.phase,
      ...(context.sequence ? { sequence: context.sequence } : {}),
      ...(context.shrunk ? { shrunk: true } : {}),
      ...(context.seed !== undefined ? { seed: context.seed } : {}),
    };
    const existing = outcome.failures.find((f) => f.message === failure.message && f.pointer === failure.pointer);
    if (!existing) {
      outcome.failures.push({ check: failure.check, operationId: result.id, message: failure.message, ...(failure.pointer !== undefined ? { pointer: failure.pointer } : {}), ...shown, count: 1 });
      return;
    }
    existing.count++;
    // A shrunk request is the smallest fast-check found; otherwise keep the shorter one.
    if (context.shrunk || (!existing.shrunk && requestSize(request) < existing.request.length)) Object.assign(existing, shown);
  }
}

export const failuresOf = (result: OperationResult): Failure[] => Object.values(result.checks).flatMap((o) => o?.failures ?? []);
