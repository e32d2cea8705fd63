// Wraps one precompiled AJV function into the package's validator shape:
// never throws, returns the typed value or readable issues.
import type { ValidateFunction } from "ajv";
import type { ValidationResult } from "../../generated/validators.js";
import { humanize } from "./humanize.js";

export function createValidator<T>(
  name: string,
  validate: ValidateFunction,
  closedObjects: Readonly<Record<string, readonly string[]>>,
): (data: unknown) => ValidationResult<T> {
  // AJV reports schema paths relative to the compiled schema: "#/…" for the
  // validator's own schema, "#/$defs/Other/…" inside a referenced one.
  const ownPrefix = `#/$defs/${name}`;
  const allowed = (schemaPath: string) =>
    closedObjects[schemaPath.startsWith("#/$defs/") ? schemaPath : ownPrefix + schemaPath.slice(1)];
  return (data: unknown): ValidationResult<T> => {
    try {
      if (validate(data)) return { ok: true, value: data as T };
      return { ok: false, errors: humanize(validate.errors ?? [], allowed) };
    } catch (cause) {
      const reason = cause instanceof RangeError ? "it is nested too deeply" : String((cause as Error)?.message ?? cause);
      return { ok: false, errors: [{ path: "", keyword: "exception", message: `could not be validated: ${reason}` }] };
    }
  };
}
