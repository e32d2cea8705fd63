// One verify run's shared state and its single way to send a request: send,
// check the answer (response checks plus what the request meant), record it,
// and remember anything it created so the run can delete it at the end. A 429
// is waited out (its Retry-After, or a second without one) and the request
// sent again when the wait fits the time left (each answer recorded), so a
// rate limit is not mistaken for a server that proves nothing.
import type { CheckFailure } from "./check-response.js";
import { responseChecker } from "./check-response.js";
import type { CheckName } from "./checks.js";
import { decides, intentFailures } from "./expectations.js";
import { followLink, linkOf, type Step } from "./links.js";
import type { Plan, PlannedOperation } from "./operation-plan.js";
import type { RequestCase } from "./request-cases.js";
import { clip } from "./reproduce.js";
import { emptyResult, Recorder, type OperationResult, type RecordContext } from "./results.js";
import { sendCase, TransportError, type Credentials, type Exchange } from "./send-request.js";

export interface VerifySettings {
  baseUrl: string;
  credentials: Credentials;
  /** Generated requests per operation (the examples and coverage cases come on top). */
  runs: number;
  /** Time budget per operation, and again for the stateful phase. */
  timeLimitMs: number;
  requestTimeoutMs: number;
  seed: number;
  /** The checks to run; every one but max_response_time when not given. */
  checks?: ReadonlySet<CheckName>;
  /** Turns max_response_time on. */
  maxResponseTimeMs?: number;
  /** Sends the requests; the global fetch unless a test serves them in process. */
  fetch?: typeof fetch;
  /** Waits out a Retry-After; a real timer unless a test plays the clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Send wrong app keys (ignored_auth) as well as none or part of them (default true). */
  wrongCredentials?: boolean;
}

/** How often one request is sent again after a 429 whose Retry-After fits the time left. */
export const MAX_RATE_LIMIT_RETRIES = 2;

/** The wait after a 429 without a usable Retry-After (it is optional). */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Retry-After as milliseconds: delay seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return text !== "" && !Number.isNaN(date) ? Math.max(0, date - now) : undefined;
}

/**
 * The request names one existing resource, so a valid one may get 404: by a
 * path parameter, or by an `id` in its body (an upsert by id of a customer
 * that does not exist answers 404, as the spec documents for createCustomer).
 */
export function addressesResource(operation: PlannedOperation, testCase: RequestCase): boolean {
  const body = testCase.body?.value;
  return operation.parameters.some((p) => p.in === "path") || (typeof body === "object" && body !== null && !Array.isArray(body) && (body as { id?: unknown }).id !== undefined);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The link, on a creating operation's answer, that erases what it created. */
export const CLEANUP_LINK = "DeleteCustomerPermanentlyById";

export interface CleanupReport {
  /** Resources erased at the end of the run. */
  deleted: number;
  /** Erasures that did not succeed (the resource may be left on the server). */
  failed: string[];
}

export interface SendOptions extends RecordContext {
  credentials?: Credentials;
  /** Extra failures only the caller can see (an upsert that made a second customer). */
  extra?: (exchange: Exchange) => CheckFailure[];
  /** Checks that `extra` decides on a 2xx answer: counted as exercised (and judged) by this answer. */
  judges?: readonly CheckName[];
  /** Headers of `credentials` sent deliberately wrong: a reproduction shows them as they are. */
  literalHeaders?: readonly string[];
  /** Do not record the answer (fast-check trying a smaller case); it is still checked. */
  quiet?: boolean;
  /** No answer after this moment: the operation's time budget. */
  deadline?: number;
}

export class Session {
  readonly recorder: Recorder;
  readonly results = new Map<string, OperationResult>();
  private answered = false;
  /** Waiting out Retry-After did not help: send on without waiting until something else than a 429 comes back. */
  private rateLimitedOut = false;
  /** Why the run could not show what it set out to (a sequence that could not start, …); the report adds the operations' own. */
  readonly inconclusive: string[] = [];
  private readonly checkers = new Map<string, ReturnType<typeof responseChecker>>();
  private readonly cleanups: Array<{ key: string; operation: PlannedOperation; testCase: RequestCase }> = [];

  constructor(
    readonly document: unknown,
    readonly plan: Plan,
    readonly settings: VerifySettings,
    readonly enabled: ReadonlySet<CheckName>,
  ) {
    this.recorder = new Recorder(enabled);
    for (const operation of plan.run) this.results.set(operation.id, emptyResult(operation));
  }

  get credentialsGiven(): boolean {
    return Boolean(this.settings.credentials.appId && this.settings.credentials.appToken);
  }

  operation(id: string | undefined): PlannedOperation | undefined {
    return this.plan.run.find((op) => op.id === id);
  }

  result(operation: PlannedOperation): OperationResult {
    if (!this.results.has(operation.id)) this.results.set(operation.id, emptyResult(operation));
    return this.results.get(operation.id)!;
  }

  private checker(operation: PlannedOperation) {
    if (!this.checkers.has(operation.id)) {
      this.checkers.set(operation.id, responseChecker(this.document, operation, this.settings.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: this.settings.maxResponseTimeMs } : {}));
    }
    return this.checkers.get(operation.id)!;
  }

  /**
   * Sends one request and checks its answer. Returns the exchange (undefined
   * when nothing answered, or the deadline passed first) and the failures of
   * enabled checks. Throws TransportError when the very first request of the
   * run gets no answer: the URL is wrong or the server is down. A 429 is
   * recorded, then waited out and sent again when its Retry-After fits the
   * time left; the last answer is returned, with every attempt's failures.
   */
  async send(operation: PlannedOperation, testCase: RequestCase, sendOptions: SendOptions): Promise<{ exchange?: Exchange; failures: CheckFailure[]; cutOff?: boolean }> {
    const failures: CheckFailure[] = [];
    for (let attempt = 0; ; attempt++) {
      const sent = await this.sendOnce(operation, testCase, sendOptions);
      failures.push(...sent.failures);
      const exchange = sent.exchange;
      if (!exchange) return { ...sent, failures };
      if (exchange.status !== 429) this.rateLimitedOut = false;
      if (exchange.status !== 429 || this.rateLimitedOut) return { exchange, failures };
      const wait = retryAfterMs(exchange.headers.get("retry-after")) ?? DEFAULT_RETRY_AFTER_MS;
      const left = (sendOptions.deadline ?? Date.now() + this.settings.requestTimeoutMs) - Date.now();
      if (attempt >= MAX_RATE_LIMIT_RETRIES || wait >= left) {
        this.rateLimitedOut = true;
        return { exchange, failures };
      }
      await (this.settings.sleep ?? realSleep)(wait);
    }
  }

  private async sendOnce(operation: PlannedOperation, testCase: RequestCase, sendOptions: SendOptions): Promise<{ exchange?: Exchange; failures: CheckFailure[]; cutOff?: boolean }> {
    const options = { ...sendOptions, seed: sendOptions.seed ?? this.settings.seed };
    const result = this.result(operation);
    const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
    if (left <= 0) return { failures: [], cutOff: true };
    let exchange: Exchange;
    try {
      exchange = await sendCase(this.settings.baseUrl, operation, testCase, options.credentials ?? this.settings.credentials, {
        timeoutMs: Math.min(this.settings.requestTimeoutMs, left),
        secrets: [this.settings.credentials.appToken],
        ...(this.settings.fetch ? { fetch: this.settings.fetch } : {}),
        ...(options.literalHeaders ? { literalHeaders: options.literalHeaders } : {}),
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (!this.answered) throw error;
      // Cut off by the operation's own time budget, not by the server: not a failure.
      // (Not compared with Date.now(): a timer may fire a few ms early on the loop's cached clock.)
      if (error.timedOut && options.deadline !== undefined && left < this.settings.requestTimeoutMs) return { failures: [], cutOff: true };
      if (!options.quiet) this.recorder.noAnswer(result, error.request, error.message, options);
      return { failures: [{ check: "not_a_server_error", message: `no answer: ${error.message}` }] };
    }
    this.answered = true;
    const found = [
      ...this.checker(operation)(exchange),
      ...intentFailures(options.intent, exchange.status, { credentialsGiven: this.credentialsGiven, addressesResource: addressesResource(operation, testCase) }),
      ...(options.extra?.(exchange) ?? []),
    ];
    if (options.quiet) this.recorder.count(result, exchange, options.intent);
    else for (const check of options.judges ?? []) if (this.enabled.has(check)) this.recorder.judge(result, check, decides(exchange.status));
    const failures = options.quiet ? found.filter((f) => this.enabled.has(f.check)) : this.recorder.answer(result, exchange, found, options);
    if (options.phase !== "examples") this.rememberCreated({ operation, testCase, exchange });
    return { exchange, failures };
  }

  /** A 2xx answer whose documented response links to the cleanup operation created something to erase. */
  rememberCreated(step: Step): void {
    if (step.exchange.status < 200 || step.exchange.status > 299) return;
    const link = linkOf(step, CLEANUP_LINK);
    const target = this.operation(link?.operationId);
    if (!link || !target) return;
    const testCase = followLink(link, step, target, "cleanup");
    if (!testCase) return;
    const key = JSON.stringify(testCase.params);
    if (!this.cleanups.some((c) => c.key === key)) this.cleanups.push({ key, operation: target, testCase });
  }

  /** Erases everything the run created, newest first; a 404 means it is already gone. */
  async cleanUp(): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: 0, failed: [] };
    for (const { operation, testCase } of this.cleanups.splice(0).reverse()) {
      const { exchange } = await this.send(operation, testCase, { phase: "stateful", intent: { kind: "any" } }).catch(() => ({ exchange: undefined }));
      if (exchange && exchange.status >= 200 && exchange.status < 300) report.deleted++;
      else if (!exchange || exchange.status !== 404) report.failed.push(`${operation.method.toUpperCase()} ${operation.path} ${clip(JSON.stringify(testCase.params))}: ${exchange ? `status ${exchange.status}` : "no answer"}`);
    }
    return report;
  }
}
