// Checks a request against the spec, the same way in every mode (the app
// keys are credentials.ts's): the path and query parameters
// (generated/mock-data.js), and the body (the package's own validators,
// after the size, media type, depth and JSON checks). Each check
// is linear in the request's size, and stops early where it can: a rejected
// request must not cost more than an accepted one.
import { parameterValidators, queryArrays } from "../../generated/mock-data.js";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { validators, type SchemaName, type ValidationIssue } from "../../generated/validators.js";
import { MAX_BODY_DEPTH, MAX_REPORTED_ISSUES, tooDeep } from "./limits.js";
import { jsonNestsDeeperThan } from "./nesting-depth.js";

/** A failure lists its issues; `moreInvalidItems` counts items of an array body past the reported ones. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[]; moreInvalidItems?: number };

export interface CheckedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

const prefixed = (issues: readonly ValidationIssue[], prefix: string) => issues.map((i) => ({ ...i, path: `${prefix}${i.path}` }));

/** Coerces and checks path and query parameters; query parameters the spec does not name are ignored, as the API does. */
export function checkParameters(operationId: OperationId, path: Record<string, string>, search: URLSearchParams): Checked<CheckedParameters> {
  const arrays = new Set(queryArrays[operationId]);
  // No prototype: a `__proto__` query name is a plain key here. One pass: the
  // last value of a name wins, an array parameter keeps them all.
  const query: Record<string, unknown> = Object.create(null);
  // The names, kept as they come: Object.entries of an object with thousands of keys costs more than reading them.
  const queryNames: string[] = [];
  for (const [name, value] of search) {
    if (!(name in query)) queryNames.push(name);
    if (!arrays.has(name)) query[name] = value;
    else if (Array.isArray(query[name])) (query[name] as string[]).push(value);
    else query[name] = [value];
  }
  const pathValues: Record<string, unknown> = Object.assign(Object.create(null), path);
  const validate = parameterValidators[operationId];
  const pathResult = validate.path(pathValues);
  const queryResult = validate.query(query);
  const issues = [...(pathResult.ok ? [] : prefixed(pathResult.errors, "/path")), ...(queryResult.ok ? [] : prefixed(queryResult.errors, "/query"))];
  // AJV coerces "1e999" to Infinity and skips number bounds for it: refuse it here.
  for (const [where, values, names] of [["/path", pathValues, Object.keys(path)], ["/query", query, queryNames]] as const) {
    for (const name of names) {
      const value = values[name];
      if (typeof value === "number" && !Number.isFinite(value)) issues.push({ path: `${where}/${name}`, message: "must be a finite number", keyword: "type" });
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: { path: pathValues, query } };
}

const issue = (message: string, keyword: string, path = ""): ValidationIssue[] => [{ path, message, keyword }];

/** File parts importCSV takes: CSV as browsers and spreadsheet tools label it, or unlabelled. */
// The labels the spec's encoding lists for the file part (what browsers and spreadsheet tools give a .csv), or none.
const CSV_TYPES = new Set(["", "text/csv", "application/vnd.ms-excel", "application/octet-stream", "text/plain"]);

async function checkMultipart(operationId: OperationId, raw: Uint8Array, contentType: string): Promise<Checked<unknown>> {
  let form: FormData;
  try {
    form = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch (cause) {
    return { ok: false, issues: issue(`is not valid multipart/form-data: ${(cause as Error).message}`, "multipart") };
  }
  const value: Record<string, string> = Object.create(null);
  const issues: ValidationIssue[] = [];
  for (const [name, part] of form.entries()) {
    if (typeof part === "string") value[name] = part;
    else {
      const type = part.type.split(";")[0]!.trim().toLowerCase();
      if (!CSV_TYPES.has(type)) issues.push(...issue(`must be a CSV file (text/csv, application/vnd.ms-excel, application/octet-stream, text/plain or no type), not ${type}`, "contentMediaType", `/${name}`));
      value[name] = await part.text();
    }
  }
  if (issues.length) return { ok: false, issues };
  const schema = operationTable[operationId].requestSchema;
  if (!schema) return { ok: true, value };
  const result = validators[schema](value);
  return result.ok ? { ok: true, value } : { ok: false, issues: result.errors };
}

/** Parses and validates the body with the operation's generated validator. */
export async function checkBody(operationId: OperationId, raw: Uint8Array, contentType: string | null): Promise<Checked<unknown>> {
  const facts = operationTable[operationId];
  if (!facts.requestMediaType) return { ok: true, value: undefined };
  if (raw.byteLength === 0) return facts.requestRequired ? { ok: false, issues: issue("a request body is required", "required") } : { ok: true, value: undefined };
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (facts.requestMediaType === "multipart/form-data") {
    if (type !== "multipart/form-data") return { ok: false, issues: issue(`must be sent as multipart/form-data, not ${contentType || "without a Content-Type"}`, "contentType") };
    return checkMultipart(operationId, raw, contentType!);
  }
  if (type !== "application/json" && !type.endsWith("+json")) {
    return { ok: false, issues: issue(`must be sent as application/json, not ${contentType || "without a Content-Type"}`, "contentType") };
  }
  // On the raw text, before parsing: parsing a deep body costs far more than refusing it.
  if (jsonNestsDeeperThan(raw, MAX_BODY_DEPTH)) {
    return { ok: false, issues: issue(tooDeep(MAX_BODY_DEPTH), "maxDepth") };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (cause) {
    return { ok: false, issues: issue(`is not valid JSON: ${(cause as Error).message}`, "json") };
  }
  const schema = facts.requestSchema;
  if (!schema) return { ok: true, value };
  return checkValue(schema, value);
}

/**
 * Validates a parsed body. A valid one costs one pass of the generated check.
 * An invalid array (a bulk body) is checked item by item, each as a
 * one-item array (no array-level rule depends on more items), until
 * MAX_REPORTED_ISSUES issues are found; the rest are only counted with `is`,
 * which builds no issues: a million bad items is seconds, not a minute.
 * (Any other body gets the first MAX_REPORTED_ISSUES issues from the
 * validator and a last one counting the rest.)
 */
function checkValue(schema: SchemaName, value: unknown): Checked<unknown> {
  const validator = validators[schema];
  if (Array.isArray(value)) {
    if (validator.is(value)) return { ok: true, value };
    const issues: ValidationIssue[] = [];
    let moreInvalidItems = 0;
    for (let i = 0; i < value.length; i++) {
      if (issues.length >= MAX_REPORTED_ISSUES) {
        if (!validator.is([value[i]])) moreInvalidItems++;
        continue;
      }
      const result = validator([value[i]]);
      if (!result.ok) for (const found of result.errors) issues.push({ ...found, path: found.path.startsWith("/0") ? `/${i}${found.path.slice(2)}` : found.path });
    }
    // Every item passes on its own: what fails is the array as a whole.
    if (issues.length > 0) return { ok: false, issues, moreInvalidItems };
  }
  const result = validator(value, { maxIssues: MAX_REPORTED_ISSUES });
  return result.ok ? { ok: true, value } : { ok: false, issues: result.errors };
}
