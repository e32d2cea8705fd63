// Voucherify's own Customers document (OpenAPI 3.0, ../shared/reference) read
// the way the fidelity tests compare it with ours: nulls said the 3.1 way,
// `allOf` merged, every `$ref` inlined; and both documents seen as "shapes":
// the alternatives a value at one JSON path may take.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { bundledSpec } from "./spec.js";
import { componentSchemasDocument, createAjv, extensionKeywordsOf, schemaRef } from "../../scripts/lib/generate/create-ajv.js";
import { rewriteSchemaRefs, resolvePointer } from "../../src/spec/refs.js";

const REFERENCE_FILE = fileURLToPath(new URL("../../../shared/reference/voucherify-customers-official.json", import.meta.url));
if (!existsSync(REFERENCE_FILE)) throw new Error(`the fidelity tests read Voucherify's document at ${REFERENCE_FILE}; it is missing`);
export const reference = JSON.parse(readFileSync(REFERENCE_FILE, "utf8"));

type Json = any;

/** Keywords the reference uses that never change what validates (or that 3.1 says another way). */
const DROPPED = new Set(["title", "description", "example", "examples", "default", "nullable", "readOnly", "writeOnly", "deprecated", "externalDocs", "discriminator", "xml"]);

/** One reference schema as OpenAPI 3.1: every $ref inlined, allOf merged, `nullable` as a null type. */
export function normaliseReference(node: Json, depth = 0): Json {
  if (depth > 60) throw new Error("reference schema nests deeper than 60 levels");
  if (!node || typeof node !== "object") return node;
  if (node.$ref) return normaliseReference(resolvePointer(reference, node.$ref), depth + 1);
  let out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "properties") out.properties = Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, normaliseReference(v, depth + 1)]));
    else if (key === "items" || key === "additionalProperties") out[key] = typeof value === "object" ? normaliseReference(value, depth + 1) : value;
    else if (key === "allOf" || key === "anyOf" || key === "oneOf") out[key] = value.map((v: Json) => normaliseReference(v, depth + 1));
    else if (key === "required") {
      if (Array.isArray(value)) out.required = value; // `required: true` on a property (its defect 1) means nothing
    } else out[key] = value;
  }
  if (out.allOf) {
    const { allOf, ...rest } = out;
    out = [rest, ...allOf].reduce(mergeSchemas);
  }
  if (out.properties && out.type === undefined) out.type = "object"; // its list schema has no type (defect 6)
  if (node.nullable === true) {
    if (out.type !== undefined) out.type = [...new Set([...[out.type].flat(), "null"])];
    else out = { anyOf: [out, { type: "null" }] };
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function mergeSchemas(a: Json, b: Json): Json {
  const out: Json = { ...a, ...b };
  if (a.properties || b.properties) {
    out.properties = { ...a.properties };
    for (const [k, v] of Object.entries<Json>(b.properties ?? {})) out.properties[k] = out.properties[k] ? mergeSchemas(out.properties[k], v) : v;
  }
  if (a.required || b.required) out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.anyOf && b.anyOf) out.allOf = [{ anyOf: a.anyOf }, { anyOf: b.anyOf }];
  return out;
}

/** What one alternative of a schema says about the value at its path. */
export interface Shape {
  /** undefined: any type. */
  types?: Set<string>;
  /** A closed list of allowed values. */
  values?: unknown[];
  format?: string;
  bounds: string[];
  required: Set<string>;
  properties: Map<string, Json[]>;
  items: Json[];
}

const BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "multipleOf"];

/** The alternatives of `node` (refs of `document` followed, allOf merged, anyOf/oneOf listed). */
export function shapesOf(document: Json, node: Json, depth = 0): Shape[] {
  if (depth > 30 || node === true || node === undefined || node === null) return [{ bounds: [], required: new Set(), properties: new Map(), items: [] }];
  if (node.$ref) {
    const { $ref, ...siblings } = node;
    const target = shapesOf(document, resolvePointer(document, $ref), depth + 1);
    return Object.keys(siblings).length ? combine(target, shapesOf(document, siblings, depth + 1)) : target;
  }
  const own: Shape = {
    types: node.type === undefined ? ("const" in node || node.enum ? new Set((node.enum ?? [node.const]).map(jsonType)) : undefined) : new Set([node.type].flat()),
    values: "const" in node ? [node.const] : node.enum,
    format: node.format,
    bounds: BOUNDS.filter((k) => node[k] !== undefined),
    required: new Set(node.required ?? []),
    properties: new Map(Object.entries<Json>(node.properties ?? {}).map(([k, v]) => [k, [v]])),
    items: node.items ? [node.items] : [],
  };
  let shapes = [own];
  for (const member of node.allOf ?? []) shapes = combine(shapes, shapesOf(document, member, depth + 1));
  const union = node.anyOf ?? node.oneOf;
  if (union) shapes = combine(shapes, union.flatMap((b: Json) => shapesOf(document, b, depth + 1)));
  return shapes;
}

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

/** Every pairing of `a` and `b` (a value satisfies both). */
function combine(a: Shape[], b: Shape[]): Shape[] {
  return a.flatMap((x) => b.map((y) => both(x, y)));
}

function both(x: Shape, y: Shape): Shape {
  const properties = new Map(x.properties);
  for (const [k, v] of y.properties) properties.set(k, [...(properties.get(k) ?? []), ...v]);
  const types = !x.types ? y.types : !y.types ? x.types : new Set([...x.types].filter((t) => y.types!.has(t) || (t === "integer" && y.types!.has("number"))).concat([...y.types].filter((t) => t === "integer" && x.types!.has("number"))));
  return {
    types,
    values: x.values && y.values ? x.values.filter((v) => y.values!.includes(v)) : (x.values ?? y.values),
    format: x.format ?? y.format,
    bounds: [...x.bounds, ...y.bounds],
    required: new Set([...x.required, ...y.required]),
    properties,
    items: [...x.items, ...y.items],
  };
}

/** A shape that cannot hold any value (its types contradict). */
export const isEmpty = (s: Shape) => s.types !== undefined && s.types.size === 0;

export const accepts = (shapes: Shape[], type: string) =>
  shapes.some((s) => !isEmpty(s) && (!s.types || s.types.has(type) || (type === "integer" && s.types.has("number"))));

/** The subschemas of property `name` over every alternative. */
export const propertyOf = (shapes: Shape[], name: string): Json[] => shapes.flatMap((s) => s.properties.get(name) ?? []);

/** Reference operations: method, path, and their response and request schemas and examples. */
export interface ReferenceBody {
  key: string;
  method: string;
  path: string;
  /** A status code, or "request". */
  status: string;
  schema: Json;
  examples: Record<string, unknown>;
}

export function referenceBodies(): ReferenceBody[] {
  const bodies: ReferenceBody[] = [];
  for (const [path, item] of Object.entries<Json>(reference.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!op?.responses) continue;
      const add = (status: string, content: Json) => {
        for (const [mediaType, media] of Object.entries<Json>(content ?? {})) {
          if (!media.schema) continue;
          const examples = Object.fromEntries(Object.entries<Json>(media.examples ?? {}).map(([name, e]) => [name, e.value]));
          bodies.push({ key: `${method.toUpperCase()} ${path} ${status} ${mediaType}`, method: method.toUpperCase(), path, status, schema: media.schema, examples });
        }
      };
      if (op.requestBody) add("request", op.requestBody.content);
      for (const [status, response] of Object.entries<Json>(op.responses)) add(status, response.content);
    }
  }
  return bodies;
}

/**
 * The reference's event record for each activity type, by name (undefined:
 * it has none). Each record says which type it is for in its description
 * ("Event data object schema for `customer.created`."); failing that, the
 * record named after the type (`customer.voucher.deleted` →
 * `EventCustomerVoucherDeleted`); only then, one whose name has the type's
 * letters, ignoring the words `voucher(s)` and `card`, which the two lists
 * spell differently. A record serves one type at most.
 */
export function activityRecordNames(): Map<string, string | undefined> {
  const schemas = reference.components.schemas;
  const names: string[] = schemas.CustomerActivityData.oneOf.map((o: { $ref: string }) => o.$ref.split("/").pop()!);
  const types: string[] = schemas.CustomerActivity.properties.type.enum;
  const byType = new Map<string, string | undefined>(types.map((t) => [t, undefined]));
  const claim = (match: (type: string, name: string) => boolean) => {
    for (const type of types) {
      if (byType.get(type)) continue;
      const free = names.filter((n) => ![...byType.values()].includes(n) && match(type, n));
      if (free.length === 1) byType.set(type, free[0]);
    }
  };
  const described = (name: string) => [...String(schemas[name]?.description ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");
  const letters = (words: string[]) => words.map((w) => w.toLowerCase()).filter((w) => !/^(vouchers?|card)$/.test(w)).join("").split("").sort().join("");
  claim((type, name) => described(name).includes(type));
  claim((type, name) => squash(name) === `event${squash(type)}`);
  claim((type, name) => letters(name.replace(/^Event/, "").split(/(?=[A-Z])/)) === letters(type.split(/[._]/)));
  return byType;
}

/**
 * The reference's activity item as the union the API sends: its own item
 * pairs any `type` with any event record in `data.data` (a oneOf of 73 not
 * tied to the type), while each event carries the record of its own type.
 * One branch per type, its `type` a constant and its `data.data` that
 * type's record (see activityRecordNames); a type with no record keeps the
 * whole oneOf.
 */
export function activityByType(activity: Json): Json {
  const names: string[] = reference.components.schemas.CustomerActivityData.oneOf.map((o: { $ref: string }) => o.$ref.split("/").pop()!);
  const records = activity.properties.data.properties.data.oneOf as unknown[];
  if (records.length !== names.length) throw new Error("the reference's activity records no longer line up with CustomerActivityData.oneOf");
  const recordOf = activityRecordNames();
  return {
    anyOf: (activity.properties.type.enum as string[]).map((type) => {
      const name = recordOf.get(type);
      const record = name ? records[names.indexOf(name)] : { oneOf: records };
      const data = { ...activity.properties.data, properties: { ...activity.properties.data.properties, data: record } };
      return { ...activity, properties: { ...activity.properties, type: { const: type }, data } };
    }),
  };
}

/** The reference's schema for one body, normalised, with an activity page's items by type (activityByType). */
export function referenceSchema(body: ReferenceBody): Json {
  const schema = normaliseReference(body.schema);
  if (!/\/activit(y|ies)$/.test(body.path) || body.status !== "200") return schema;
  return { ...schema, properties: { ...schema.properties, data: { ...schema.properties.data, items: activityByType(schema.properties.data.items) } } };
}

/**
 * One segment of a fixture path: a property name, `*` for array items, and
 * optionally the union branches it is in, `*[type=a|b]` (the branches whose
 * `type` is `a` or `b`).
 */
export function pathSegment(segment: string): { name: string; tag?: { property: string; values: string[] } } {
  const match = /^(.*?)\[([^=\]]+)=([^\]]*)\]$/.exec(segment);
  return match ? { name: match[1]!, tag: { property: match[2]!, values: match[3]!.split("|") } } : { name: segment };
}

/** Our schema for the same operation and status (or request), from the bundled spec. */
export function ourSchema(body: ReferenceBody): Json {
  const op = bundledSpec.paths[body.path]?.[body.method.toLowerCase()];
  if (!op) throw new Error(`we have no ${body.method} ${body.path}`);
  const deref = (n: Json) => (n?.$ref ? resolvePointer(bundledSpec, n.$ref) : n);
  const content = body.status === "request" ? deref(op.requestBody)?.content : deref(op.responses[body.status])?.content;
  const mediaType = body.key.split(" ").at(-1)!;
  const schema = content?.[mediaType]?.schema;
  if (!schema) throw new Error(`we document no ${mediaType} body for ${body.key}`);
  return schema;
}

/** AJV over our component schemas, configured as the shipped validators are. */
export function ourAjv(): { validate(schema: Json, value: unknown): string[] } {
  const components = componentSchemasDocument(bundledSpec);
  const ajv = createAjv(extensionKeywordsOf(components), { code: { source: false } });
  ajv.addSchema(components);
  const cache = new Map<string, ReturnType<Ajv2020["compile"]>>();
  return {
    validate(schema, value) {
      const key = JSON.stringify(schema);
      let check = cache.get(key);
      if (!check) {
        check = ajv.compile(rewriteSchemaRefs(schema, `${schemaRef("")}`));
        cache.set(key, check);
      }
      return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword} ${JSON.stringify(e.params)}`);
    },
  };
}
