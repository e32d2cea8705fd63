// Turns a JSON Schema of the bundled spec into a fast-check arbitrary that
// produces values meant to satisfy it. Hand-written: the JSON-Schema-to-
// fast-check packages on npm target older drafts or are unmaintained, and the
// spec uses a small subset (type unions with null, enum/const, formats,
// bounds, closed objects, anyOf, allOf). Values are still checked with the
// precompiled validator before they are sent, so a gap here drops a case
// instead of sending an invalid request.
import fc from "fast-check";
import { deref } from "../spec-refs.js";

/** Keeps generated values small: these are requests to a live server. */
const LIMITS = { stringLength: 24, arrayLength: 3, depth: 4, extraKeys: 2 };

const simpleJson = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.tuple(word, word).map(([user, host]) => `${user}@${host}.example.com`),
  date: fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  "date-time": fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  uri: fc.webUrl(),
  uuid: fc.uuid(),
};

function mergeAllOf(document: unknown, schema: any): any {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  return allOf.map((member: unknown) => mergeAllOf(document, deref(document, member).node ?? {})).reduce(
    (merged: any, part: any) => ({
      ...part,
      ...merged,
      properties: { ...part.properties, ...merged.properties },
      required: [...new Set([...(merged.required ?? []), ...(part.required ?? [])])],
    }),
    own,
  );
}

function stringArbitrary(schema: any): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? min + LIMITS.stringLength, min + LIMITS.stringLength));
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
  if (typeof schema.format === "string" && FORMATS[schema.format]) return FORMATS[schema.format]!.filter(fits);
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern, "u")).filter(fits);
  return fc.string({ minLength: min, maxLength: max });
}

function numberArbitrary(schema: any, integer: boolean): fc.Arbitrary<number> {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON * 8) : schema.minimum;
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON * 8) : schema.maximum;
  const min = low ?? Math.min(-1000, high ?? 0);
  const max = high ?? Math.max(1000, low ?? 0);
  const base = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
  return typeof schema.multipleOf === "number" ? base.map((n) => Math.round(n / schema.multipleOf) * schema.multipleOf).filter((n) => n >= min && n <= max) : base;
}

function objectArbitrary(document: unknown, schema: any, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, unknown> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  // Deep in a recursive schema, only what is required is generated.
  const names = Object.keys(properties).filter((name) => depth < LIMITS.depth || required.has(name));
  const model = Object.fromEntries(names.map((name) => [name, schemaArbitrary(document, properties[name], depth + 1)]));
  const record = fc.record(model, { requiredKeys: names.filter((n) => required.has(n)) }) as fc.Arbitrary<Record<string, unknown>>;
  const closed = schema.additionalProperties === false || schema.unevaluatedProperties === false;
  if (closed || depth >= LIMITS.depth) return record;
  const extra = schema.additionalProperties && typeof schema.additionalProperties === "object" ? schemaArbitrary(document, schema.additionalProperties, depth + 1) : simpleJson;
  const keys = word.filter((k) => !(k in properties));
  return fc
    .tuple(record, fc.dictionary(keys, extra, { maxKeys: names.length === 0 ? LIMITS.extraKeys + 1 : LIMITS.extraKeys }))
    .map(([fixed, more]) => ({ ...more, ...fixed }));
}

function typedArbitrary(document: unknown, schema: any, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "string":
      return stringArbitrary(schema);
    case "array": {
      const min = schema.minItems ?? 0;
      const max = Math.max(min, Math.min(schema.maxItems ?? LIMITS.arrayLength, min + LIMITS.arrayLength));
      const items = schemaArbitrary(document, schema.items ?? {}, depth + 1);
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) })
        : fc.array(items, { minLength: min, maxLength: depth >= LIMITS.depth ? min : max });
    }
    case "object":
      return objectArbitrary(document, schema, depth);
    default:
      throw new Error(`cannot generate values of JSON type "${type}"`);
  }
}

/** An arbitrary for values of `raw` (a schema node of `document`, possibly a $ref). */
export function schemaArbitrary(document: unknown, raw: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (raw === true || raw === undefined) return simpleJson;
  if (raw === false) throw new Error("the schema `false` has no values to generate");
  // A schema that requires itself has no finite values; stop instead of recursing forever.
  if (depth > LIMITS.depth * 3) throw new Error("the schema nests too deeply (does it require itself?) to generate values");
  const schema = mergeAllOf(document, deref(document, raw).node ?? {});
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && schema.type === undefined) {
    return fc.oneof(...variants.map((v: unknown) => schemaArbitrary(document, { ...schemaWithout(schema, ["anyOf", "oneOf"]), ...(deref(document, v).node ?? {}) }, depth)));
  }
  const types: string[] = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (types.length === 0) return schema.properties ? objectArbitrary(document, schema, depth) : simpleJson;
  return fc.oneof(...types.map((t) => typedArbitrary(document, schema, t, depth)));
}

const schemaWithout = (schema: any, keys: string[]) => Object.fromEntries(Object.entries(schema).filter(([k]) => !keys.includes(k)));
