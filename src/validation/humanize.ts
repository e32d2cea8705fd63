// Turns AJV's error objects into issues a person can read: a JSON Pointer to
// the offending value and a plain sentence, with nullable and anyOf noise
// folded away. At most `maxIssues` are listed, then one more says how many
// were left out: a body with 800,000 unknown keys took 8 s here, nearly all of
// it suggesting a name for each key and writing each sentence. Bundled into
// generated/validators.js by the generator.
import type { ErrorObject } from "ajv";
import type { ValidationIssue } from "../../generated/validators.js";
import { closestName } from "./closest-name.js";

const pointerPart = (key: string) => (key.includes("~") || key.includes("/") ? key.replace(/~/g, "~0").replace(/\//g, "~1") : key);

const FORMAT_MESSAGES: Record<string, string> = {
  email: "must be a valid email address",
  date: "must be a valid calendar date in the form YYYY-MM-DD",
  "date-time": "must be a valid ISO 8601 date-time such as 2022-08-30T06:32:07.380Z",
  uri: "must be a valid absolute URI",
  uuid: "must be a valid UUID",
};

const TYPE_NAMES: Record<string, string> = {
  null: "null",
  boolean: "a boolean",
  integer: "an integer",
  number: "a number",
  string: "a string",
  array: "an array",
  object: "an object",
};

// The same few type lists come up again and again: word each one once.
const typeLists = new Map<string, string>();

/** `"integer,null"` → "an integer or null". */
function typeList(types: string): string {
  let words = typeLists.get(types);
  if (words === undefined) {
    const unique = [...new Set(types.split(","))].map((t) => TYPE_NAMES[t] ?? `a ${t}`);
    words = unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
    typeLists.set(types, words);
  }
  return words;
}

const quoted = (value: unknown) => JSON.stringify(value);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The names a closed object allows, by the schema path AJV reports, for
 * errors that do not carry them: AJV's own `additionalProperties`, as in a
 * schema compiled at run time without the generator's preparation.
 */
export type AllowedProperties = (schemaPath: string) => readonly string[] | undefined;

const PROPERTY_KEYWORDS = new Set(["additionalProperties", "closedProperties", "unevaluatedProperties"]);

// A closed object's names, as the hint lists them: one list per closed object.
const allowedLists = new WeakMap<readonly string[], string>();

function allowedList(known: readonly string[]): string {
  let list = allowedLists.get(known);
  if (list === undefined) allowedLists.set(known, (list = known.length ? `; allowed: ${known.join(", ")}` : "; this object takes none"));
  return list;
}

/** What follows "is not an allowed property": the nearest allowed name, else the allowed names, else nothing. */
function propertyHint(error: ErrorObject, allowedFor: AllowedProperties | undefined): string {
  const { params } = error as ErrorObject & { params: Record<string, any> };
  const known = Array.isArray(params.allowed) ? (params.allowed as string[]) : allowedFor?.(error.schemaPath);
  if (!known) return "";
  const guess = closestName(String(params.additionalProperty ?? params.unevaluatedProperty), known);
  return guess ? `; did you mean "${guess}"?` : allowedList(known);
}

/** The issue for one error, without the hint an unknown property gets (propertyHint): cheap enough for the errors past the cap that are only counted. */
function toIssue(error: ErrorObject): ValidationIssue {
  const { keyword, instancePath: path, params } = error as ErrorObject & { params: Record<string, any> };
  switch (keyword) {
    case "type":
      return { path, keyword, message: `must be ${typeList(String(params.type))}` };
    case "required":
      return { path: `${path}/${pointerPart(params.missingProperty)}`, keyword, message: "is required" };
    case "additionalProperties":
    case "closedProperties": // the generator's stand-in for additionalProperties: false, which names the allowed ones
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const reported = keyword === "unevaluatedProperties" ? keyword : "additionalProperties";
      return { path: `${path}/${pointerPart(name)}`, keyword: reported, message: "is not an allowed property" };
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
      return { path, keyword, message: params.limit === 1 ? "must not be empty" : `must be at least ${count(params.limit, "character", "characters")} long` };
    case "maxLength":
      return { path, keyword, message: `must be at most ${count(params.limit, "character", "characters")} long` };
    case "minItems":
      return { path, keyword, message: `must have at least ${count(params.limit, "item", "items")}` };
    case "maxItems":
      return { path, keyword, message: `must have at most ${count(params.limit, "item", "items")}` };
    case "minProperties":
      return { path, keyword, message: `must have at least ${count(params.limit, "property", "properties")}` };
    case "maxProperties":
      return { path, keyword, message: params.limit === 0 ? "must be empty" : `must have at most ${count(params.limit, "property", "properties")}` };
    case "uniqueItems":
      return { path, keyword, message: `must not repeat items (items ${params.j} and ${params.i} are equal)` };
    case "pattern":
      return { path, keyword, message: `must match the pattern ${params.pattern}` };
    case "multipleOf":
      return { path, keyword, message: `must be a multiple of ${params.multipleOf}` };
    case "anyOf":
      return { path, keyword, message: "does not match any of the allowed shapes" };
    case "oneOf":
      return {
        path,
        keyword,
        message: params.passingSchemas ? "matches more than one of the allowed shapes; it must match exactly one" : "does not match any of the allowed shapes",
      };
    case "not":
      return { path, keyword, message: "has a shape that is not allowed here" };
    case "false schema":
      return { path, keyword: "false", message: "is not allowed" };
    case "dependentRequired":
    case "dependencies":
      return { path: `${path}/${pointerPart(params.missingProperty)}`, keyword, message: `is required when ${quoted(params.property)} is present` };
    case "propertyNames":
      return { path: `${path}/${pointerPart(String(params.propertyName))}`, keyword, message: "is not an allowed property name" };
    case "contains":
      return {
        path,
        keyword,
        message: `must contain at least ${count(params.minContains, "matching item", "matching items")}${params.maxContains === undefined ? "" : ` and at most ${params.maxContains}`}`,
      };
    case "items":
    case "additionalItems":
    case "unevaluatedItems":
      return { path, keyword, message: `must have at most ${count(params.limit, "item", "items")}` };
    case "if":
      return {
        path,
        keyword,
        message: `does not meet the rule that applies when its condition ${params.failingKeyword === "else" ? "does not hold" : "holds"}`,
      };
    default:
      // A keyword the spec does not use yet (the validators are compiled without AJV's messages).
      return { path, keyword, message: `is not valid (it breaks the schema's "${keyword}" rule)` };
  }
}

/**
 * The errors about the value at a path or anything inside it, found without
 * scanning every error for every anyOf: a list of 16,000 customers with a bad
 * address each made that scan take 40 s. Errors are bucketed by path, and the
 * paths sorted, so those below one path are a contiguous run.
 */
function errorsByValue(errors: readonly ErrorObject[]): (path: string) => ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const bucket = byPath.get(error.instancePath);
    if (bucket) bucket.push(error);
    else byPath.set(error.instancePath, [error]);
  }
  const paths = [...byPath.keys()].sort();
  return (path) => {
    const found = [...byPath.get(path)!];
    const prefix = `${path}/`;
    let low = 0;
    let high = paths.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (paths[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < paths.length && paths[i]!.startsWith(prefix); i++) for (const error of byPath.get(paths[i]!)!) found.push(error);
    return found;
  };
}

/**
 * AJV reports a failed `anyOf` (how the spec says "X or null") as one error
 * per branch plus the anyOf itself. Keep the errors of the branch the value
 * was meant for; when only the types differ, say "must be X or Y" once.
 */
function foldAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const atOrBelow = errorsByValue(errors);
  const dropped = new Set<ErrorObject>();
  const merged = new Map<ErrorObject, string[]>();
  for (const group of errors) {
    if (group.keyword !== "anyOf" && group.keyword !== "oneOf") continue;
    const inside = atOrBelow(group.instancePath).filter((e) => e !== group && !dropped.has(e));
    const typeAlternatives = new Set(inside.filter((e) => e.keyword === "type" && e.instancePath === group.instancePath));
    const others = inside.filter((e) => !typeAlternatives.has(e));
    if (others.length > 0) {
      dropped.add(group);
      typeAlternatives.forEach((e) => dropped.add(e));
    } else if (typeAlternatives.size > 0) {
      dropped.add(group);
      const [first, ...rest] = typeAlternatives;
      merged.set(first!, [...typeAlternatives].map((e) => String(e.params.type)));
      rest.forEach((e) => dropped.add(e));
    }
  }
  return errors
    .filter((e) => !dropped.has(e))
    .map((e) => (merged.has(e) ? { ...e, params: { type: merged.get(e)!.join(",") } } : e));
}

/**
 * The generator checks a tagged union (CustomerActivity's event types) as
 * `if`/`then` per tag. A failed `then` comes with its own errors, which say
 * what is wrong; the `if` error beside them only says that something is, and
 * names a keyword the published schema does not have.
 */
function withoutConditionals(errors: readonly ErrorObject[]): readonly ErrorObject[] {
  const atOrBelow = errorsByValue(errors);
  return errors.filter((e) => e.keyword !== "if" || !atOrBelow(e.instancePath).some((other) => other.keyword !== "if"));
}

/**
 * How many issues a validator lists unless told otherwise. GraphQL servers
 * settled on the same cap for their validation errors (graphql-js's
 * `maxErrors`, Apollo Router, graphql-java, graphql-ruby): enough for any
 * mistake a person makes, and a bounded answer to a body that is wrong in a
 * million places.
 */
export const DEFAULT_MAX_ISSUES = 100;

/** The keyword of the issue that ends a list cut short, saying how many more errors there were. */
export const MORE_ISSUES_KEYWORD = "maxIssues";

/** 799900 → "799,900", the same in every locale. */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** The last issue of a list cut short at `maxIssues`. */
function moreIssues(more: number, maxIssues: number): ValidationIssue {
  return { path: "", keyword: MORE_ISSUES_KEYWORD, message: `${grouped(more)} more not listed (maxIssues: ${maxIssues})` };
}

/**
 * How many errors past the cap are still told apart from the issues listed
 * and from each other, so a count of a few is exact. Past these, the rest are
 * counted as they are: a million unknown keys are not a million new paths
 * and sentences to compare.
 */
const EXACT_COUNT_BUDGET = 1_000;

/**
 * The issues, in AJV's order, each path and sentence once (the hint left
 * out), at most `maxIssues` of them (at least 1; Infinity for all). Past
 * that, one more issue (keyword `maxIssues`) says how many more there were:
 * counted, not worded, and exactly for the first EXACT_COUNT_BUDGET errors
 * past the cap; an issue two rules both report beyond those counts twice.
 */
export function humanize(errors: readonly ErrorObject[], allowedFor?: AllowedProperties, maxIssues = DEFAULT_MAX_ISSUES): ValidationIssue[] {
  const unconditional = errors.some((e) => e.keyword === "if") ? withoutConditionals(errors) : errors;
  const alternatives = unconditional.some((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const folded = alternatives ? foldAlternatives([...unconditional]) : unconditional;
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const isNew = (issue: ValidationIssue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  let next = 0;
  for (; next < folded.length && issues.length < maxIssues; next++) {
    const error = folded[next]!;
    const issue = toIssue(error);
    if (!isNew(issue)) continue;
    // The suggestion only now, for an issue that is listed: it is the dear part.
    if (PROPERTY_KEYWORDS.has(error.keyword)) issue.message += propertyHint(error, allowedFor);
    issues.push(issue);
  }
  if (next === folded.length) return issues;
  const toldApart = Math.min(folded.length, next + EXACT_COUNT_BUDGET);
  let more = folded.length - toldApart;
  for (; next < toldApart; next++) if (isNew(toIssue(folded[next]!))) more++;
  if (more > 0) issues.push(moreIssues(more, maxIssues));
  return issues;
}

/**
 * How many issues were left out of a list cut short at `maxIssues` (what its
 * last issue counts), or 0 for a whole list: for code that reports the
 * issues its own way (the mock's `details`), read where they are written.
 */
export function issuesLeftOut(issues: readonly ValidationIssue[]): number {
  const last = issues.at(-1);
  if (last?.keyword !== MORE_ISSUES_KEYWORD) return 0;
  const count = /^([\d,]+) more not listed/.exec(last.message);
  return count ? Number(count[1]!.replace(/,/g, "")) : 0;
}

/**
 * One line per issue, for logs: `/email: must be a valid email address`; the
 * count that ends a list cut short as `… 12 more not listed (maxIssues: 100)`.
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.keyword === MORE_ISSUES_KEYWORD ? `… ${issue.message}` : `${issue.path || "(root)"}: ${issue.message}`)).join("\n");
}
