// What the engine decides before it becomes a Response: a status, a JSON
// body (none for 204) and extra headers. Errors are built here in the one
// ApiError shape, from the spec's own error examples.
import { ErrorBadRequest, ErrorNotFound, ErrorUnauthorized } from "../../generated/examples.js";
import type { OperationId } from "../../generated/operations.js";
import { issuesLeftOut, type ValidationIssue } from "../../generated/validators.js";
import type { ApiError } from "../types.js";
import { MAX_REPORTED_ISSUES } from "./limits.js";

export interface MockAnswer {
  status: number;
  /** The JSON body; undefined when the status has none (204). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Which operation answered, when the request matched one. */
  operationId?: OperationId;
  /** The body is a documented example as it is (checked against its schema when generated): no need to validate it again. */
  documented?: boolean;
  /** The body object never changes (a stored customer: the store replaces customers, never edits one): it is checked and serialized once. */
  unchanging?: boolean;
}

const TEMPLATES: Record<number, { readonly key?: string; readonly message: string }> = {
  400: ErrorBadRequest,
  401: ErrorUnauthorized,
  404: ErrorNotFound,
  // The spec's 413 examples are two shapes (ApiError and the gateway's); the mock sends the ApiError one.
  413: { key: "request_entity_too_large", message: "Request entity too large" },
};

const MESSAGES: Record<number, string> = {
  405: "Method not allowed",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
};

export interface ErrorFields {
  key?: string;
  message?: string;
  details?: string;
  resourceId?: string;
}

/** An ApiError body for `status`: the spec's example for it, with this request's ID and details. */
export function apiError(status: number, requestId: string, fields: ErrorFields = {}): ApiError {
  const template = TEMPLATES[status];
  const body: ApiError = {
    code: status,
    key: fields.key ?? template?.key ?? (MESSAGES[status] ?? "error").toLowerCase().replace(/ /g, "_"),
    message: fields.message ?? template?.message ?? MESSAGES[status] ?? "Error",
    request_id: requestId,
  };
  if (fields.details !== undefined) body.details = fields.details;
  if (fields.resourceId !== undefined) {
    body.resource_id = fields.resourceId;
    body.resource_type = "customer";
  }
  return body;
}

const counted = (count: number, noun: string) => `${count} more ${noun}${count === 1 ? "" : "s"}`;

/**
 * Issues as the one `details` line the API sends, e.g. `/email: must be a
 * valid email address`: the first MAX_REPORTED_ISSUES, then how many more
 * there are (`moreInvalidItems`: items of an array body not checked issue by
 * issue once enough were found).
 */
export function detailsOf(issues: readonly ValidationIssue[], moreInvalidItems = 0): string {
  // A validator's list cut short ends with an issue that only counts the rest (an array body's items may each end so).
  const listed = issues.filter((i) => issuesLeftOut([i]) === 0);
  const leftOut = issues.reduce((sum, i) => sum + issuesLeftOut([i]), 0);
  const shown = listed
    .slice(0, MAX_REPORTED_ISSUES)
    .map((i) => `${i.path || "(body)"}: ${i.message}`)
    .join("; ");
  const moreIssues = Math.max(0, listed.length - MAX_REPORTED_ISSUES) + leftOut;
  const more = [
    ...(moreIssues > 0 ? [counted(moreIssues, "issue")] : []),
    ...(moreInvalidItems > 0 ? [counted(moreInvalidItems, "invalid item")] : []),
  ];
  return more.length ? `${shown}; … and ${more.join(" and ")}` : shown;
}
