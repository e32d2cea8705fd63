// Checks a request against the spec, the same way in every mode: the
// app-key headers of one security requirement, the path and query
// parameters (generated/mock-data.js), and the body (the package's own
// validators, after the size, media type, JSON and depth checks).
import { parameterValidators, queryArrays, securityHeaders } from "../../generated/mock-data.js";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { validators, type ValidationIssue } from "../../generated/validators.js";
import { MAX_BODY_DEPTH } from "./limits.js";
import { nestsDeeperThan } from "./nesting-depth.js";

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface CheckedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

/** True when every header of one security requirement is present and not empty. */
export function authorized(headers: Headers): boolean {
  if (securityHeaders.length === 0) return true;
  return securityHeaders.some((names) => names.every((name) => (headers.get(name) ?? "") !== ""));
}

const prefixed = (issues: readonly ValidationIssue[], prefix: string) => issues.map((i) => ({ ...i, path: `${prefix}${i.path}` }));

/** Coerces and checks path and query parameters; query parameters the spec does not name are ignored, as the API does. */
export function checkParameters(operationId: OperationId, path: Record<string, string>, search: URLSearchParams): Checked<CheckedParameters> {
  const arrays = new Set(queryArrays[operationId]);
  // No prototype: a `__proto__` query name is a plain key here.
  const query: Record<string, unknown> = Object.create(null);
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    query[name] = arrays.has(name) ? values : values.at(-1);
  }
  const pathValues: Record<string, unknown> = Object.assign(Object.create(null), path);
  const validate = parameterValidators[operationId];
  const pathResult = validate.path(pathValues);
  const queryResult = validate.query(query);
  const issues = [...(pathResult.ok ? [] : prefixed(pathResult.errors, "/path")), ...(queryResult.ok ? [] : prefixed(queryResult.errors, "/query"))];
  // AJV coerces "1e999" to Infinity and skips number bounds for it: refuse it here.
  for (const [where, values] of [["/path", pathValues], ["/query", query]] as const) {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "number" && !Number.isFinite(value)) issues.push({ path: `${where}/${name}`, message: "must be a finite number", keyword: "type" });
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: { path: pathValues, query } };
}

const issue = (message: string, keyword: string, path = ""): ValidationIssue[] => [{ path, message, keyword }];

/** File parts importCSV takes: CSV as browsers and spreadsheet tools label it, or unlabelled. */
const CSV_TYPES = new Set(["", "text/csv", "application/vnd.ms-excel", "application/octet-stream"]);

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
      if (!CSV_TYPES.has(type)) issues.push(...issue(`must be a CSV file (text/csv, application/vnd.ms-excel, application/octet-stream or no type), not ${type}`, "contentMediaType", `/${name}`));
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
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (cause) {
    return { ok: false, issues: issue(`is not valid JSON: ${(cause as Error).message}`, "json") };
  }
  if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
    return { ok: false, issues: issue(`nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep, the mock's limit`, "maxDepth") };
  }
  const schema = facts.requestSchema;
  if (!schema) return { ok: true, value };
  const result = validators[schema](value);
  return result.ok ? { ok: true, value } : { ok: false, issues: result.errors };
}
