// The tolerant reader, as a test. Walks every response body of Voucherify's
// own document and ours property by property, and fails where ours is
// stricter than theirs at the same path without a reason on the list in
// test/fixtures/response-tightenings.json. Stricter means: a property ours
// requires and theirs does not, a type or null theirs allows and ours does
// not, a closed enum on a returned value (other than `object`/`data_ref`), a
// format other than the date formats theirs names, or a bound. It also
// computes coverage: every property path theirs declares for the pairs the
// issue names exists in ours, typed.
//
// A tagged union (the activity item, told apart by `type`) is walked branch
// by branch: each of their branches beside ours for the same tag, so a
// tightening in one event type is not hidden by the others. Such a finding's
// path names the branches it is in, `/data/*[type=a|b]/…`; one found in
// every branch is reported without them.
import { describe, expect, it } from "vitest";
import { bundledSpec, readFixture } from "./support/spec.js";
import { accepts, ourSchema, propertyOf, referenceBodies, referenceSchema, shapesOf, type Shape } from "./support/reference.js";

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

/** The values `shape` pins property `name` to, or undefined where it leaves it open. */
function pinned(document: unknown, shape: Shape, name: string): unknown[] | undefined {
  const values = propertyOf([shape], name).flatMap((n) => shapesOf(document, n));
  return values.length > 0 && values.every((v) => v.values !== undefined) ? values.flatMap((v) => v.values!) : undefined;
}

/**
 * The property that tells the branches of `theirs` apart: each of their
 * branches pins it to values no other branch has, and ours pins it too
 * somewhere. Undefined where `theirs` is no such union.
 */
function tagOf(theirs: Shape[], mine: Shape[], document: unknown): string | undefined {
  if (theirs.length < 2 || mine.length < 2) return undefined;
  for (const name of theirs[0]!.properties.keys()) {
    const sets = theirs.map((s) => pinned({}, s, name));
    if (sets.some((v) => v === undefined || v.length === 0)) continue;
    const all = sets.flat();
    if (new Set(all).size !== all.length) continue;
    if (mine.some((s) => pinned(document, s, name) !== undefined)) return name;
  }
  return undefined;
}

/** Walks one response: `ref` (normalised reference) against `ours` (a schema of `document`), collecting tightenings and coverage. */
function walk(key: string, refSchema: unknown, ourSchemaNode: unknown, document: unknown = bundledSpec) {
  const findings: Finding[] = [];
  const declared: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  /** Per tagged union (`path[tag=`): the tags walked, in order. */
  const unions = new Map<string, string[]>();
  /** Branches walked against our open branch (`path[tag=value]`). */
  const open: string[] = [];

  const visit = (path: string, theirs: Shape[], mine: Shape[], name: string, depth: number) => {
    if (depth > 14 || seen.has(path)) return;
    seen.add(path);
    if (mine.length === 0) return;
    const at = (rule: string) => findings.push({ path, rule });

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

    const tag = tagOf(theirs, mine, document);
    if (!tag) return descend(path, theirs, mine, depth);
    // The tag itself over all branches; everything else branch by branch.
    descend(path, theirs, mine, depth, (prop) => prop === tag);
    const walked: string[] = [];
    const ourOpen = mine.filter((s) => pinned(document, s, tag) === undefined);
    for (const value of [...new Set(theirs.flatMap((s) => pinned({}, s, tag)!))]) {
      const ourPinned = mine.filter((s) => pinned(document, s, tag)?.includes(value));
      // A tag none of ours pins falls to our open branch (an unknown event), if any.
      const ours = ourPinned.length > 0 ? ourPinned : ourOpen;
      if (ours.length === 0) continue;
      walked.push(String(value));
      if (ourPinned.length === 0) open.push(`${path}[${tag}=${String(value)}]`);
      descend(`${path}[${tag}=${String(value)}]`, theirs.filter((s) => pinned({}, s, tag)!.includes(value)), ours, depth, (prop) => prop !== tag);
    }
    unions.set(`${path}[${tag}=`, walked);
  };

  const descend = (path: string, theirs: Shape[], mine: Shape[], depth: number, only: (prop: string) => boolean = () => true) => {
    const requiredBy = (shapes: Shape[], prop: string) => shapes.length > 0 && shapes.every((s) => s.required.has(prop) || (s.types !== undefined && !s.types.has("object")));
    const names = new Set(theirs.flatMap((s) => [...s.properties.keys()]));
    for (const prop of [...names].filter(only)) {
      const childPath = `${path}/${prop}`;
      declared.push(childPath);
      const theirChild = propertyOf(theirs, prop).flatMap((n) => shapesOf({}, n));
      const ourChild = propertyOf(mine, prop).flatMap((n) => shapesOf(document, n));
      const typed = ourChild.some((c) => c.types !== undefined || c.values !== undefined || c.properties.size > 0);
      if (!typed) missing.push(childPath);
      if (requiredBy(mine, prop) && !requiredBy(theirs, prop)) findings.push({ path: childPath, rule: "required" });
      visit(childPath, theirChild, ourChild, prop, depth + 1);
    }
    if (!only("*")) return;
    const theirItems = theirs.flatMap((s) => s.items);
    if (theirItems.length > 0) visit(`${path}/*`, theirItems.flatMap((n) => shapesOf({}, n)), mine.flatMap((s) => s.items).flatMap((n) => shapesOf(document, n)), "*", depth + 1);
  };

  visit("", shapesOf({}, refSchema), shapesOf(document, ourSchemaNode), "", 0);
  // Our open branch types the envelope only, on purpose: what their records
  // declare for an event type we do not know is no gap in ours.
  const isCovered = (path: string) => !open.some((branch) => path.startsWith(`${branch}/`));
  const reported = byBranches(findings, unions, (f) => `${f.path} ${f.rule}`, (f, path) => ({ ...f, path }));
  return { findings: reported.map((f) => ({ ...f, path: `${key} ${f.path || "/"}` })), declared, missing: byBranches(missing.filter(isCovered), unions, (p) => p, (_, p) => p) };
}

/**
 * Findings of one tagged union's branches as one each: `…[type=a]/x` and
 * `…[type=b]/x` read `…[type=a|b]/x`, and `…/x` when every branch has it.
 */
function byBranches<T extends Finding | string>(items: T[], unions: Map<string, string[]>, id: (item: T) => string, withPath: (item: T, path: string) => T): T[] {
  const groups = new Map<string, { item: T; prefix: string; rest: string; values: string[] }>();
  for (const item of items) {
    const path = typeof item === "string" ? item : item.path;
    const match = /^(.*?\[[^=\]]+=)([^\]]*)\](.*)$/.exec(path);
    if (!match) {
      groups.set(id(item), { item, prefix: "", rest: "", values: [] });
      continue;
    }
    const [, prefix, value, rest] = match;
    const group = id(withPath(item, `${prefix}]${rest}`));
    const known = groups.get(group) ?? { item, prefix: prefix!, rest: rest!, values: [] };
    known.values.push(value!);
    groups.set(group, known);
  }
  const out = new Map<string, T>();
  for (const { item, prefix, rest, values } of groups.values()) {
    if (values.length === 0) {
      out.set(id(item), item);
      continue;
    }
    const every = unions.get(prefix);
    if (!every) throw new Error(`${prefix}: a branch of no tagged union the walk went through`);
    const path = values.length === every.length ? `${prefix.replace(/\[[^[]*$/, "")}${rest}` : `${prefix}${every.filter((v) => values.includes(v)).join("|")}]${rest}`;
    const merged = withPath(item, path);
    out.set(id(merged), merged);
  }
  return [...out.values()];
}

const responses = referenceBodies().filter((b) => b.status !== "request");
const requests = referenceBodies().filter((b) => b.status === "request");
const results = new Map(responses.map((b) => [b.key, walk(`${b.method} ${b.path} ${b.status}`, referenceSchema(b), ourSchema(b))]));
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

describe("a tagged union is walked branch by branch", () => {
  const body = responses.find((b) => b.method === "GET" && b.path === "/v1/customers/{customerId}/activity" && b.status === "200")!;
  const key = `${body.method} ${body.path} ${body.status}`;
  /** Ours with `plant` applied to the branch of one event type only. */
  const plantedIn = (type: string, plant: (branch: any) => void) => {
    const document = structuredClone(bundledSpec);
    const branch = document.components.schemas.CustomerActivity.anyOf.find((b: any) => b.properties.type.const === type);
    plant(branch);
    return walk(key, referenceSchema(body), ourSchema(body), document).findings.map((f) => `${f.path} ${f.rule}`);
  };

  it("finds a tightening in one branch, naming the branch", () => {
    const found = plantedIn("customer.referred", (branch) => {
      branch.properties.data.required = ["event_source"];
      branch.properties.id = { type: "integer" };
    });
    expect(found).toContain(`${key} /data/*[type=customer.referred]/data/event_source required`);
    expect(found).toContain(`${key} /data/*[type=customer.referred]/id type string`);
    expect(results.get(body.key)!.findings.map((f) => `${f.path} ${f.rule}`).filter((f) => f.includes("customer.referred"))).toEqual([]);
  });

  it("finds the customer inside the customer events, which a merged walk hides", () => {
    const found = results.get(body.key)!.findings.map((f) => `${f.path} ${f.rule}`);
    expect(found).toContain(`${key} /data/*[type=customer.confirmed|customer.created|customer.updated|customer.deleted|customer.segment.entered|customer.segment.left]/data/data/customer/id required`);
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

  // Every response body, errors and async acknowledgements included: each declares at least one field.
  it.each([...results.keys()])("%s (every body): every declared path exists in ours, typed", (key) => {
    const { declared, missing } = results.get(key)!;
    expect(declared.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it.each(requests.filter((b) => b.method === "POST" && b.path === "/v1/customers" || b.method === "PUT").map((b) => b.key))("%s: every declared request path exists in ours", (key) => {
    const body = requests.find((b) => b.key === key)!;
    const { declared, missing } = walk(key, referenceSchema(body), ourSchema(body));
    expect(declared.length).toBeGreaterThan(3);
    expect(missing).toEqual([]);
  });
});
if (process.env.DUMP_FIDELITY) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(process.env.DUMP_FIDELITY, JSON.stringify([...results].map(([k, r]) => ({ key: k, declared: r.declared.length, missing: r.missing, findings: r.findings })), null, 1));
}
