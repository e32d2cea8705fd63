// The deterministic "coverage" requests of an operation, each broken in one
// known way: a body or parameter the contract's own validators reject
// (negative_data_rejection), a request without a required header
// (missing_required_header), and requests without credentials, with only
// part of them, or with one of them wrong (ignored_auth). Bodies are mutated from the smallest valid body
// verify can make from the documented examples (our own shrinking: a failure
// then shows the least the server was sent), then from the fullest example,
// so nested fields are reached too.
import { bodyChecker } from "./body-checker.js";
import type { Intent } from "./expectations.js";
import type { PlannedCredential, PlannedOperation, PlannedParameter } from "./operation-plan.js";
import type { RequestCase } from "./request-cases.js";
import { mutationsOf, refResolver } from "./schema-arbitrary.js";
import type { Credentials } from "./send-request.js";
import { deref } from "../../../src/spec/refs.js";

export interface CoverageCase {
  testCase: RequestCase;
  intent: Intent;
  /** Credentials to send instead of the run's own (ignored_auth). */
  credentials?: Credentials;
  /** Headers of `credentials` that are deliberately wrong: a reproduction shows them as they are. */
  literalHeaders?: string[];
}

/** At most this many negative requests per operation: enough for every kind of mutation of a customer, few enough for a live server. */
export const MAX_NEGATIVE_CASES = 60;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Drops every property the body can do without (greedily, depth first) while it stays valid. */
export function smallestValidBody(value: unknown, isValid: (v: unknown) => boolean): unknown {
  if (!isObject(value)) return value;
  let current: Record<string, unknown> = { ...value };
  for (const key of Object.keys(value)) {
    const { [key]: _dropped, ...without } = current;
    if (isValid(without)) {
      current = without;
      continue;
    }
    const child = smallestValidBody(current[key], (v) => isValid({ ...current, [key]: v }));
    current = { ...current, [key]: child };
  }
  return current;
}

const bodySize = (v: unknown) => JSON.stringify(v)?.length ?? 0;

/** Query and header values (as the text a URL or header carries) that the parameter's schema rejects. */
function invalidParameterValues(document: unknown, parameter: PlannedParameter): Array<{ what: string; value: string }> {
  const schema = deref(document, parameter.schema).node ?? {};
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("string") && types.length === 1) {
    const out: Array<{ what: string; value: string }> = [];
    if (Array.isArray(schema.enum) && schema.enum.every((e: unknown) => typeof e === "string")) out.push({ what: "a value outside the enum", value: `${schema.enum[0]}-not` });
    if (typeof schema.format === "string" && ["date-time", "date", "email", "uuid", "uri"].includes(schema.format)) out.push({ what: `a broken ${schema.format}`, value: `not-a-${schema.format}` });
    if (typeof schema.minLength === "number" && schema.minLength > 0 && parameter.in !== "path") out.push({ what: "an empty string", value: "" });
    return out;
  }
  if (types.length === 1 && (types[0] === "integer" || types[0] === "number")) {
    const out = [{ what: "text instead of a number", value: "not-a-number" }];
    if (types[0] === "integer") out.push({ what: "a fraction instead of an integer", value: "1.5" });
    if (typeof schema.minimum === "number") out.push({ what: "a number below the minimum", value: String(schema.minimum - 1) });
    if (typeof schema.maximum === "number") out.push({ what: "a number above the maximum", value: String(schema.maximum + 1) });
    return out;
  }
  if (types.length === 1 && types[0] === "boolean") return [{ what: "text instead of a boolean", value: "maybe" }];
  return []; // objects and arrays in a query have no single broken text form
}

export function negativeCases(document: unknown, operation: PlannedOperation, valid: RequestCase | undefined): CoverageCase[] {
  if (!valid) return [];
  const cases: CoverageCase[] = [];
  const key = (p: PlannedParameter) => `${p.in}:${p.name}`;
  for (const parameter of operation.parameters.filter((p) => p.in === "query" || p.in === "header")) {
    for (const { what, value } of invalidParameterValues(document, parameter)) {
      cases.push({ testCase: { ...valid, label: `negative ${parameter.in} ${parameter.name}`, params: { ...valid.params, [key(parameter)]: value } }, intent: { kind: "negative", what: `${parameter.in} parameter ${parameter.name} given ${what} (${JSON.stringify(value)})` } });
    }
  }
  const body = operation.body;
  if (body) {
    const issues = bodyChecker(document, body.schemaName, body.schema);
    const isValid = (v: unknown) => issues(v).length === 0;
    const withoutBody = { ...valid, label: "negative: no body" };
    delete withoutBody.body;
    if (body.required) cases.push({ testCase: withoutBody, intent: { kind: "negative", what: "no body" } });
    const examples = body.examples.map((e) => e.value).filter(isValid).sort((a, b) => bodySize(a) - bodySize(b));
    const bases = examples.length === 0 ? [] : [smallestValidBody(examples[0], isValid), examples.at(-1)];
    const seen = new Set<string>();
    const multipart = body.mediaType === "multipart/form-data";
    for (const base of bases) {
      for (const mutation of mutationsOf(body.schema, base, refResolver(document))) {
        // Multipart sends every value as text: only missing and unknown parts survive the encoding.
        if (multipart && !/removed|unknown property/.test(mutation.what)) continue;
        const text = JSON.stringify(mutation.value);
        if (seen.has(text) || isValid(mutation.value)) continue;
        seen.add(text);
        cases.push({ testCase: { ...valid, label: `negative body`, body: { value: mutation.value } }, intent: { kind: "negative", what: `body with ${mutation.what}` } });
      }
    }
  }
  return cases.slice(0, MAX_NEGATIVE_CASES);
}

export function missingHeaderCases(operation: PlannedOperation, valid: RequestCase | undefined): CoverageCase[] {
  if (!valid) return [];
  return operation.parameters
    .filter((p) => p.in === "header" && p.required)
    .map((p) => {
      const params = { ...valid.params };
      delete params[`header:${p.name}`];
      return { testCase: { ...valid, label: `without header ${p.name}`, params }, intent: { kind: "missing-header", header: p.name } };
    });
}

/** The credentials verify can send: the app keys (apiKey headers named X-App-Id and X-App-Token). */
const KNOWN_KEYS: Record<string, keyof Credentials> = { "x-app-id": "appId", "x-app-token": "appToken" };
const keyOf = (c: PlannedCredential) => (c.type === "apiKey" && c.in === "header" && c.name ? KNOWN_KEYS[c.name.toLowerCase()] : undefined);

const CHARACTER_CLASSES = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"];

/**
 * A wrong value for a key: the same length, and each letter or digit replaced
 * by a random one of its kind (seeded), so a server that checks the format
 * first still sees a well-formed key. Nothing in it comes from the real one
 * but its shape, so it may be printed in a reproduction.
 */
export function wrongKey(value: string, seed: number): string {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) >>> 8;
  const out = [...value].map((c) => {
    const kind = CHARACTER_CLASSES.find((k) => k.includes(c));
    return kind ? kind[next() % kind.length] : c;
  }).join("");
  return out === value ? `verify-wrong-${value.length}` : out;
}

export function authCases(operation: PlannedOperation, valid: RequestCase | undefined, credentials: Credentials, options: { wrongCredentials?: boolean; seed?: number } = {}): CoverageCase[] {
  // No requirement, or an empty one: anonymous calls are allowed.
  if (!valid || operation.security.length === 0 || operation.security.some((r) => r.length === 0)) return [];
  const cases: CoverageCase[] = [{ testCase: { ...valid, label: "without credentials" }, intent: { kind: "unauthorized", what: "without credentials" }, credentials: {} }];
  const satisfies = (sent: Set<string>) => operation.security.some((r) => r.every((c) => sent.has(c.scheme)));
  const seen = new Set<string>();
  for (const requirement of operation.security) {
    if (requirement.length < 2) continue;
    for (const credential of requirement) {
      const field = keyOf(credential);
      if (!field || seen.has(credential.scheme) || satisfies(new Set([credential.scheme]))) continue;
      seen.add(credential.scheme);
      const partial: Credentials = { [field]: credentials[field] ?? "verify-partial-credential" };
      cases.push({ testCase: { ...valid, label: `with only ${credential.name}` }, intent: { kind: "unauthorized", what: `with only ${credential.name}` }, credentials: partial });
    }
  }
  if (options.wrongCredentials === false) return cases;
  // Every key of a requirement the run can satisfy, then one of them wrong: a server that only looks for the headers lets it in.
  const wrongSent = new Set<string>();
  for (const requirement of operation.security) {
    const fields = requirement.map(keyOf);
    if (fields.some((f) => !f || !credentials[f])) continue;
    for (const [i, credential] of requirement.entries()) {
      const field = fields[i]!;
      if (wrongSent.has(credential.scheme)) continue;
      wrongSent.add(credential.scheme);
      const wrong: Credentials = { ...credentials, [field]: wrongKey(credentials[field]!, (options.seed ?? 0) + i) };
      cases.push({
        testCase: { ...valid, label: `with a wrong ${credential.name}` },
        intent: { kind: "unauthorized", what: `with a wrong ${credential.name}` },
        credentials: wrong,
        literalHeaders: [credential.name!.toLowerCase()],
      });
    }
  }
  return cases;
}
