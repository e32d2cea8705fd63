// Wraps one precompiled AJV function into the package's validator: it never
// throws, and returns the typed value or readable issues; `.is` is the same
// check as a type guard.
import type { ValidateFunction } from "ajv";
import type { ValidationIssue, ValidationResult, Validator } from "../../generated/validators.js";
import { humanize } from "./humanize.js";

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
  const validate = (data: unknown): ValidationResult<T> => {
    try {
      if (compiled(data)) return { ok: true, value: data as T };
      const errors = humanize(compiled.errors ?? []);
      // Every AJV failure leaves at least one error; an empty list would not be a well-formed result.
      return { ok: false, errors: errors.length > 0 ? errors : [{ path: "", keyword: "invalid", message: "is not valid" }] };
    } catch (cause) {
      return { ok: false, errors: unvalidatable(cause) };
    }
  };
  const is = (data: unknown): data is T => {
    try {
      return compiled(data) === true;
    } catch {
      return false;
    }
  };
  return Object.assign(validate, { is });
}
