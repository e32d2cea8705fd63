// The one error every client call rejects with. It carries what a caller
// needs to react (status, kind, the API's key, the parsed body) and never the
// app token: the transport redacts it from every text before it gets here.
import type { ApiError } from "../../generated/schema.js";
import type { ValidationIssue } from "../../generated/validators.js";

export type CustomersErrorKind =
  /** The API answered with a non-2xx status. */
  | "api"
  /** No answer: DNS, connection refused or reset, CORS. */
  | "network"
  /** Cancelled through the caller's AbortSignal. */
  | "aborted"
  /** No complete answer within `timeoutMs`. */
  | "timeout"
  /** The request body failed validation and was not sent. */
  | "request-validation"
  /** The API answered 2xx with a body that does not match the spec. */
  | "response-validation";

export interface CustomersApiErrorInit {
  kind: CustomersErrorKind;
  operationId: string;
  method: string;
  path: string;
  status?: number;
  body?: unknown;
  rawBody?: string;
  issues?: ValidationIssue[];
  /** Request violations a Prism mock reports in its `sl-violations` header. */
  mockViolations?: string[];
  /** How many attempts were made (more than 1 when retried). */
  attempts?: number;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs?: number;
  /** The per-attempt limit, for the "timeout" kind. */
  timeoutMs?: number;
  cause?: unknown;
}

const isApiError = (body: unknown): body is ApiError =>
  typeof body === "object" && body !== null && typeof (body as ApiError).code === "number" && typeof (body as ApiError).message === "string";

/** Violations Prism (the mock) lists in its 422 problem+json bodies. */
function bodyViolations(body: unknown): string[] {
  const validation = (body as { validation?: unknown })?.validation;
  return Array.isArray(validation) ? validation.map((v: any) => String(v?.message ?? "")).filter(Boolean) : [];
}

function describe(init: CustomersApiErrorInit): string {
  let text = describeCall(init);
  if (init.attempts !== undefined && init.attempts > 1) text += ` (after ${init.attempts} attempts)`;
  return init.mockViolations?.length ? `${text}; the mock reports: ${init.mockViolations.join("; ")}` : text;
}

function describeCall(init: CustomersApiErrorInit): string {
  const call = `${init.operationId} (${init.method.toUpperCase()} ${init.path})`;
  switch (init.kind) {
    case "request-validation":
      return `${call} was not sent: the request body is invalid: ${(init.issues ?? []).map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`;
    case "response-validation":
      return `${call} returned ${init.status} with a body that does not match the spec: ${(init.issues ?? []).map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`;
    case "network":
      return `${call} failed without a complete response: ${(init.cause as Error)?.message ?? "network error"}`;
    case "aborted":
      return `${call} was aborted by the caller`;
    case "timeout":
      return `${call} timed out: no complete response within ${init.timeoutMs} ms`;
    case "api": {
      const body = init.body;
      if (isApiError(body)) {
        const details = body.details ? ` (${body.details})` : "";
        const request = body.request_id ? ` [request_id ${body.request_id}]` : "";
        return `${call} failed with ${init.status}${body.key ? ` ${body.key}` : ""}: ${body.message}${details}${request}`;
      }
      const violations = bodyViolations(body);
      const title = (body as { title?: unknown })?.title;
      if (violations.length || typeof title === "string") {
        return `${call} failed with ${init.status}: ${typeof title === "string" ? title : "rejected"}${violations.length ? `: ${violations.join("; ")}` : ""}`;
      }
      const text = init.rawBody?.trim().replace(/\s+/g, " ").slice(0, 200);
      return `${call} failed with ${init.status}${text ? `: ${text}` : " and an empty body"}`;
    }
  }
}

export class CustomersApiError extends Error {
  readonly kind: CustomersErrorKind;
  /** The HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** The response body parsed as JSON, or undefined when it was not JSON. */
  readonly body: ApiError | unknown;
  /** The response body as text, when it was not JSON (an HTML gateway page, an empty body). */
  readonly rawBody: string | undefined;
  /** The API's machine-readable reason, e.g. `not_found`, when the body is an ApiError. */
  readonly key: string | undefined;
  /** The API's request ID, for support. */
  readonly requestId: string | undefined;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** Validation issues, for the two validation kinds. */
  readonly issues: ValidationIssue[];
  /** What a Prism mock found wrong with the request (its `sl-violations` header); empty against the real API. */
  readonly mockViolations: string[];
  /** How many attempts were made: 1, or more when the call was retried. 0 when nothing was sent. */
  readonly attempts: number;
  /** The server's `Retry-After` in milliseconds, when it sent one (e.g. with a 429 the client did not wait for). */
  readonly retryAfterMs: number | undefined;

  constructor(init: CustomersApiErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "CustomersApiError";
    this.kind = init.kind;
    this.status = init.status;
    this.body = init.body;
    this.rawBody = init.rawBody;
    this.key = isApiError(init.body) ? init.body.key : undefined;
    this.requestId = isApiError(init.body) ? init.body.request_id : undefined;
    this.operationId = init.operationId;
    this.method = init.method.toUpperCase();
    this.path = init.path;
    this.issues = init.issues ?? [];
    this.mockViolations = init.mockViolations ?? [];
    this.attempts = init.attempts ?? (init.kind === "request-validation" ? 0 : 1);
    this.retryAfterMs = init.retryAfterMs;
  }

  /** True when the body is the API's documented error object. */
  isApiError(): this is CustomersApiError & { body: ApiError } {
    return isApiError(this.body);
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      key: this.key,
      requestId: this.requestId,
      operationId: this.operationId,
      method: this.method,
      path: this.path,
      body: this.body,
      rawBody: this.rawBody,
      issues: this.issues,
      mockViolations: this.mockViolations,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
