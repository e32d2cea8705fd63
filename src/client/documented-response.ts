// What the spec says an operation answers with at a status, and the issues a
// 2xx gets when it is not what the spec documents: a status it does not list,
// or a body that is not the JSON it promises. Both are reported as the
// "response-validation" kind, so consumers' exhaustive switches keep working.
import type { OperationFacts } from "../../generated/operations.js";
import type { ValidationIssue } from "../../generated/validators.js";

/**
 * The schema name of the JSON body documented at `status`; null when the
 * status is documented without a JSON body (204); undefined when it is not
 * documented at all (the spec lists exact statuses, no ranges or "default").
 */
export const documentedBody = (facts: OperationFacts, status: number): string | null | undefined => facts.responseSchemas[status];

/** A 2xx at a status the operation does not list. */
export const undocumentedStatusIssue = (status: number): ValidationIssue => ({ path: "", keyword: "status", message: `status ${status} is not one the operation documents` });

/** A 2xx whose body is empty, cut short or not JSON, where the operation documents a JSON `schema`. */
export function notJsonIssue(schema: string, rawBody: string): ValidationIssue {
  return { path: "", keyword: "json", message: `must be the JSON the operation documents (${schema}), got ${rawBody ? "text that is not JSON" : "an empty body"}` };
}
