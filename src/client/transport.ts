// The HTTP machinery every resource method shares: auth and channel headers,
// optional validation, timeouts, opt-in retries, and the mapping of every
// failure to a CustomersApiError with the app or OAuth token redacted. Requests are
// encoded by openapi-fetch's serializers (request.ts); `http` is the full
// openapi-fetch client for `{ data, error }` style calls.
import createClient, { type Client } from "openapi-fetch";
import { operationTable, type OperationFacts, type OperationId } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import type { ValidationIssue } from "../../generated/validators.js";
import { abortRace, attemptSignal, MAX_TIMER_MS, sleep } from "./abort.js";
import { CustomersApiError, type CustomersApiErrorInit } from "./customers-api-error.js";
import { documentedBody, notJsonIssue, undocumentedStatusIssue } from "./documented-response.js";
import { trimHeaderValue } from "./header-values.js";
import {
  resolveBaseUrl,
  resolveRetries,
  resolveTimeout,
  resolveValidation,
  type CallOptions,
  type CustomersClientOptions,
  type CustomersLogEvent,
} from "./options.js";
import { encodeQuery } from "./encode-query.js";
import { createRedactor, REDACTED } from "./redact.js";
import { isRedirect, REDIRECT, redirectTarget } from "./redirect.js";
import { authMiddleware, buildRequest, checkHeaders, pathSerializer, type CallInput, type Credentials } from "./request.js";
import { discard, mockViolations, readBody, TOO_LARGE_ISSUE, tooLargeForAString } from "./response.js";
import { backoffDelay, isIdempotent, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry.js";

export type { CallInput } from "./request.js";

export interface Transport {
  /** The typed openapi-fetch client, for `{ data, error }` style calls (auth only: no timeout, retries or typed errors). */
  readonly http: Client<paths>;
  /** `check` vets a 2xx body the caller relies on (listAll's pages), whatever `validate` says; its issue rejects like a failed response validation. */
  call(operationId: OperationId, input: CallInput, options?: CallOptions, check?: (body: unknown) => ValidationIssue | undefined): Promise<unknown>;
}

type Validators = typeof import("../validators.js");
type Where = Pick<CustomersApiErrorInit, "operationId" | "method" | "path">;

/** How one attempt ended. */
type Attempt =
  | { ok: true; status: number; body: unknown; /** The text, when the body was not JSON. */ rawBody?: string }
  | { ok: false; error: Omit<CustomersApiErrorInit, keyof Where>; retryable: boolean };

/** Headers whose whole value is a secret, lower-cased as sent: shown as [REDACTED] in log events. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(["x-app-token", "authorization", "proxy-authorization", "cookie"]);

/** fetch's own message is often just "fetch failed"; the reason (ECONNRESET, "other side closed") is one level down. */
function networkReason(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const inner = (cause as { cause?: { message?: unknown; code?: unknown } })?.cause;
  const detail = inner && (typeof inner.message === "string" && inner.message ? inner.message : inner.code);
  return detail && detail !== message ? `${message} (${String(detail)})` : message;
}

const AUTH_HELP = "createCustomersClient needs either appId and appToken, or oauthToken (non-empty strings).";

/** Checks and trims the credentials of one security scheme; never quotes a secret in its errors. */
function resolveCredentials(options: CustomersClientOptions): Credentials {
  if (!options || typeof options !== "object") throw new TypeError(AUTH_HELP);
  const { appId, appToken, oauthToken } = options as { appId?: unknown; appToken?: unknown; oauthToken?: unknown };
  if (oauthToken !== undefined && (appId !== undefined || appToken !== undefined)) {
    throw new TypeError("createCustomersClient takes either appId and appToken, or oauthToken, not both.");
  }
  const credentials: Record<string, string> = {};
  for (const [name, value] of Object.entries(oauthToken === undefined ? { appToken, appId } : { oauthToken })) {
    // Headers drop surrounding whitespace (a token read from a file ends with a newline);
    // trim the same way so the redactor looks for exactly what is sent.
    const trimmed = typeof value === "string" ? trimHeaderValue(value) : "";
    if (!trimmed) throw new TypeError(AUTH_HELP);
    credentials[name] = trimmed;
  }
  checkHeaders(credentials);
  return credentials as Credentials;
}

export function createTransport(options: CustomersClientOptions): Transport {
  const credentials = resolveCredentials(options);
  const redact = createRedactor("oauthToken" in credentials ? credentials.oauthToken : credentials.appToken);
  if (options.headers !== undefined) checkHeaders(options.headers, "headers: ");

  const validation = resolveValidation(options.validate);
  const defaultTimeoutMs = resolveTimeout(options.timeoutMs, "");
  const defaultRetries = resolveRetries(options.retries, "");
  const log = options.log;
  if (log !== undefined && typeof log !== "function") throw new TypeError("log must be a function (event) => void.");

  if (options.fetch !== undefined && typeof options.fetch !== "function") throw new TypeError("fetch must be a function (request: Request) => Promise<Response>.");
  const customFetch = options.fetch;
  let baseUrl: string;
  try {
    baseUrl = resolveBaseUrl(options);
  } catch (error) {
    // A baseUrl is quoted (without its userinfo); the token may still be in it.
    throw new TypeError(redact.text((error as Error).message));
  }
  // The same query encoder and path checks as the resource methods, so `http` cannot be steered by a key or a ".." either.
  // openapi-fetch passes unknown options on as RequestInit defaults: `redirect` keeps it from following redirects too.
  const http = createClient<paths>({
    baseUrl,
    ...(customFetch ? { fetch: customFetch } : {}),
    headers: options.headers,
    querySerializer: encodeQuery,
    pathSerializer,
    redirect: REDIRECT,
  });
  http.use(authMiddleware(credentials));

  // The validators are large; load them only when validation is switched on,
  // so bundlers keep them out of the client chunk.
  let validators: Promise<Validators> | undefined;
  const loadValidators = () => (validators ??= import("../validators.js"));

  async function check(schema: string | null | undefined, value: unknown): Promise<ValidationIssue[]> {
    if (!schema) return [];
    const { validators: all } = await loadValidators();
    const result = all[schema as keyof typeof all](value);
    return result.ok ? [] : result.errors;
  }

  const fail = (init: CustomersApiErrorInit) =>
    new CustomersApiError({
      ...init,
      // deep() copies strings, arrays and objects alike, and passes undefined through.
      body: redact.deep(init.body),
      rawBody: redact.deep(init.rawBody) as string | undefined,
      issues: redact.deep(init.issues) as ValidationIssue[] | undefined,
      mockViolations: redact.deep(init.mockViolations) as string[] | undefined,
      cause: redact.error(init.cause),
    });

  const logHeaders = (headers: Record<string, string>): Record<string, string> => {
    const shown: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) shown[name] = SECRET_HEADERS.has(name) ? REDACTED : redact.text(value);
    return shown;
  };

  /** One request and its whole body, bounded by the timeout and the caller's signal. */
  async function attempt(facts: OperationFacts, input: CallInput, callOptions: CallOptions, timeoutMs: number, seen?: (url: string, headers: Record<string, string>) => void): Promise<Attempt> {
    // A bad header value or path parameter, or a request the Request constructor refuses: the caller's bug,
    // not the network's, so no retry and no CustomersApiError.
    const unbuildable = (cause: unknown) =>
      new TypeError(redact.text(`${facts.method.toUpperCase()} ${facts.path}: could not build the request: ${(cause as Error)?.message ?? String(cause)}`));
    let request: ReturnType<typeof buildRequest>;
    try {
      request = buildRequest(baseUrl, credentials, facts, input, options.headers, callOptions.headers);
    } catch (cause) {
      throw unbuildable(cause);
    }
    seen?.(request.url, request.init.headers);
    const abort = attemptSignal(callOptions.signal, timeoutMs);
    if (abort.signal) request.init.signal = abort.signal;
    // A custom fetch may ignore the signal, so the client ends the wait and the body read itself; the built-in fetch honours it.
    const raced = customFetch && abortRace(abort.signal);
    let sent: Promise<Response> | undefined;
    let status: number | undefined;
    try {
      // A custom fetch takes a Request (the signature most test doubles and proxies expect).
      sent = customFetch ? customFetch(new Request(request.url, request.init)) : globalThis.fetch(request.url, request.init);
      const response = await (raced ? raced.race(sent) : sent);
      status = response.status;
      const read = await readBody(response, raced?.race);
      if (response.ok) {
        if ("body" in read) return { ok: true, status, body: read.body };
        // Empty, cut short or not JSON: fine where the spec documents no JSON body (a 204), or no status at all (checked with validate.response).
        const schema = documentedBody(facts, status);
        if (!schema) return { ok: true, status, body: read.rawBody || undefined, rawBody: read.rawBody };
        return { ok: false, retryable: false, error: { kind: "response-validation", status, rawBody: read.rawBody, issues: [notJsonIssue(schema, read.rawBody!)] } };
      }
      const error: Attempt & { ok: false } = { ok: false, retryable: isRetryableStatus(status), error: { kind: "api", status, ...read } };
      if (isRedirect(response)) {
        error.error.redirectTo = redact.text(redirectTarget(response, request.url));
      }
      const violations = mockViolations(response);
      if (violations) error.error.mockViolations = violations;
      const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
      if (retryAfterMs !== undefined) error.error.retryAfterMs = retryAfterMs;
      return error;
    } catch (cause) {
      // A custom fetch that ignored the signal may still answer: nothing will read that body, so free its connection.
      if (raced) void Promise.resolve(sent).then((late) => discard(late, abort.signal!.reason), () => {});
      // The timer's own reason (a TimeoutError), whichever step it cut short.
      if (abort.timedOut()) return { ok: false, retryable: true, error: { kind: "timeout", timeoutMs, cause: abort.signal?.reason ?? cause } };
      if (callOptions.signal?.aborted) return { ok: false, retryable: false, error: { kind: "aborted", cause: callOptions.signal.reason } };
      // The server's doing, and another attempt would fetch the same body: not a network failure to retry.
      if (status !== undefined && tooLargeForAString(cause)) return { ok: false, retryable: false, error: { kind: "response-validation", status, issues: [TOO_LARGE_ISSUE] } };
      // fetch rejects a request it cannot build with the same TypeError as a dropped connection; building it
      // again (only once a call failed, so a sent request pays nothing) tells the two apart.
      if (status === undefined) {
        try {
          new Request(request.url, request.init);
        } catch (refused) {
          throw unbuildable(refused);
        }
      }
      return { ok: false, retryable: true, error: { kind: "network", cause: new Error(networkReason(cause)) } };
    } finally {
      raced?.dispose();
      abort.dispose();
    }
  }

  /** The wait before the next attempt, or undefined when the call should give up now. */
  function nextDelay(policy: RetryPolicy | undefined, facts: OperationFacts, outcome: Attempt, attempts: number, started: number): number | undefined {
    if (!policy || outcome.ok || !outcome.retryable || attempts > policy.max || !isIdempotent(facts.method)) return undefined;
    const wait = outcome.error.retryAfterMs ?? backoffDelay(attempts, policy);
    // A wait no timer can hold (over 2^31-1 ms) gives up like one past the budget.
    return wait <= MAX_TIMER_MS && Date.now() - started + wait <= policy.maxElapsedMs ? wait : undefined;
  }

  async function call(operationId: OperationId, input: CallInput, callOptions: CallOptions = {}, vet?: (body: unknown) => ValidationIssue | undefined): Promise<unknown> {
    const facts: OperationFacts | undefined = operationTable[operationId];
    if (!facts) throw new TypeError(`Unknown operation "${String(operationId)}"; known: ${Object.keys(operationTable).join(", ")}.`);
    if (typeof callOptions !== "object" || callOptions === null) throw new TypeError("The last argument, the call options, must be an object.");
    const { signal } = callOptions;
    if (signal !== undefined && (typeof signal?.addEventListener !== "function" || typeof signal.aborted !== "boolean")) {
      throw new TypeError("options.signal must be an AbortSignal.");
    }
    const timeoutMs = callOptions.timeoutMs === undefined ? defaultTimeoutMs : resolveTimeout(callOptions.timeoutMs, "options.");
    const policy = callOptions.retries === undefined ? defaultRetries : resolveRetries(callOptions.retries, "options.");
    const where: Where = { operationId, method: facts.method, path: facts.path };

    // Only JSON bodies: a multipart upload (importCsv) is a FormData, which no schema describes;
    // and an optional body left out (deletePermanently) has nothing to check.
    const bodyToCheck = input.body !== undefined || facts.requestRequired === true;
    if (validation.request && facts.requestSchema && bodyToCheck && /json/i.test(facts.requestMediaType ?? "")) {
      const issues = await check(facts.requestSchema, input.body);
      if (issues.length) throw fail({ ...where, kind: "request-validation", issues });
    }

    const started = Date.now();
    for (let attempts = 1; ; attempts++) {
      let request: { url: string; headers: Record<string, string> } | undefined;
      const attemptStarted = Date.now();
      const outcome = await attempt(facts, input, callOptions, timeoutMs, log && ((url, headers) => (request = { url, headers })));
      const retryInMs = nextDelay(policy, facts, outcome, attempts, started);
      if (log && request) {
        const event: CustomersLogEvent = {
          ...where,
          method: facts.method.toUpperCase(),
          url: redact.text(request.url),
          attempt: attempts,
          headers: logHeaders(request.headers),
          outcome: outcome.ok ? "ok" : outcome.error.kind,
          durationMs: Date.now() - attemptStarted,
        };
        const status = outcome.ok ? outcome.status : outcome.error.status;
        if (status !== undefined) event.status = status;
        if (retryInMs !== undefined) event.retryInMs = retryInMs;
        log(event);
      }
      if (outcome.ok) {
        let issues: ValidationIssue[] = [];
        if (validation.response) {
          // A status the operation does not document is an issue of its own; one documented without a body has nothing to check.
          const schema = documentedBody(facts, outcome.status);
          issues = schema === undefined ? [undocumentedStatusIssue(outcome.status)] : await check(schema, outcome.body);
        }
        const vetted = issues.length ? undefined : vet?.(outcome.body);
        if (vetted) issues = [vetted];
        if (issues.length) {
          const { rawBody } = outcome;
          throw fail({ ...where, kind: "response-validation", status: outcome.status, ...(rawBody === undefined ? { body: outcome.body } : { rawBody }), issues, attempts });
        }
        return outcome.body;
      }
      if (retryInMs === undefined) throw fail({ ...where, ...outcome.error, attempts });
      try {
        await sleep(retryInMs, callOptions.signal);
      } catch (reason) {
        throw fail({ ...where, kind: "aborted", attempts, cause: reason });
      }
    }
  }

  return { http, call };
}
