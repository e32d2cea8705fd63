// The other half of the tolerant reader: what a client sends. Walks every
// request body and every path and query parameter of Voucherify's own
// document beside ours, and fails where ours would refuse a request theirs
// describes as valid, unless test/fixtures/fidelity-requests/tightenings.json
// gives the reason. Refusing means: a property or parameter theirs declares
// that ours lacks or leaves untyped (coverage), one ours requires and theirs
// does not, a type or `null` theirs allows and ours does not, an enum value
// theirs lists and ours does not (or a closed enum where theirs is open), a
// format theirs does not name, a bound or pattern theirs lacks or sets
// looser, a free-form object of theirs that ours closes, another parameter
// style, and a file part ours limits to some media types.
//
// Ours being closed where theirs declares the properties is the house rule
// (README: requests are closed), not a finding: every property they declare
// must then be in ours, which the coverage check asserts.
import { describe, expect, it } from "vitest";
import { validators, type SchemaName } from "../src/validators.js";
import { deref, resolvePointer } from "../src/spec/refs.js";
import { bundledSpec, readFixture } from "./support/spec.js";
import { accepts, isEmpty, normaliseReference, ourAjv, ourSchema, propertyOf, reference, referenceBodies, referenceSchema, shapesOf, type Shape } from "./support/reference.js";

type Json = any;

interface Allowed {
  path: string;
  rule: string;
  reason: string;
}
const fixture: { tightenings: Allowed[] } = readFixture("fidelity-requests/tightenings.json");
const allowed = new Map(fixture.tightenings.map((t) => [`${t.path} ${t.rule}`, t]));
const ajv = ourAjv();

interface Finding {
  path: string;
  rule: string;
}

/** Lower bounds: a larger value of ours is stricter. Upper bounds: a smaller one. */
const LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];

/** The alternatives of a schema node as plain nodes: refs followed, anyOf/oneOf members listed (with the parent's own keywords). */
function alternatives(document: Json, node: Json, depth = 0): Json[] {
  if (depth > 30 || node === undefined || node === true) return [{}];
  const resolved = deref(document, node).node;
  const union = resolved.anyOf ?? resolved.oneOf;
  if (!union) return [resolved];
  const { anyOf: _a, oneOf: _o, ...own } = resolved;
  return union.flatMap((member: Json) => alternatives(document, member, depth + 1).map((alt) => ({ ...own, ...alt })));
}

/** The loosest value of bound `key` over `alts`, or undefined when one of them does not set it. */
function loosest(alts: Json[], key: string): number | undefined {
  const values = alts.map((a) => a[key]);
  if (values.some((v) => typeof v !== "number")) return undefined;
  return LOWER.includes(key) ? Math.min(...values) : Math.max(...values);
}

/** Whether `shapes` only take objects ours/theirs could hold any key in (no declared properties). */
const freeForm = (shapes: Shape[]) => shapes.some((s) => !isEmpty(s) && (!s.types || s.types.has("object")) && s.properties.size === 0 && s.values === undefined);

/**
 * Walks one request schema, theirs (normalised reference) beside ours (a
 * node of `document`), collecting where ours refuses what theirs accepts,
 * and which declared property paths ours lacks or leaves untyped.
 */
function compareRequest(key: string, theirNode: Json, ourNode: Json, document: Json = bundledSpec) {
  const findings: Finding[] = [];
  const declared: string[] = [];
  const missing: string[] = [];

  const visit = (path: string, theirNodes: Json[], ourNodes: Json[], depth: number) => {
    if (depth > 14) return;
    const theirs = theirNodes.flatMap((n) => shapesOf({}, n));
    const mine = ourNodes.flatMap((n) => shapesOf(document, n));
    if (mine.length === 0) return;
    const at = (rule: string) => findings.push({ path: path ? `${key} ${path}` : key, rule });

    for (const type of ["null", "string", "integer", "number", "boolean", "array", "object"]) {
      if (accepts(theirs, type) && !accepts(mine, type)) at(type === "null" ? "null" : `type ${type}`);
    }
    // Enums: ours closed where theirs is open, or short of a value theirs lists.
    const live = (shapes: Shape[]) => shapes.filter((s) => !isEmpty(s));
    if (live(mine).every((s) => s.values !== undefined)) {
      if (live(theirs).some((s) => s.values === undefined)) at("enum");
      else {
        const ours = new Set(live(mine).flatMap((s) => s.values!));
        const absent = live(theirs).flatMap((s) => s.values!).filter((v) => !ours.has(v));
        if (absent.length > 0) at(`enum ${absent.map((v) => JSON.stringify(v)).join(",")}`);
      }
    }
    // Formats: one ours sets on every string it takes, theirs not on every one of its strings.
    const strings = (shapes: Shape[]) => live(shapes).filter((s) => !s.types || s.types.has("string"));
    const ourFormat = strings(mine).length > 0 && strings(mine).every((s) => s.format !== undefined) ? strings(mine)[0]!.format! : undefined;
    if (ourFormat !== undefined && !strings(theirs).every((s) => s.format === ourFormat)) at(`format ${ourFormat}`);
    // Bounds and patterns, by value.
    const ourAlts = ourNodes.flatMap((n) => alternatives(document, n));
    const theirAlts = theirNodes.flatMap((n) => alternatives({}, n));
    for (const bound of [...LOWER, ...UPPER]) {
      const ours = loosest(ourAlts, bound);
      if (ours === undefined) continue;
      const their = loosest(theirAlts, bound);
      if (their === undefined || (LOWER.includes(bound) ? ours > their : ours < their)) at(`bounds ${bound}`);
    }
    if (ourAlts.every((a) => typeof a.pattern === "string") && !theirAlts.every((a) => ourAlts.some((o) => o.pattern === a.pattern))) at("bounds pattern");
    // A map theirs leaves free (metadata) must stay free in ours.
    const ourObjects = ourAlts.filter((a) => a.type === undefined || [a.type].flat().includes("object"));
    if (freeForm(theirs) && ourObjects.length > 0 && ourObjects.every((a) => a.additionalProperties === false || a.unevaluatedProperties === false)) at("closed");

    const requiredBy = (shapes: Shape[], prop: string) => shapes.length > 0 && shapes.every((s) => s.required.has(prop) || (s.types !== undefined && !s.types.has("object")));
    for (const prop of new Set(theirs.flatMap((s) => [...s.properties.keys()]))) {
      const childPath = `${path}/${prop}`;
      declared.push(childPath);
      const theirChild = propertyOf(theirs, prop);
      const ourChild = propertyOf(mine, prop);
      const typed = ourChild.flatMap((n) => shapesOf(document, n)).some((c) => c.types !== undefined || c.values !== undefined || c.properties.size > 0);
      if (!typed) missing.push(childPath);
      if (requiredBy(mine, prop) && !requiredBy(theirs, prop)) findings.push({ path: `${key} ${childPath}`, rule: "required" });
      visit(childPath, theirChild, ourChild, depth + 1);
    }
    // Properties ours requires that theirs never names: a request theirs allows lacks them.
    for (const prop of new Set(live(mine).flatMap((s) => [...s.required]))) {
      if (!theirs.some((s) => s.properties.has(prop)) && requiredBy(mine, prop) && accepts(theirs, "object")) findings.push({ path: `${key} ${path}/${prop}`, rule: "required" });
    }
    const theirItems = theirs.flatMap((s) => s.items);
    if (theirItems.length > 0) visit(`${path}/*`, theirItems, mine.flatMap((s) => s.items), depth + 1);
  };

  visit("", [theirNode], [ourNode], 0);
  return { findings, declared, missing };
}

const METHODS = ["get", "put", "post", "delete", "patch"];

/** A parameter of one operation in `document`: path-level and operation-level, refs followed. */
function parametersOf(document: Json, path: string, method: string): Json[] {
  const item = document.paths[path];
  return [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map((p: Json) => deref(document, p).node);
}

interface RequestPart {
  key: string;
  theirs: Json;
  ours: Json;
}

/** Every parameter and request body of the reference, paired with ours (`document`), and what pairing alone finds. */
function requestParts(document: Json = bundledSpec): { parts: RequestPart[]; findings: Finding[] } {
  const parts: RequestPart[] = [];
  const findings: Finding[] = [];
  for (const [path, item] of Object.entries<Json>(reference.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = `${method.toUpperCase()} ${path}`;
      const ours = document.paths[path]?.[method] ? parametersOf(document, path, method) : [];
      for (const theirs of parametersOf(reference, path, method)) {
        const key = `${op} ${theirs.in} ${theirs.name}`;
        const mine = ours.find((p) => p.in === theirs.in && p.name === theirs.name);
        if (!mine) {
          findings.push({ path: key, rule: "missing parameter" });
          continue;
        }
        if (mine.required === true && theirs.required !== true) findings.push({ path: key, rule: "required" });
        const style = (p: Json) => p.style ?? (p.in === "query" ? "form" : "simple");
        const explode = (p: Json) => p.explode ?? style(p) === "form";
        if (style(mine) !== style(theirs) || explode(mine) !== explode(theirs)) findings.push({ path: key, rule: `style ${style(mine)}${explode(mine) ? "" : " unexploded"}` });
        parts.push({ key, theirs: normaliseReference(theirs.schema), ours: mine.schema });
      }
    }
  }
  for (const body of referenceBodies().filter((b) => b.status === "request")) {
    const mediaType = body.key.split(" ").at(-1)!;
    const key = `${body.method} ${body.path} body ${mediaType}`;
    const requestBody = deref(document, document.paths[body.path]?.[body.method.toLowerCase()]?.requestBody).node;
    const media = requestBody?.content?.[mediaType];
    if (!media?.schema) {
      findings.push({ path: key, rule: "missing body" });
      continue;
    }
    const theirs = referenceSchema(body);
    parts.push({ key, theirs, ours: media.schema });
    // A file part theirs takes in any media type (`format: binary`) that ours limits to some.
    for (const [name, part] of Object.entries<Json>(media.encoding ?? {})) {
      if (part.contentType && theirs.properties?.[name]?.format === "binary") findings.push({ path: `${key} /${name}`, rule: "media types" });
    }
  }
  return { parts, findings };
}

function everything(document: Json = bundledSpec) {
  const { parts, findings } = requestParts(document);
  const walked = parts.map((p) => ({ key: p.key, ...compareRequest(p.key, p.theirs, p.ours, document) }));
  return { findings: [...findings, ...walked.flatMap((w) => w.findings)], walked };
}

const current = everything();
const id = (f: Finding) => `${f.path} ${f.rule}`;

describe("request schemas and parameters accept what Voucherify's document accepts", () => {
  it("pairs every parameter and body of the reference's 13 operations with ours", () => {
    // 4 bodies as JSON, 1 as multipart, and every parameter: none of them is missing from ours.
    expect(current.walked.filter((w) => w.key.includes(" body ")).map((w) => w.key).sort()).toEqual([
      "POST /v1/customers body application/json",
      "POST /v1/customers/bulk/async body application/json",
      "POST /v1/customers/importCSV body multipart/form-data",
      "POST /v1/customers/metadata/async body application/json",
      "PUT /v1/customers/{customerId} body application/json",
    ]);
    expect(current.walked.length).toBeGreaterThan(40);
    expect(current.findings.filter((f) => /missing/.test(f.rule))).toEqual([]);
  });

  it.each(current.walked.map((w) => [w.key]))("%s: no tightening without a reason", (key) => {
    const unlisted = current.findings.filter((f) => (f.path === key || f.path.startsWith(`${key} `)) && !allowed.has(id(f))).map(id);
    expect(unlisted, "tightenings without a reason in test/fixtures/fidelity-requests/tightenings.json").toEqual([]);
  });

  it.each(current.walked.map((w) => [w.key]))("%s: every property path theirs declares is in ours, typed", (key) => {
    expect(current.walked.find((w) => w.key === key)!.missing).toEqual([]);
  });

  it("lists only tightenings that still exist, each with a reason", () => {
    const found = new Set(current.findings.map(id));
    for (const entry of fixture.tightenings) {
      expect(entry.reason.length, entry.path).toBeGreaterThan(40);
      expect(found.has(`${entry.path} ${entry.rule}`), `stale entry ${entry.path} ${entry.rule}`).toBe(true);
    }
  });
});

describe("the walk finds each kind of tightening", () => {
  /** Findings (as `path rule`) with `plant` applied to a copy of ours, minus those ours has today. */
  const planted = (plant: (spec: Json) => void) => {
    const document = structuredClone(bundledSpec);
    plant(document);
    const before = new Set(current.findings.map(id));
    const after = everything(document);
    return { findings: after.findings.map(id).filter((f) => !before.has(f)), missing: after.walked.flatMap((w) => w.missing.map((m) => `${w.key} ${m}`)) };
  };
  const schemas = (spec: Json) => spec.components.schemas;
  const param = (spec: Json, path: string, method: string, name: string) => parametersOf(spec, path, method).find((p) => p.name === name);

  it.each([
    ["a property required", (s: Json) => schemas(s).CustomerCreateRequest.required = ["phone"], "POST /v1/customers body application/json /phone required"],
    ["null refused where theirs clears with it", (s: Json) => (schemas(s).CustomerAddressInput.type = "object"), "PUT /v1/customers/{customerId} body application/json /address null"],
    ["a type narrowed", (s: Json) => (schemas(s).CustomerUpdateRequest.properties.phone = { type: "integer", description: "x" }), "PUT /v1/customers/{customerId} body application/json /phone type string"],
    ["an enum value dropped", (s: Json) => param(s, "/v1/customers", "get", "order").schema.enum.pop(), 'GET /v1/customers query order enum "-source_id"'],
    ["an open string closed to an enum", (s: Json) => (param(s, "/v1/customers", "get", "email").schema = { type: "string", enum: ["a@b.co"] }), "GET /v1/customers query email enum"],
    ["a union short of a listed value", (s: Json) => (param(s, "/v1/customers/{customerId}/activity", "get", "type").schema = { anyOf: [{ type: "string", enum: ["customer.created"] }, { type: "string", enum: ["customer.updated"] }] }), expect.stringMatching(/^GET \/v1\/customers\/\{customerId\}\/activity query type enum "customer\.confirmed","customer\.deleted","customer\.referred",/)],
    ["a format theirs lacks", (s: Json) => (schemas(s).CustomerUpdateRequest.properties.phone.format = "uri"), "PUT /v1/customers/{customerId} body application/json /phone format uri"],
    ["a bound tightened", (s: Json) => (deref(s, param(s, "/v1/customers", "get", "limit").schema).node.maximum = 50), "GET /v1/customers query limit bounds maximum"],
    ["a bound theirs lacks", (s: Json) => (schemas(s).CustomerCreateRequest.properties.name.maxLength = 80), "POST /v1/customers body application/json /name bounds maxLength"],
    ["a pattern", (s: Json) => (schemas(s).CustomerCreateRequest.properties.phone.pattern = "^\\+"), "POST /v1/customers body application/json /phone bounds pattern"],
    ["a free-form map closed", (s: Json) => (schemas(s).MetadataInput.additionalProperties = false), "POST /v1/customers body application/json /metadata closed"],
    ["a parameter required", (s: Json) => (param(s, "/v1/customers", "get", "email").required = true), "GET /v1/customers query email required"],
    ["another parameter style", (s: Json) => (param(s, "/v1/customers/{customerId}/redeemables", "get", "filters").style = "form"), "GET /v1/customers/{customerId}/redeemables query filters style form"],
    ["a nested filter enum value dropped", (s: Json) => schemas(s).CustomerRedeemableFilters.properties.holder_role.properties.conditions.properties.$in.items.enum.pop(), 'GET /v1/customers/{customerId}/redeemables query filters /holder_role/conditions/$in/* enum "REFERRER"'],
  ])("%s", (_, plant, expected) => {
    expect(planted(plant).findings).toContainEqual(expected);
  });

  it("finds a declared property ours lacks, and a parameter", () => {
    const { findings, missing } = planted((s) => {
      delete schemas(s).CustomerBulkUpdateItem.properties.phone;
      s.paths["/v1/customers/{customerId}/activities"].get.parameters = s.paths["/v1/customers/{customerId}/activities"].get.parameters.filter((p: Json) => deref(s, p).node.name !== "product_id");
    });
    expect(missing).toContain("POST /v1/customers/bulk/async body application/json /*/phone");
    expect(findings).toContain("GET /v1/customers/{customerId}/activities query product_id missing parameter");
  });

  it("finds a documented filter left untyped", () => {
    const { missing } = planted((s) => (param(s, "/v1/customers/{customerId}/redeemables", "get", "filters").schema = { type: "object", additionalProperties: true }));
    expect(missing).toContain("GET /v1/customers/{customerId}/redeemables query filters /holder_role");
    expect(missing).toContain("GET /v1/customers/{customerId}/redeemables query filters /junction");
  });
});

describe("the reference's request examples are accepted", () => {
  /** Every `example` inside the reference's parameter schemas, at its place in a value of the parameter. */
  function parameterExamples(): { key: string; value: unknown }[] {
    const out: { key: string; value: unknown }[] = [];
    for (const [path, item] of Object.entries<Json>(reference.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        for (const p of parametersOf(reference, path, method)) {
          const walk = (node: Json, wrap: (v: unknown) => unknown, where: string, depth: number) => {
            if (!node || typeof node !== "object" || depth > 10) return;
            if (node.$ref) return walk(resolvePointer(reference, node.$ref), wrap, where, depth + 1);
            if ("example" in node) out.push({ key: `${method.toUpperCase()} ${path} ${p.in} ${p.name}${where}`, value: wrap(node.example) });
            for (const [name, child] of Object.entries<Json>(node.properties ?? {})) walk(child, (v) => wrap({ [name]: v }), `${where}/${name}`, depth + 1);
            if (node.items) walk(node.items, (v) => wrap([v]), `${where}/*`, depth + 1);
          };
          walk(p.schema, (v) => v, "", 0);
          if (p.example !== undefined) out.push({ key: `${method.toUpperCase()} ${path} ${p.in} ${p.name}`, value: p.example });
        }
      }
    }
    return out;
  }
  const examples = parameterExamples();
  const ourParameter = (key: string) => {
    const [method, path, where, name] = key.split(" ");
    return parametersOf(bundledSpec, path!, method!.toLowerCase()).find((p) => p.in === where && p.name === name!.split("/")[0]);
  };

  it("finds the parameter examples, the nested filter dates among them", () => {
    expect(examples.map((e) => e.key)).toContain("GET /v1/customers/{customerId}/redeemables query filters/created_at/conditions/$after");
    expect(examples.length).toBeGreaterThan(20);
  });

  it.each(examples.map((e) => [e.key, e] as const))("%s", (_, { key, value }) => {
    expect(ajv.validate(ourParameter(key).schema, value)).toEqual([]);
  });

  // The whole request bodies are in fidelity-examples.test.ts against the same
  // schemas; here through the validators the package ships.
  const bodies = referenceBodies().filter((b) => b.status === "request" && Object.keys(b.examples).length > 0);
  it.each(bodies.flatMap((b) => Object.entries(b.examples).map(([name, value]) => [`${b.key} · ${name}`, b, value] as const)))("%s (shipped validator)", (_, body, value) => {
    const name = ourSchema(body).$ref.replace("#/components/schemas/", "") as SchemaName;
    const result = validators[name](value);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
