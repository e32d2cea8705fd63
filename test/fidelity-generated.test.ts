// The property-based half of the tolerant-reader check: values drawn from
// Voucherify's own response schemas (normalised from OpenAPI 3.0: `nullable`
// as a null type, `allOf` merged, refs inlined) validate against ours. Where
// ours is stricter on purpose, the issue must be one the house rule allows
// (`object`/`data_ref` constants) or one listed with its reason in
// test/fixtures/response-tightenings.json; anything else fails with the value.
// Every object the reference leaves open carries a field neither document
// names, and every activity event type is drawn on its own, not only the few
// a page-wide sample reaches.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schemaArbitrary } from "../scripts/lib/verify/schema-arbitrary.js";
import { mapSubschemas } from "../scripts/lib/spec/schema-walk.js";
import { validators, type SchemaName } from "../src/validators.js";
import { bundledSpec, readFixture } from "./support/spec.js";
import { activityRecordNames, ourAjv, ourSchema, pathSegment, propertyOf, reference, referenceBodies, referenceSchema, shapesOf, type ReferenceBody } from "./support/reference.js";

const RUNS = 50;
const fixture: { tightenings: { path: string; rule: string; reason: string }[] } = readFixture("response-tightenings.json");
const DISCRIMINATORS = new Set(["object", "data_ref"]);
const ajv = ourAjv();

/**
 * A required name the reference never declares (its `redemption.reward`)
 * says only "present, any value"; the sample leaves it out rather than
 * inventing a value that nothing describes.
 */
const withoutUndeclaredRequired = (schema: unknown) =>
  mapSubschemas(schema, (node) =>
    Array.isArray(node.required) && node.properties !== undefined
      ? { ...node, required: (node.required as string[]).filter((name) => name in (node.properties as object)) }
      : node,
  );

/**
 * `json` with equal parts made one object. The normalised reference inlines
 * every $ref, so a record it uses in many places (the activity's event
 * records, once per type) is as many copies; schemaArbitrary builds one
 * arbitrary per schema object, which was most of this file's time. Equal
 * schemas draw equal values, so the values are the same. Bottom-up, each
 * part keyed by its own keys and its children's keys: linear in the size.
 */
function shareEqualParts(json: unknown): unknown {
  const parts = new Map<string, object>();
  const keys = new WeakMap<object, string>();
  const visit = (node: unknown): { node: unknown; key: string } => {
    if (node === null || typeof node !== "object") return { node, key: JSON.stringify(node) ?? "undefined" };
    const children = Array.isArray(node) ? node.map((child) => ["", visit(child)] as const) : Object.entries(node).map(([name, child]) => [name, visit(child)] as const);
    const key = `${Array.isArray(node) ? "[" : "{"}${children.map(([name, child]) => `${JSON.stringify(name)}:${child.key}`).join(",")}`;
    const known = parts.get(key);
    if (known) return { node: known, key: keys.get(known)! };
    const part = Array.isArray(node) ? children.map(([, child]) => child.node) : Object.fromEntries(children.map(([name, child]) => [name, child.node]));
    // A short key for the parents: the part's number among those seen.
    const id = `#${parts.size}`;
    parts.set(key, part);
    keys.set(part, id);
    return { node: part, key: id };
  };
  return visit(json).node;
}

/** The reference's schema for `body` (an activity page's items by type, each event with its own type's record: activityByType), as strict as ours may be where listed. */
const sampledSchema = (body: ReferenceBody) => tightenedAsListed(body, withoutUndeclaredRequired(referenceSchema(body)));

/** Values of `schema` (by default sampledSchema's), each open object with a field neither document names. */
function referenceArbitrary(body: ReferenceBody, schema: unknown = sampledSchema(body)) {
  const noRefs = (ref: string): never => {
    throw new Error(`the normalised reference still holds ${ref}`);
  };
  return schemaArbitrary(shareEqualParts(withUnlistedField(schema)), noRefs, body.key);
}

/**
 * An object the reference declares without `additionalProperties` is open
 * (JSON Schema's default): the API may send fields it does not list. Each
 * such object gets one more optional field of any scalar or array value, so
 * the samples carry fields neither document names, and a closed or narrowed
 * object of ours is caught. (A fixed name, not random ones: ours declares
 * fields the reference does not, and a random name could hit one.)
 */
const ADDED_LATER = "zz_field_added_later";
const withUnlistedField = (schema: unknown) =>
  mapSubschemas(schema, (node) => {
    const isObject = node.properties !== undefined || node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
    if (!isObject || node.additionalProperties !== undefined) return node;
    const value = { type: ["string", "number", "boolean", "null", "array"], items: { type: ["string", "integer"] } };
    return { ...node, properties: { ...(node.properties as object), [ADDED_LATER]: value } };
  });

/**
 * The reference made as strict as ours where the fixture (or the house rule,
 * for `object`/`data_ref`) allows ours to be stricter: a listed `required`
 * becomes required in the reference too, a listed closed value takes our
 * constant. What is generated from the result, ours must accept whole.
 */
function tightenedAsListed(body: ReferenceBody, schema: any): any {
  const prefix = `${body.method} ${body.path} ${body.status} `;
  const ours = ourSchema(body);
  type Tag = ReturnType<typeof pathSegment>["tag"];
  /** `change` at `segments`; `tag` (from a `*[type=a|b]` segment) limits the next union to those branches. */
  const atPath = (node: any, segments: string[], change: (target: any, name: string) => any, tag?: Tag): any => {
    if (!node || typeof node !== "object") return node;
    const branches = node.anyOf ? "anyOf" : node.oneOf ? "oneOf" : undefined;
    if (branches) {
      const inBranch = (b: any) => !tag || tag.values.includes(b.properties?.[tag.property]?.const);
      return { ...node, [branches]: node[branches].map((b: any) => (inBranch(b) ? atPath(b, segments, change) : b)) };
    }
    const [head, ...rest] = segments;
    const { name, tag: next } = pathSegment(head!);
    if (name === "*") return node.items ? { ...node, items: atPath(node.items, rest, change, next) } : node;
    if (!node.properties || !(name in node.properties)) return node;
    if (rest.length === 0) return change(node, name);
    return { ...node, properties: { ...node.properties, [name]: atPath(node.properties[name], rest, change, next) } };
  };
  // Asked once per branch of every anyOf on the way (the activity's types
  // share one path): each path is worked out once.
  const valuesAtPath = new Map<string, { values: unknown[] } | { error: unknown }>();
  const ourValuesAt = (segments: string[]) => {
    const path = segments.join("/");
    let known = valuesAtPath.get(path);
    if (!known) {
      try {
        let shapes = shapesOf(bundledSpec, ours);
        for (const segment of segments) {
          const { name, tag } = pathSegment(segment);
          shapes = (name === "*" ? shapes.flatMap((s) => s.items) : propertyOf(shapes, name)).flatMap((n) => shapesOf(bundledSpec, n));
          // Only the branches a `[type=a|b]` names.
          if (tag) shapes = shapes.filter((s) => propertyOf([s], tag.property).flatMap((n) => shapesOf(bundledSpec, n)).some((t) => t.values?.some((v) => tag.values.includes(String(v)))));
        }
        const values = [...new Set(shapes.flatMap((s) => s.values ?? []))];
        if (values.length === 0) throw new Error(`${prefix}/${path}: ours holds no closed values there`);
        known = { values };
      } catch (error) {
        known = { error };
      }
      valuesAtPath.set(path, known);
    }
    if ("error" in known) throw known.error;
    return known.values;
  };
  let out = schema;
  for (const { path, rule } of fixture.tightenings.filter((t) => t.path.startsWith(prefix))) {
    const segments = path.slice(prefix.length).split("/").slice(1);
    if (rule === "required") out = atPath(out, segments, (node, name) => ({ ...node, required: [...new Set([...(node.required ?? []), name])] }));
    else if (rule === "enum") out = atPath(out, segments, (node, name) => ({ ...node, properties: { ...node.properties, [name]: { enum: ourValuesAt(segments) } } }));
    else throw new Error(`rule ${rule} of ${path}: this test does not know how to apply it`);
  }
  // The house rule: `object` and `data_ref` may be constants wherever they appear.
  const discriminators = (node: any, segments: string[]): any => {
    if (!node || typeof node !== "object") return node;
    const branches = node.anyOf ? "anyOf" : node.oneOf ? "oneOf" : undefined;
    if (branches) return { ...node, [branches]: node[branches].map((b: any) => discriminators(b, segments)) };
    if (node.items) return { ...node, items: discriminators(node.items, [...segments, "*"]) };
    if (!node.properties) return node;
    const properties = Object.fromEntries(Object.entries<any>(node.properties).map(([name, child]) => {
      // Only where the reference leaves it open: a closed one already agrees.
      if (DISCRIMINATORS.has(name) && child.enum === undefined && !("const" in child)) {
        try {
          return [name, { enum: ourValuesAt([...segments, name]) }];
        } catch {
          return [name, child];
        }
      }
      return [name, discriminators(child, [...segments, name])];
    }));
    return { ...node, properties };
  };
  return discriminators(out, []);
}

/** The shipped validator where ours is one component (no compiling at test time), else AJV over our schema. */
function ourCheck(body: ReferenceBody): (value: unknown) => string[] {
  const schema = ourSchema(body);
  const name = typeof schema.$ref === "string" && Object.keys(schema).length === 1 ? schema.$ref.replace("#/components/schemas/", "") : undefined;
  const validate = name ? validators[name as SchemaName] : undefined;
  if (!validate) return (value) => ajv.validate(schema, value);
  return (value) => {
    const result = validate(value);
    return result.ok ? [] : result.errors.map((e) => `${e.path} ${e.message}`);
  };
}

const responses = referenceBodies().filter((b) => b.status !== "request");

describe("values generated from the reference's response schemas validate against ours", () => {
  it("covers every response body of the reference", () => {
    expect(responses.length).toBeGreaterThanOrEqual(20);
  });

  it.each(responses.map((b) => [b.key, b] as const))("%s", (_key, body) => {
    const check = ourCheck(body);
    fc.assert(
      fc.property(referenceArbitrary(body), (value) => {
        const issues = check(value);
        if (issues.length > 0) throw new Error(`${issues.slice(0, 5).join("; ")} in ${JSON.stringify(value).slice(0, 2000)}`);
      }),
      // Activity pages are large (every event record, nested); fewer of them keep the file fast.
      { numRuns: /\/activit(y|ies)$/.test(body.path) ? RUNS / 5 : RUNS, seed: 20261129 },
    );
  });

  it("pairs every activity type with the reference's record for it, each record with one type", () => {
    const recordOf = activityRecordNames();
    const records = [...recordOf.values()].filter((name) => name !== undefined);
    expect(new Set(records).size, "a record paired with two types").toBe(records.length);
    expect(records.length, "every record is sampled").toBe(reference.components.schemas.CustomerActivityData.oneOf.length);
    // The reference names this type but describes no record for it.
    expect([...recordOf].filter(([, name]) => name === undefined).map(([type]) => type)).toEqual(["customer.voucher.loyalty_card.points_activated"]);
    expect(recordOf.get("customer.voucher.deleted")).toBe("EventCustomerVoucherDeleted");
    expect(recordOf.get("customer.deleted")).toBe("EventCustomerDeleted");
  });

  it("the check can fail: an object of ours closed where the reference leaves it open is reported", () => {
    const body = responses.find((b) => b.method === "GET" && b.path === "/v1/customers/{customerId}" && b.status === "200")!;
    // Ours closed by hand at the top level: a field neither document names is refused there.
    const closed = { ...bundledSpec.components.schemas.Customer, additionalProperties: false };
    const samples = fc.sample(referenceArbitrary(body), { numRuns: 30, seed: 1 }) as Record<string, unknown>[];
    const refused = samples.filter((v) => ajv.validate(closed, v).length > 0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused).toEqual(samples.filter((v) => ADDED_LATER in v));
  });

  it("the check can fail: a value the reference allows and a stricter schema does not is reported", () => {
    const body = responses.find((b) => b.method === "GET" && b.path === "/v1/customers/{customerId}" && b.status === "200")!;
    // Ours made stricter by hand: `name` becomes a number, which no reference value is.
    const stricter = { allOf: [ourSchema(body), { type: "object", properties: { name: { type: "number" } }, required: ["name"] }] };
    const samples = fc.sample(referenceArbitrary(body), { numRuns: 20, seed: 1 });
    const failures = samples.filter((v) => ajv.validate(stricter, v).length > 0);
    expect(failures.length).toBeGreaterThan(0);
  });
});

/**
 * A page of the reference's activity holding one event of `type` only. The
 * page-wide samples above draw a few events from 74 types, so most types'
 * records would go unsampled; this draws every one.
 */
const sampledPages = new Map<string, any>();
function pageOfOneType(body: ReferenceBody, type: string): unknown {
  // Normalising and tightening the reference's activity page takes seconds; once per body.
  let page = sampledPages.get(body.key);
  if (!page) sampledPages.set(body.key, (page = sampledSchema(body)));
  const branch = page.properties.data.items.anyOf.find((b: any) => b.properties.type.const === type);
  if (!branch) throw new Error(`${body.key}: the reference has no branch for ${type}`);
  // The event always with its record (`data.data`), which is what is sampled here; the rest as the reference says.
  const withData = (node: any) => ({ ...node, required: [...new Set([...(node.required ?? []), "data"])] });
  const event = withData({ ...branch, properties: { ...branch.properties, data: withData(branch.properties.data) } });
  return { ...page, properties: { ...page.properties, data: { ...page.properties.data, items: { anyOf: [event] }, minItems: 1, maxItems: 1 } } };
}

describe("every activity event type, drawn from the reference, validates against ours", () => {
  const pages = responses.filter((b) => /\/activit(y|ies)$/.test(b.path) && b.status === "200");
  const types: string[] = reference.components.schemas.CustomerActivity.properties.type.enum;
  const cases = pages.flatMap((body) => types.map((type) => [`${body.method} ${body.path} · ${type}`, body, type] as const));

  it("draws each of the reference's event types on both activity lists", () => {
    expect(pages).toHaveLength(2);
    expect(types.length).toBeGreaterThanOrEqual(74);
  });

  it.each(cases)("%s", (_label, body, type) => {
    const check = ourCheck(body);
    fc.assert(
      fc.property(referenceArbitrary(body, pageOfOneType(body, type)), (value) => {
        const issues = check(value);
        if (issues.length > 0) throw new Error(`${issues.slice(0, 5).join("; ")} in ${JSON.stringify(value).slice(0, 2000)}`);
      }),
      { numRuns: 6, seed: 20261129 },
    );
  });
});
