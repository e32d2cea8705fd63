// Turns AJV's error objects into issues a person can read: a JSON Pointer to
// the offending value and a plain sentence, with nullable and anyOf noise
// folded away. Bundled into generated/validators.js by the generator.
import type { ErrorObject } from "ajv";
import type { ValidationIssue } from "../../generated/validators.js";
import { closestName } from "./closest-name.js";

const pointerPart = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

const FORMAT_MESSAGES: Record<string, string> = {
  email: "must be a valid email address",
  date: "must be a valid calendar date in the form YYYY-MM-DD",
  "date-time": "must be a valid ISO 8601 date-time such as 2022-08-30T06:32:07.380Z",
  uri: "must be a valid absolute URI",
  uuid: "must be a valid UUID",
};

function article(type: string): string {
  if (type === "null") return "null";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeList(types: string[]): string {
  const unique = [...new Set(types.flatMap((t) => t.split(",")))].map(article);
  return unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

const quoted = (value: unknown) => JSON.stringify(value);

/** Looks up the properties a closed object allows, by AJV's schema path. */
export type AllowedProperties = (schemaPath: string) => readonly string[] | undefined;

function toIssue(error: ErrorObject, allowed: AllowedProperties): ValidationIssue {
  const { keyword, instancePath: path, params } = error as ErrorObject & { params: Record<string, any> };
  switch (keyword) {
    case "type":
      return { path, keyword, message: `must be ${typeList([String(params.type)])}` };
    case "required":
      return { path: `${path}/${pointerPart(params.missingProperty)}`, keyword, message: "is required" };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = allowed(error.schemaPath);
      const guess = known && closestName(name, known);
      const hint = guess ? `; did you mean "${guess}"?` : known ? `; allowed: ${known.join(", ")}` : "";
      return { path: `${path}/${pointerPart(name)}`, keyword, message: `is not an allowed property${hint}` };
    }
    case "format":
      return { path, keyword, message: FORMAT_MESSAGES[params.format] ?? `must be a valid ${params.format}` };
    case "const":
      return { path, keyword, message: `must be ${quoted(params.allowedValue)}` };
    case "enum":
      return { path, keyword, message: `must be one of ${(params.allowedValues as unknown[]).map(quoted).join(", ")}` };
    case "minimum":
      return { path, keyword, message: `must be at least ${params.limit}` };
    case "maximum":
      return { path, keyword, message: `must be at most ${params.limit}` };
    case "exclusiveMinimum":
      return { path, keyword, message: `must be greater than ${params.limit}` };
    case "exclusiveMaximum":
      return { path, keyword, message: `must be less than ${params.limit}` };
    case "minLength":
      return { path, keyword, message: `must be at least ${params.limit} characters long` };
    case "maxLength":
      return { path, keyword, message: `must be at most ${params.limit} characters long` };
    case "minItems":
      return { path, keyword, message: `must have at least ${params.limit} item${params.limit === 1 ? "" : "s"}` };
    case "maxItems":
      return { path, keyword, message: `must have at most ${params.limit} items` };
    case "minProperties":
      return { path, keyword, message: `must have at least ${params.limit} propert${params.limit === 1 ? "y" : "ies"}` };
    case "maxProperties":
      return { path, keyword, message: `must have at most ${params.limit} properties` };
    case "uniqueItems":
      return { path, keyword, message: `must not repeat items (items ${params.j} and ${params.i} are equal)` };
    case "pattern":
      return { path, keyword, message: `must match the pattern ${params.pattern}` };
    case "multipleOf":
      return { path, keyword, message: `must be a multiple of ${params.multipleOf}` };
    case "anyOf":
    case "oneOf":
      return { path, keyword, message: "does not match any of the allowed shapes" };
    default:
      return { path, keyword, message: error.message ?? "is not valid" };
  }
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);

/**
 * AJV reports a failed `anyOf` (how the spec says "X or null") as one error
 * per branch plus the anyOf itself. Keep the errors of the branch the value
 * was meant for; when only the types differ, say "must be X or Y" once.
 */
function foldAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const merged = new Map<ErrorObject, string[]>();
  for (const group of errors) {
    if (group.keyword !== "anyOf" && group.keyword !== "oneOf") continue;
    const inside = errors.filter((e) => e !== group && !dropped.has(e) && within(e.instancePath, group.instancePath));
    const typeAlternatives = inside.filter((e) => e.keyword === "type" && e.instancePath === group.instancePath);
    const others = inside.filter((e) => !typeAlternatives.includes(e));
    if (others.length > 0) {
      dropped.add(group);
      typeAlternatives.forEach((e) => dropped.add(e));
    } else if (typeAlternatives.length > 0) {
      dropped.add(group);
      const [first, ...rest] = typeAlternatives;
      merged.set(first!, typeAlternatives.map((e) => String(e.params.type)));
      rest.forEach((e) => dropped.add(e));
    }
  }
  return errors
    .filter((e) => !dropped.has(e))
    .map((e) => (merged.has(e) ? { ...e, params: { type: merged.get(e)!.join(",") } } : e));
}

export function humanize(errors: readonly ErrorObject[], allowed: AllowedProperties): ValidationIssue[] {
  const issues = foldAlternatives([...errors]).map((e) => toIssue(e, allowed));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line per issue, for logs: `/email: must be a valid email address`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("\n");
}
