// The tolerant reader, as a test. Walks every response body of Voucherify's
// own document and ours property by property, and fails where ours is
// stricter than theirs at the same path without a reason on the list in
// test/fixtures/response-tightenings.json. Stricter means: a property ours
// requires and theirs does not, a type or null theirs allows and ours does
// not, a closed enum on a returned value (other than `object`/`data_ref`), a
// format other than the date formats theirs names, or a bound. It also
// computes coverage: every property path theirs declares for the pairs the
// issue names exists in ours, typed.
import { describe, expect, it } from "vitest";
import { bundledSpec, readFixture } from "./support/spec.js";
import { accepts, normaliseReference, ourSchema, propertyOf, referenceBodies, shapesOf, type Shape } from "./support/reference.js";

interface Allowed {
  path: string;
  rule: string;
  reason: string;
}
const fixture: { tightenings: Allowed[] } = readFixture("response-tightenings.json");
const DISCRIMINATORS = new Set(["object", "data_ref"]);
const DATE_FORMATS = new Set(["date-time", "date"]);

interface Finding {
  path: string;
  rule: string;
}

/** Walks one response: `ref` (normalised reference) against `ours` (bundled spec), collecting tightenings and coverage. */
function walk(key: string, refSchema: unknown, ourSchemaNode: unknown) {
  const findings: Finding[] = [];
  const declared: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();

  const visit = (path: string, refNodes: unknown[], ourNodes: unknown[], name: string, depth: number) => {
    const signature = `${path}`;
    if (depth > 14 || seen.has(signature)) return;
    seen.add(signature);
    const theirs = refNodes.flatMap((n) => shapesOf({}, n));
    const mine = ourNodes.flatMap((n) => shapesOf(bundledSpec, n));
    if (mine.length === 0) return;
    const at = (rule: string) => findings.push({ path: `${key} ${path || "/"}`, rule });

    for (const type of ["null", "string", "integer", "number", "boolean", "array", "object"]) {
      if (accepts(theirs, type) && !accepts(mine, type)) at(type === "null" ? "null" : `type ${type}`);
    }
    const strings = mine.filter((s) => !s.types || s.types.has("string"));
    if (!DISCRIMINATORS.has(name) && strings.length > 0 && strings.every((s) => s.values !== undefined) && accepts(theirs, "string")) at("enum");
    const formats = mine.filter((s) => !s.types || s.types.has("string"));
    if (formats.length > 0 && formats.every((s) => s.format !== undefined)) {
      const theirFormats = new Set(theirs.map((s) => s.format));
      const format = formats[0]!.format!;
      if (!DATE_FORMATS.has(format) || !theirFormats.has(format)) at(`format ${format}`);
    }
    if (mine.every((s) => s.bounds.length > 0)) at(`bounds ${mine[0]!.bounds.join(",")}`);

    const requiredBy = (shapes: Shape[], prop: string) => shapes.length > 0 && shapes.every((s) => s.required.has(prop) || (s.types !== undefined && !s.types.has("object")));
    const names = new Set(theirs.flatMap((s) => [...s.properties.keys()]));
    for (const prop of names) {
      const childPath = `${path}/${prop}`;
      declared.push(childPath);
      const theirChild = propertyOf(theirs, prop);
      const ourChild = propertyOf(mine, prop);
      const typed = ourChild.flatMap((n) => shapesOf(bundledSpec, n)).some((c) => c.types !== undefined || c.values !== undefined || c.properties.size > 0);
      if (!typed) missing.push(childPath);
      if (requiredBy(mine, prop) && !requiredBy(theirs, prop)) findings.push({ path: `${key} ${childPath}`, rule: "required" });
      visit(childPath, theirChild, ourChild, prop, depth + 1);
    }
    const theirItems = theirs.flatMap((s) => s.items);
    if (theirItems.length > 0) visit(`${path}/*`, theirItems, mine.flatMap((s) => s.items), "*", depth + 1);
  };
  visit("", [refSchema], [ourSchemaNode], "", 0);
  return { findings, declared, missing };
}

const responses = referenceBodies().filter((b) => b.status !== "request");
const requests = referenceBodies().filter((b) => b.status === "request");
const results = new Map(responses.map((b) => [b.key, walk(`${b.method} ${b.path} ${b.status}`, normaliseReference(b.schema), ourSchema(b))]));
const allowed = new Map(fixture.tightenings.map((t) => [`${t.path} ${t.rule}`, t]));

describe("response schemas are no stricter than Voucherify's document", () => {
  it.each([...results.keys()])("%s", (key) => {
    const unlisted = results.get(key)!.findings.filter((f) => !allowed.has(`${f.path} ${f.rule}`)).map((f) => `${f.path}: ${f.rule}`);
    expect(unlisted, "tightenings without a reason in test/fixtures/response-tightenings.json").toEqual([]);
  });

  it("lists only tightenings that still exist, each with a reason", () => {
    const found = new Set([...results.values()].flatMap((r) => r.findings.map((f) => `${f.path} ${f.rule}`)));
    for (const entry of fixture.tightenings) {
      expect(entry.reason.length, entry.path).toBeGreaterThan(20);
      expect(found.has(`${entry.path} ${entry.rule}`), `stale entry ${entry.path} ${entry.rule}`).toBe(true);
    }
  });
});

describe("coverage of the reference's property paths", () => {
  const COVERED = ["GET /v1/customers/{customerId} 200", "GET /v1/customers 200", "GET /v1/customers/{customerId}/redeemables 200", "GET /v1/customers/{customerId}/activity 200", "GET /v1/customers/{customerId}/segments 200", "POST /v1/customers/{customerId}/permanent-deletion 200"];
  it.each(COVERED)("%s: every declared path exists in ours, typed", (prefix) => {
    const key = [...results.keys()].find((k) => k.startsWith(prefix))!;
    const { declared, missing } = results.get(key)!;
    expect(declared.length).toBeGreaterThan(3);
    expect(missing).toEqual([]);
  });

  it.each(requests.filter((b) => b.method === "POST" && b.path === "/v1/customers" || b.method === "PUT").map((b) => b.key))("%s: every declared request path exists in ours", (key) => {
    const body = requests.find((b) => b.key === key)!;
    const { declared, missing } = walk(key, normaliseReference(body.schema), ourSchema(body));
    expect(declared.length).toBeGreaterThan(3);
    expect(missing).toEqual([]);
  });
});
if (process.env.DUMP_FIDELITY) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(process.env.DUMP_FIDELITY, JSON.stringify([...results].map(([k, r]) => ({ key: k, declared: r.declared.length, missing: r.missing, findings: r.findings })), null, 1));
}
