// Wraps one precompiled AJV function into the package's validator: it never
// throws for any data, and returns the typed value or readable issues (at most
// `maxIssues`, then how many more); `.is` is the same check as a type guard.
import type { ValidateFunction } from "ajv";
import type { ValidationIssue, ValidationResult, Validator, ValidatorOptions } from "../../generated/validators.js";
import { DEFAULT_MAX_ISSUES, humanize } from "./humanize.js";

/**
 * The cap the options ask for. A second argument that is not an object is
 * ignored, so `items.map(validateCustomer)` (which passes each index) keeps
 * working; an object with a wrong `maxIssues` is a programming error, told
 * as one.
 */
function maxIssuesOf(options: unknown): number {
  if (typeof options !== "object" || options === null) return DEFAULT_MAX_ISSUES;
  const { maxIssues } = options as ValidatorOptions;
  if (maxIssues === undefined) return DEFAULT_MAX_ISSUES;
  if (maxIssues === Infinity || (Number.isSafeInteger(maxIssues) && maxIssues >= 1)) return maxIssues;
  throw new TypeError(`options.maxIssues must be a whole number of at least 1, or Infinity; got ${typeof maxIssues === "number" ? maxIssues : typeof maxIssues}.`);
}

/** Why a value could not be checked at all. Never throws itself, whatever was thrown. */
function unvalidatable(cause: unknown): ValidationIssue[] {
  let reason: string;
  try {
    reason =
      cause instanceof RangeError && /call stack/i.test(cause.message)
        ? "it is nested too deeply"
        : `reading it threw ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`;
  } catch {
    reason = "reading it threw a value that cannot be printed";
  }
  return [{ path: "", keyword: "exception", message: `could not be validated: ${reason}` }];
}

export function createValidator<T>(compiled: ValidateFunction): Validator<T> {
  const validate = (data: unknown, options?: ValidatorOptions): ValidationResult<T> => {
    const maxIssues = maxIssuesOf(options);
    try {
      if (compiled(data)) return { ok: true, value: data as T };
      const errors = humanize(compiled.errors ?? [], undefined, maxIssues);
      // Every AJV failure leaves at least one error; an empty list would not be a well-formed result.
      return { ok: false, errors: errors.length > 0 ? errors : [{ path: "", keyword: "invalid", message: "is not valid" }] };
    } catch (cause) {
      return { ok: false, errors: unvalidatable(cause) };
    }
  };
  // The check alone: AJV still collects its error objects (the module is
  // compiled with allErrors), but none is read, worded or suggested a name.
  const is = (data: unknown): data is T => {
    try {
      return compiled(data) === true;
    } catch {
      return false;
    }
  };
  return Object.assign(validate, { is });
}
