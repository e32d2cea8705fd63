// The one error every client call rejects with. It carries what a caller
// needs to react (status, kind, the API's key, the parsed body) and never a
// secret: the transport redacts the app and OAuth tokens from every text
// before it gets here.
//
// Two things beyond a plain Error subclass:
// - Narrowing: the exported `CustomersApiError` type is the class's instance
//   type intersected with a union discriminated on `kind`, so after
//   `err.kind === "api"` the compiler knows `err.status` is a number. A class
//   cannot declare a union instance type, hence a class declared under an
//   internal name and re-exported as a value plus a type of the same name.
// - The dual-package hazard: the ESM and CommonJS builds are two copies of
//   this class. Both brand their instances with one registry symbol
//   (Symbol.for), and `instanceof` and `CustomersApiError.is` check the brand,
//   so an error from either copy is recognised by both.
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
  /**
   * The API answered 2xx with a status or body the spec does not document for
   * the operation (a body that is not JSON included, and a listAll page the walk
   * cannot use or that repeats the one before); or, whatever the status, with a
   * body too large to read (over about 512 MB). Never retried.
   */
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
  /** Set for a redirect the client did not follow: the origin it pointed at, or "" when unknown. */
  redirectTo?: string;
  cause?: unknown;
}

/** What each kind guarantees on top of the fields every CustomersApiError has. */
export type CustomersApiErrorVariant =
  | { readonly kind: "api"; readonly status: number; readonly timeoutMs: undefined }
  | { readonly kind: "network"; readonly status: undefined; readonly body: undefined; readonly timeoutMs: undefined }
  | { readonly kind: "aborted"; readonly status: undefined; readonly body: undefined; readonly timeoutMs: undefined }
  | { readonly kind: "timeout"; readonly status: undefined; readonly body: undefined; readonly timeoutMs: number }
  | { readonly kind: "request-validation"; readonly status: undefined; readonly issues: ValidationIssue[]; readonly attempts: 0; readonly timeoutMs: undefined }
  | { readonly kind: "response-validation"; readonly status: number; readonly issues: ValidationIssue[]; readonly timeoutMs: undefined };

/** The same registry symbol in every copy of this module (ESM build, CommonJS build, a bundled copy). */
const BRAND: unique symbol = Symbol.for("voucherify-customers-contract.CustomersApiError") as never;

const isApiError = (body: unknown): body is ApiError =>
  typeof body === "object" &&
  body !== null &&
  // A 429 from the rate limiter may carry its code as a string.
  (typeof (body as ApiError).code === "number" || typeof (body as { code?: unknown }).code === "string") &&
  typeof (body as ApiError).message === "string";

/** Violations Prism (the mock) lists in its 422 problem+json bodies. */
function bodyViolations(body: unknown): string[] {
  const validation = (body as { validation?: unknown })?.validation;
  return Array.isArray(validation) ? validation.map((v: any) => String(v?.message ?? "")).filter(Boolean) : [];
}

const oneLine = (text: string, max = 200) => {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** Any other JSON object: quote its `error` and `message` (a framework's `{statusCode, error, message}`), else the JSON itself. */
function describeOtherJson(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  const { error, message } = (typeof body === "object" && body !== null ? body : {}) as { error?: unknown; message?: unknown };
  const words = [error, message].filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => oneLine(v));
  if (words.length) return words.join(": ");
  // The transport hands over bodies at most MAX_DEPTH (redact.ts) deep, which JSON.stringify's stack takes.
  return oneLine(JSON.stringify(body) ?? String(body));
}

function describe(init: CustomersApiErrorInit): string {
  let text = describeCall(init);
  if (init.attempts !== undefined && init.attempts > 1) text += ` (after ${init.attempts} attempts)`;
  return init.mockViolations?.length ? `${text}; the mock reports: ${init.mockViolations.join("; ")}` : text;
}

function describeCall(init: CustomersApiErrorInit): string {
  const call = `${init.operationId} (${init.method.toUpperCase()} ${init.path})`;
  const issues = (init.issues ?? []).map((i) => `${i.path || "(root)"} ${i.message}`).join("; ");
  switch (init.kind) {
    case "request-validation":
      return `${call} was not sent: the request body is invalid: ${issues}`;
    case "response-validation":
      return `${call} returned ${init.status} with a response that does not match the spec: ${issues}`;
    case "network":
      return `${call} failed without a complete response: ${(init.cause as Error)?.message ?? "network error"}`;
    case "aborted":
      return `${call} was aborted by the caller`;
    case "timeout":
      return `${call} timed out: no complete response within ${init.timeoutMs} ms`;
    case "api": {
      if (init.redirectTo !== undefined) {
        // status 0: a browser's opaque redirect.
        return `${call} was redirected${init.status ? ` (${init.status})` : ""}${init.redirectTo && ` to ${init.redirectTo}`}; the client does not follow redirects, so the app or OAuth token stays with the configured host`;
      }
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
      const quoted = describeOtherJson(body) ?? (init.rawBody ? oneLine(init.rawBody) : "");
      return `${call} failed with ${init.status}${quoted ? `: ${quoted}` : " and an empty body"}`;
    }
  }
}

/** Declared under this name so that the public `CustomersApiError` can be the narrowing type below. */
class CustomersApiErrorClass extends Error {
  // Declared, not defined: the constructor sets each one, in the order toJSON lists them.
  declare readonly kind: CustomersErrorKind;
  /** The HTTP status, when a response arrived (a number for the "api" and "response-validation" kinds). */
  declare readonly status: number | undefined;
  /** The API's machine-readable reason, e.g. `not_found`, when the body is an ApiError. */
  declare readonly key: string | undefined;
  /** The API's request ID, for support. */
  declare readonly requestId: string | undefined;
  declare readonly operationId: string;
  declare readonly method: string;
  declare readonly path: string;
  /** The response body parsed as JSON, or undefined when it was not JSON. */
  declare readonly body: ApiError | unknown;
  /** The response body as text, when it was not JSON (an HTML gateway page, an empty body). */
  declare readonly rawBody: string | undefined;
  /** Validation issues, for the two validation kinds; empty for the others. */
  declare readonly issues: ValidationIssue[];
  /** What a Prism mock found wrong with the request (its `sl-violations` header); empty against the real API. */
  declare readonly mockViolations: string[];
  /** How many attempts were made: 1, or more when the call was retried. 0 when nothing was sent. */
  declare readonly attempts: number;
  /** The server's `Retry-After` in milliseconds, when it sent one (e.g. with a 429 the client did not wait for). */
  declare readonly retryAfterMs: number | undefined;
  /** The per-attempt limit that ran out, for the "timeout" kind. */
  declare readonly timeoutMs: number | undefined;

  constructor(init: CustomersApiErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    const apiError = isApiError(init.body) ? init.body : undefined;
    const self = this as { -readonly [K in keyof this]: this[K] };
    self.name = "CustomersApiError";
    self.kind = init.kind;
    self.status = init.status;
    self.key = apiError?.key;
    self.requestId = apiError?.request_id;
    self.operationId = init.operationId;
    self.method = init.method.toUpperCase();
    self.path = init.path;
    self.body = init.body;
    self.rawBody = init.rawBody;
    self.issues = init.issues ?? [];
    self.mockViolations = init.mockViolations ?? [];
    self.attempts = init.attempts ?? (init.kind === "request-validation" ? 0 : 1);
    self.retryAfterMs = init.retryAfterMs;
    self.timeoutMs = init.kind === "timeout" ? init.timeoutMs : undefined;
  }

  /** True for a CustomersApiError from any copy of this package (its ESM or CommonJS build, a bundle). */
  static is(value: unknown): value is CustomersApiError {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  /** `instanceof` checks the brand, not the prototype chain, so it holds across copies of the package. */
  static [Symbol.hasInstance](this: Function, value: unknown): boolean {
    // A subclass keeps the ordinary prototype check: only its own instances are its instances.
    if (this !== CustomersApiErrorClass) return Function.prototype[Symbol.hasInstance].call(this, value);
    return CustomersApiErrorClass.is(value);
  }

  /** True when the body is the API's documented error object. */
  isApiError(): this is { body: ApiError; key: string | undefined } {
    return isApiError(this.body);
  }

  /** The name, the message and every field above (the own enumerable properties, set in this order). */
  toJSON(): Pick<CustomersApiErrorClass, Exclude<keyof CustomersApiErrorClass, "stack" | "cause" | "isApiError" | "toJSON">> {
    return Object.assign({ name: this.name, message: this.message }, this);
  }
}

// On the prototype, not each instance: invisible to util.inspect, JSON and Object.keys.
Object.defineProperty(CustomersApiErrorClass.prototype, BRAND, { value: true });

/**
 * A failed call. Narrow on `kind` to read the fields that kind guarantees:
 * `if (err.kind === "api") err.status` is a number.
 */
export type CustomersApiError = CustomersApiErrorClass & CustomersApiErrorVariant;

export interface CustomersApiErrorConstructor {
  new (init: CustomersApiErrorInit): CustomersApiError;
  readonly prototype: CustomersApiError;
  /** True for a CustomersApiError from any copy of this package (its ESM or CommonJS build, a bundle). */
  is(value: unknown): value is CustomersApiError;
  [Symbol.hasInstance](value: unknown): value is CustomersApiError;
}

export const CustomersApiError: CustomersApiErrorConstructor = CustomersApiErrorClass as unknown as CustomersApiErrorConstructor;
