// A flattened reading of one JSON Schema node of an OpenAPI 3.1 document:
// $refs followed, `allOf` merged, `type` as a set. The comparison rules read
// this view instead of the raw node, so `allOf: [$ref Base, {…}]` and a plain
// object with the same properties compare as equal.

import { deref } from "../../../src/spec/refs.js";

export interface SchemaView {
  /** Allowed JSON types; undefined means any. "integer" is a subset of "number". */
  types: Set<string> | undefined;
  /** Allowed values (`enum`, or `[const]`); undefined means any. */
  values: unknown[] | undefined;
  /** Property name -> raw subschema (still unresolved). */
  properties: Map<string, unknown>;
  /** Properties only alternatives (anyOf/oneOf) declare, each compared with its own alternative too. */
  fromAlternatives: Set<string>;
  required: Set<string>;
  /** additionalProperties or unevaluatedProperties is false. */
  closed: boolean;
  /** additionalProperties as a schema object, when it is one. */
  additional: unknown;
  items: unknown;
  /** anyOf / oneOf alternatives. */
  variants: unknown[] | undefined;
  /** OpenAPI's `discriminator` next to those alternatives: code generators narrow on it. */
  discriminator: Discriminator | undefined;
  /** Numeric and string constraints, by keyword. */
  constraints: Record<string, unknown>;
  deprecated: boolean;
  /** The $ref chain followed to reach this node, for cycle detection. */
  refs: string[];
}

export interface Discriminator {
  propertyName: unknown;
  /** Discriminator value -> the $ref it selects (a bare schema name is read as a component schema). */
  mapping: Map<string, string>;
}

export const CONSTRAINT_KEYWORDS = {
  lower: ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"],
  upper: ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"],
  exact: ["pattern", "format", "multipleOf", "uniqueItems", "contentMediaType"],
} as const;

const ALL_CONSTRAINTS: readonly string[] = [...CONSTRAINT_KEYWORDS.lower, ...CONSTRAINT_KEYWORDS.upper, ...CONSTRAINT_KEYWORDS.exact];

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function readDiscriminator(node: any): Discriminator | undefined {
  const raw = node.discriminator;
  if (!raw || typeof raw !== "object") return undefined;
  const mapping = new Map<string, string>();
  for (const [value, target] of Object.entries(raw.mapping ?? {})) {
    if (typeof target === "string") mapping.set(value, target.includes("#") || target.includes("/") ? target : `#/components/schemas/${target}`);
  }
  return { propertyName: raw.propertyName, mapping };
}

function ownView(node: any, refs: string[]): SchemaView {
  if (node === true || node === undefined) node = {};
  if (node === false) return { ...ownView({}, refs), types: new Set() };
  let types: Set<string> | undefined =
    typeof node.type === "string" ? new Set([node.type]) : Array.isArray(node.type) ? new Set(node.type) : undefined;
  // OpenAPI 3.0 documents (a base written before the move to 3.1) say nullable this way.
  if (types && node.nullable === true) types.add("null");
  const values: unknown[] | undefined = "const" in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (!types && values) types = new Set(values.map(jsonTypeOf));
  const closes = (v: unknown) => v === false;
  const constraints: Record<string, unknown> = {};
  for (const key of ALL_CONSTRAINTS) if (node[key] !== undefined) constraints[key] = node[key];
  return {
    types,
    values,
    properties: new Map(Object.entries(node.properties ?? {})),
    fromAlternatives: new Set(),
    required: new Set(Array.isArray(node.required) ? node.required : []),
    closed: closes(node.additionalProperties) || closes(node.unevaluatedProperties),
    additional: node.additionalProperties && typeof node.additionalProperties === "object" ? node.additionalProperties : undefined,
    items: node.items,
    variants: node.anyOf ?? node.oneOf,
    discriminator: readDiscriminator(node),
    constraints,
    deprecated: node.deprecated === true,
    refs,
  };
}

const intersectTypes = (a: Set<string> | undefined, b: Set<string> | undefined) => {
  if (!a) return b;
  if (!b) return a;
  const accepts = (set: Set<string>, t: string) => set.has(t) || (t === "integer" && set.has("number"));
  return new Set([...a].filter((t) => accepts(b, t)).concat([...b].filter((t) => accepts(a, t))));
};

function merge(into: SchemaView, part: SchemaView): SchemaView {
  const properties = new Map(into.properties);
  for (const [name, schema] of part.properties) {
    const existing = properties.get(name);
    // The same property constrained by two allOf members must satisfy both.
    properties.set(name, existing === undefined ? schema : { allOf: [existing, schema] });
  }
  return {
    types: intersectTypes(into.types, part.types),
    values: into.values && part.values ? into.values.filter((v) => part.values!.some((w) => JSON.stringify(w) === JSON.stringify(v))) : (into.values ?? part.values),
    properties,
    fromAlternatives: new Set(
      [...into.fromAlternatives, ...part.fromAlternatives].filter((name) => [into, part].every((v) => !v.properties.has(name) || v.fromAlternatives.has(name))),
    ),
    required: new Set([...into.required, ...part.required]),
    closed: into.closed || part.closed,
    additional: into.additional ?? part.additional,
    items: into.items ?? part.items,
    variants: into.variants ?? part.variants,
    discriminator: into.discriminator ?? part.discriminator,
    constraints: { ...part.constraints, ...into.constraints },
    deprecated: into.deprecated || part.deprecated,
    refs: into.refs,
  };
}

export function viewOf(document: unknown, raw: unknown, allOfChain: readonly string[] = []): SchemaView {
  const { node, refs } = deref(document, raw);
  const loop = refs.find((ref) => allOfChain.includes(ref));
  if (loop) throw new Error(`schema "${loop}" includes itself through allOf, anyOf or oneOf`);
  let view = ownView(node, refs);
  if (node && typeof node === "object" && Array.isArray(node.allOf)) {
    for (const member of node.allOf) view = merge(view, viewOf(document, member, [...allOfChain, ...refs]));
  }
  return view.variants ? readVariants(document, view, allOfChain) : view;
}

const isNullOnly = (view: SchemaView) => view.types?.size === 1 && view.types.has("null") && view.properties.size === 0;

/**
 * `anyOf: [X, {type: "null"}]` is how 3.1 often says "X or null"; read it as X
 * with null added, so it compares equal to `type: [..., "null"]`. Other
 * alternatives stay as they are, with their types united at the top.
 */
function readVariants(document: unknown, view: SchemaView, allOfChain: readonly string[]): SchemaView {
  const variants = view.variants!.map((variant) => viewOf(document, variant, [...allOfChain, ...view.refs]));
  const plain = view.properties.size === 0 && view.types === undefined && view.values === undefined;
  const nonNull = variants.filter((v) => !isNullOnly(v));
  if (plain && nonNull.length === 1 && variants.length === 2) {
    const inner = nonNull[0]!;
    return {
      ...inner,
      types: inner.types ? new Set([...inner.types, "null"]) : undefined,
      values: inner.values ? [...inner.values, null] : undefined,
      deprecated: inner.deprecated || view.deprecated,
      refs: [...view.refs, ...inner.refs],
    };
  }
  // A value may take any alternative: it has the types and values any of them
  // allows (an open enum, `anyOf: [{enum}, {type: string}]`, allows any
  // string), the properties any of them declares, and the properties every
  // one of them requires.
  const types = view.types ?? (variants.every((v) => v.types !== undefined) ? new Set(variants.flatMap((v) => [...v.types!])) : undefined);
  const values = view.values ?? (variants.every((v) => v.values !== undefined) ? variants.flatMap((v) => v.values!) : undefined);
  const properties = new Map(view.properties);
  const fromAlternatives = new Set(view.fromAlternatives);
  const unionAlternatives = new Map<string, unknown[]>();
  for (const variant of variants) {
    for (const [name, schema] of variant.properties) {
      if (view.properties.has(name)) continue;
      const seen = properties.get(name) as { anyOf?: unknown[] } | undefined;
      if (seen === undefined) {
        properties.set(name, schema);
        fromAlternatives.add(name);
        continue;
      }
      // The same schema in several alternatives (a shared envelope field) stays one schema, not a union of copies.
      const alternatives = unionAlternatives.get(name) ?? [seen];
      if (alternatives.some((a) => sameSchema(a, schema))) continue;
      alternatives.push(schema);
      unionAlternatives.set(name, alternatives);
      properties.set(name, { anyOf: [...alternatives] });
    }
  }
  const objects = variants.filter((v) => !isNullOnly(v));
  const requiredByAll = objects.length ? [...objects[0]!.required].filter((name) => objects.every((v) => v.required.has(name))) : [];
  return { ...view, types, values, properties, fromAlternatives, required: new Set([...view.required, ...requiredByAll]) };
}

const sameSchema = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
