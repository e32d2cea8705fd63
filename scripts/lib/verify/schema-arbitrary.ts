// Valid samples of a spec schema as fast-check arbitraries, and single-point
// mutations of a sample that the schema must reject. The validator tests use
// the adversarial default (full Unicode, boundary numbers, years 0000-9999);
// `npm run verify` uses the `gentle` profile (short printable text, small
// numbers, plausible dates), since its values go to a live server.
//
// Why fast-check arbitraries and not json-schema-faker: json-schema-faker
// 0.6.3 (evaluated on this spec) silently drops required properties below its
// default maxDepth (210 of 300 Customer samples were invalid) and draws
// strings and emails from a narrow pool, with no shrinking. fast-check is
// already a dev dependency, draws full Unicode and boundary numbers, shrinks a
// failure to a small case and replays it from the printed seed.
//
// The keywords handled are the ones the spec uses; any other one fails loudly,
// naming the schema path, so a growing spec cannot make the tests vacuous.
import fc from "fast-check";
import { isSchemaObject, pointerSegment, type Schema } from "../spec/schema-walk.js";

/** Keywords that never change which values are valid. */
const ANNOTATIONS = new Set([
  "title", "description", "examples", "example", "deprecated", "readOnly", "writeOnly", "default", "$comment",
  "externalDocs", "xml", "discriminator", "contentMediaType", "contentEncoding",
]);
const HANDLED = new Set([
  "$ref", "type", "const", "enum", "allOf", "anyOf", "oneOf", "properties", "required", "additionalProperties",
  "items", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "format", "pattern", "maxProperties",
  "not",
]);

export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";
const ALL_TYPES: readonly JsonType[] = ["null", "boolean", "integer", "number", "string", "array", "object"];

/** Resolves `#/components/schemas/X` refs against one bundled OpenAPI document. */
export function refResolver(document: any): (ref: string) => Schema {
  return (ref) => {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    const target = match ? document.components?.schemas?.[match[1]!] : undefined;
    if (!isSchemaObject(target)) throw new Error(`schema-arbitrary: cannot resolve ${ref}`);
    return target;
  };
}

type Resolve = (ref: string) => Schema;

function check(schema: Schema, at: string): void {
  for (const keyword of Object.keys(schema)) {
    if (!HANDLED.has(keyword) && !ANNOTATIONS.has(keyword) && !keyword.startsWith("x-")) {
      throw new Error(`schema-arbitrary: keyword "${keyword}" at ${at || "/"} is not supported; teach scripts/lib/verify/schema-arbitrary.ts`);
    }
  }
  if (schema.$ref !== undefined && Object.keys(schema).some((k) => k !== "$ref" && !ANNOTATIONS.has(k))) {
    throw new Error(`schema-arbitrary: "$ref" with sibling keywords at ${at || "/"} is not supported`);
  }
}

/** Keywords whose values must agree when two allOf members both set them. */
const MUST_AGREE = new Set(["const", "enum", "format", "pattern", "items", "additionalProperties"]);

/** Types in both lists; an integer is a number too, so integer ∩ number = integer. */
function intersectTypes(a: JsonType[], b: JsonType[]): JsonType[] {
  const both = a.flatMap((t): JsonType[] =>
    b.includes(t) ? [t] : (t === "integer" && b.includes("number")) || (t === "number" && b.includes("integer")) ? ["integer"] : []);
  return [...new Set(both)];
}

/**
 * One schema equivalent to `schema`'s allOf (members resolved and merged,
 * recursively): properties united (a property both declare becomes the allOf
 * of the two), required united, types intersected, bounds tightened. Shapes
 * a merge cannot express exactly (anyOf/oneOf in a member, a closed member
 * beside another that adds properties, two different formats) fail loudly.
 */
export function mergeAllOf(schema: Schema, resolve: Resolve, at = ""): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const members = [own, ...(allOf as unknown[])].map((member, i) => {
    const where = i === 0 ? at : `${at}/allOf/${i - 1}`;
    if (!isSchemaObject(member)) throw new Error(`schema-arbitrary: allOf member at ${where} is not a schema object`);
    let resolved: Schema = member;
    while (typeof resolved.$ref === "string") resolved = resolve(resolved.$ref);
    resolved = mergeAllOf(resolved, resolve, where);
    if (resolved.anyOf !== undefined || resolved.oneOf !== undefined) throw new Error(`schema-arbitrary: anyOf/oneOf inside allOf at ${where} is not supported`);
    return resolved;
  });
  const merged: Schema = {};
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  let types: JsonType[] | undefined;
  for (const member of members) {
    for (const [keyword, value] of Object.entries(member)) {
      if (keyword === "properties" && isSchemaObject(value)) {
        for (const [name, child] of Object.entries(value)) properties[name] = name in properties ? { allOf: [properties[name], child] } : child;
      } else if (keyword === "required") (value as string[]).forEach((name) => required.add(name));
      else if (keyword === "type") {
        const mine = typesOf(member)!;
        types = types === undefined ? mine : intersectTypes(types, mine);
      } else if (keyword === "minimum" || keyword === "minLength" || keyword === "minItems") {
        merged[keyword] = Math.max(value as number, (merged[keyword] as number | undefined) ?? -Infinity);
      } else if (keyword === "maximum" || keyword === "maxLength" || keyword === "maxItems" || keyword === "maxProperties") {
        merged[keyword] = Math.min(value as number, (merged[keyword] as number | undefined) ?? Infinity);
      } else if (MUST_AGREE.has(keyword) && keyword in merged && JSON.stringify(merged[keyword]) !== JSON.stringify(value)) {
        throw new Error(`schema-arbitrary: allOf members at ${at || "/"} disagree on "${keyword}"; not supported`);
      } else if (!(keyword in merged)) merged[keyword] = value;
    }
  }
  if (types !== undefined) {
    if (types.length === 0) throw new Error(`schema-arbitrary: allOf members at ${at || "/"} share no type; no value satisfies them`);
    merged.type = types.length === 1 ? types[0] : types;
  }
  const closed = members.find((m) => m.additionalProperties === false);
  if (closed) {
    const allowed = new Set(Object.keys((closed.properties as Schema | undefined) ?? {}));
    if (Object.keys(properties).some((name) => !allowed.has(name))) throw new Error(`schema-arbitrary: a closed allOf member at ${at || "/"} beside members that add properties is not supported`);
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

/**
 * `schema` with the structure the walkers below expect: an allOf merged into
 * one schema, and keywords beside anyOf/oneOf (`type: object` next to
 * object branches) moved into every branch.
 */
function normalised(schema: Schema, resolve: Resolve, at = ""): Schema {
  return cached(normalisedCache, resolve, schema, () => normalise(schema, resolve, at));
}

// The walkers below normalise and type the same schema nodes once per sample
// (thousands of times in a test run): each is a pure function of the node
// and the document `resolve` reads, so it is computed once per pair. Caching
// the normalised node also keeps a merged allOf the same object, so the
// caches keyed on it hit too. (`at` only names the place in an error, and an
// error is not cached.)
const normalisedCache = new WeakMap<Resolve, WeakMap<Schema, Schema>>();
const acceptedTypesCache = new WeakMap<Resolve, WeakMap<Schema, ReadonlySet<JsonType>>>();

function cached<T>(cache: WeakMap<Resolve, WeakMap<Schema, T>>, resolve: Resolve, schema: Schema, compute: () => T): T {
  let forDocument = cache.get(resolve);
  if (!forDocument) cache.set(resolve, (forDocument = new WeakMap()));
  let result = forDocument.get(schema);
  if (result === undefined) forDocument.set(schema, (result = compute()));
  return result;
}

function normalise(schema: Schema, resolve: Resolve, at: string): Schema {
  if (schema.allOf !== undefined) return mergeAllOf(schema, resolve, at);
  const keyword = schema.anyOf !== undefined ? "anyOf" : schema.oneOf !== undefined ? "oneOf" : undefined;
  if (!keyword) return schema;
  const { [keyword]: branches, ...rest } = schema;
  const siblings = Object.fromEntries(Object.entries(rest).filter(([k]) => !ANNOTATIONS.has(k)));
  if (Object.keys(siblings).length === 0) return schema;
  if (!Array.isArray(branches)) throw new Error(`schema-arbitrary: ${keyword} at ${at || "/"} is not a list`);
  return { [keyword]: branches.map((branch) => ({ allOf: [siblings, branch] })) };
}

const typesOf = (schema: Schema): JsonType[] | undefined =>
  schema.type === undefined ? undefined : ((Array.isArray(schema.type) ? schema.type : [schema.type]) as JsonType[]);

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  // Years 0000-9999: what RFC 3339 can write.
  date: () => fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  "date-time": () =>
    fc
      .tuple(
        fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        fc.constantFrom("Z", "z", "+00:00", "-05:30", "+14:00"),
      )
      .map(([d, zone]) => d.toISOString().replace("Z", zone)),
  // RFC 3339 full-time, offset included.
  time: () =>
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom("Z", "+01:00", "-05:30"))
      .map(([h, m, s, zone]) => `${[h, m, s].map((n) => String(n).padStart(2, "0")).join(":")}${zone}`),
  uri: () => fc.webUrl(),
  uuid: () => fc.uuid(),
};

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);

/** Formats of the gentle profile: values a real server is likely to take as they are. */
const GENTLE_FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.tuple(word, word).map(([user, host]) => `${user}@${host}.example.com`),
  date: () => fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  "date-time": () => fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
};

function stringArbitrary(schema: Schema, at: string, options: SampleOptions): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = schema.maxLength as number | undefined;
  const fits = (s: string) => s.length >= minLength && (maxLength === undefined || s.length <= maxLength);
  if (typeof schema.format === "string") {
    const make = (options.gentle ? GENTLE_FORMATS[schema.format] : undefined) ?? FORMATS[schema.format];
    if (!make) throw new Error(`schema-arbitrary: format "${schema.format}" at ${at || "/"} is not supported`);
    return make().filter(fits);
  }
  if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern, "u")).filter(fits);
  return fc.string({
    ...(options.gentle ? {} : { unit: "binary" as const }),
    minLength,
    ...(maxLength === undefined ? { maxLength: Math.max(minLength, 24) } : { maxLength }),
  });
}

/** Keys for extra properties of an open object: any text but the names it declares and `__proto__` (tested on its own). */
const extraKey = (declared: Set<string>) => fc.string({ unit: "binary", minLength: 1, maxLength: 12 }).filter((k) => !declared.has(k) && k !== "__proto__");

export interface SampleOptions {
  /** Every declared property, optional ones too: a sample that shows every field. */
  everyProperty?: boolean;
  /** Short printable text, small numbers and plausible dates, for requests to a live server. */
  gentle?: boolean;
}

function objectArbitrary(schema: Schema, resolve: Resolve, at: string, depth: number, options: SampleOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = (isSchemaObject(schema.properties) ? schema.properties : {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, child]) => [name, schemaArbitrary(child, resolve, `${at}/properties/${pointerSegment(name)}`, depth + 1, options)]),
  );
  const requiredKeys = options.everyProperty ? Object.keys(properties) : [...required].filter((name) => name in properties);
  const declared = fc.record(model, { requiredKeys, noNullPrototype: true });
  for (const name of required) if (!(name in properties)) throw new Error(`schema-arbitrary: required "${name}" at ${at || "/"} has no property schema`);
  // Extra properties only where the schema says so explicitly: an object the
  // spec leaves implicitly open has no index signature in the generated types.
  const extra = schema.additionalProperties;
  if (schema.maxProperties === 0 || extra === undefined || extra === false) return declared as fc.Arbitrary<Record<string, unknown>>;
  const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : schemaArbitrary(extra, resolve, `${at}/additionalProperties`, depth + 1, options);
  const keys = options.gentle ? word.filter((k) => !(k in properties)) : extraKey(new Set(Object.keys(properties)));
  const extras = fc.dictionary(keys, values, { maxKeys: 4, noNullPrototype: true });
  return fc.tuple(declared, extras).map(([own, more]) => ({ ...more, ...own }));
}

function arbitraryOfType(type: JsonType, schema: Schema, resolve: Resolve, at: string, depth: number, options: SampleOptions): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer": {
      const bound = options.gentle ? 1000 : 2 ** 31;
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -bound, max: (schema.maximum as number | undefined) ?? bound });
    }
    case "number": {
      const bound = options.gentle ? 1000 : 1e9;
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: (schema.minimum as number | undefined) ?? -bound, max: (schema.maximum as number | undefined) ?? bound });
    }
    case "string":
      return stringArbitrary(schema, at, options);
    case "array": {
      const items = schema.items === undefined ? fc.jsonValue({ maxDepth: 2 }) : schemaArbitrary(schema.items, resolve, `${at}/items`, depth + 1, options);
      const minLength = Math.max((schema.minItems as number | undefined) ?? 0, options.everyProperty ? 1 : 0);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, (schema.maxItems as number | undefined) ?? 3) });
    }
    case "object":
      return objectArbitrary(schema, resolve, at, depth, options);
  }
}

/** Values the schema accepts. `at` is the schema path, for error messages. */
export function schemaArbitrary(schema: unknown, resolve: Resolve, at = "", depth = 0, options: SampleOptions = {}): fc.Arbitrary<unknown> {
  if (schema === true) return fc.jsonValue({ maxDepth: 2 });
  if (!isSchemaObject(schema)) throw new Error(`schema-arbitrary: no value satisfies the schema at ${at || "/"}`);
  if (depth > 40) throw new Error(`schema-arbitrary: the schema at ${at} nests too deeply (a recursive $ref?)`);
  // A schema that many others use (CalculatedOrder, Redemption) is built
  // once: an arbitrary holds no state, so every place can draw from the same
  // one, and the values drawn are the same. (A recursive schema is still
  // caught: it is cached only once built.)
  const profile = `${options.everyProperty ? "every property" : "some properties"}, ${options.gentle ? "gentle" : "adversarial"}`;
  let forProfile = arbitraryCaches.get(profile);
  if (!forProfile) arbitraryCaches.set(profile, (forProfile = new WeakMap()));
  return cached(forProfile, resolve, schema, () => build(schema, resolve, at, depth, options));
}

/** One cache per sampling profile (at most four), each as `cached` keeps it. */
const arbitraryCaches = new Map<string, WeakMap<Resolve, WeakMap<Schema, fc.Arbitrary<unknown>>>>();

function build(schema: Schema, resolve: Resolve, at: string, depth: number, options: SampleOptions): fc.Arbitrary<unknown> {
  check(schema, at);
  if (typeof schema.$ref === "string") return schemaArbitrary(resolve(schema.$ref), resolve, schema.$ref, depth + 1, options);
  const flat = normalised(schema, resolve, at);
  if (flat !== schema) return schemaArbitrary(flat, resolve, at, depth + 1, options);
  if (schema.not !== undefined) {
    // Only `not` of listed values (the open fallback of a discriminated
    // union excludes the known tags): draw from the rest and drop those.
    const { not, ...rest } = schema;
    const excluded = isSchemaObject(not) && Object.keys(not).every((k) => k === "enum" || k === "const" || ANNOTATIONS.has(k))
      ? new Set([...((not.enum as unknown[] | undefined) ?? []), ...("const" in not ? [not.const] : [])].map((v) => JSON.stringify(v)))
      : undefined;
    if (!excluded) throw new Error(`schema-arbitrary: "not" at ${at || "/"} other than of enum/const values is not supported`);
    return schemaArbitrary(rest, resolve, at, depth + 1, options).filter((v) => !excluded.has(JSON.stringify(v)));
  }
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (branches) {
    const keyword = schema.anyOf ? "anyOf" : "oneOf";
    // With every property wanted, prefer the branch that is not null.
    const chosen = options.everyProperty ? branches.filter((b) => !(isSchemaObject(b) && b.type === "null")) : branches;
    return fc.oneof(...chosen.map((branch, i) => schemaArbitrary(branch, resolve, `${at}/${keyword}/${i}`, depth + 1, options)));
  }
  const types = typesOf(schema) ?? (schema.properties !== undefined ? ["object"] : schema.items !== undefined ? ["array"] : undefined);
  if (!types) return fc.jsonValue({ maxDepth: 2 });
  const chosen = options.everyProperty && types.length > 1 ? types.filter((t) => t !== "null") : types;
  return fc.oneof(...chosen.map((type) => arbitraryOfType(type, schema, resolve, at, depth, options)));
}

// ---- walking a sample beside its schema ----

export interface Position {
  /** Path segments from the root value. */
  segments: (string | number)[];
  /** The (resolved) schema that applies there. */
  schema: Schema;
  value: unknown;
}

/** Every place in `value` with the schema that governs it (inside anyOf, the one branch that takes the value's type). */
export function positionsOf(schema: unknown, value: unknown, resolve: Resolve): Position[] {
  const found: Position[] = [];
  const walk = (node: unknown, v: unknown, segments: (string | number)[]): void => {
    if (!isSchemaObject(node)) return;
    if (typeof node.$ref === "string") return walk(resolve(node.$ref), v, segments);
    const flat = normalised(node, resolve);
    if (flat !== node) return walk(flat, v, segments);
    const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
    if (branches) {
      const matching = branches.filter((b) => acceptedTypes(b, resolve).has(typeOfValue(v)));
      if (matching.length === 1) walk(matching[0], v, segments);
      return;
    }
    found.push({ segments, schema: node, value: v });
    if (Array.isArray(v) && node.items !== undefined) v.forEach((item, i) => walk(node.items, item, [...segments, i]));
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const properties = (isSchemaObject(node.properties) ? node.properties : {}) as Record<string, unknown>;
      for (const [name, child] of Object.entries(v)) {
        const childSchema = name in properties ? properties[name] : node.additionalProperties;
        if (childSchema !== undefined && typeof childSchema !== "boolean") walk(childSchema, child, [...segments, name]);
      }
    }
  };
  walk(schema, value, []);
  return found;
}

/** `root` with the value at `segments` replaced (copies along the path; the rest is shared). */
export function replaceAt(root: unknown, segments: (string | number)[], replacement: unknown): unknown {
  return setAt(root, segments, () => replacement);
}

// ---- mutations ----

/** The JSON types some value of the schema can have. */
export function acceptedTypes(schema: unknown, resolve: Resolve): ReadonlySet<JsonType> {
  if (schema === true) return new Set(ALL_TYPES);
  if (!isSchemaObject(schema)) return new Set();
  return cached(acceptedTypesCache, resolve, schema, () => typesAccepted(schema, resolve));
}

function typesAccepted(schema: Schema, resolve: Resolve): ReadonlySet<JsonType> {
  if (Object.keys(schema).every((k) => ANNOTATIONS.has(k))) return new Set(ALL_TYPES);
  if (typeof schema.$ref === "string") return acceptedTypes(resolve(schema.$ref), resolve);
  const flat = normalised(schema, resolve);
  if (flat !== schema) return acceptedTypes(flat, resolve);
  const jsonType = (v: unknown): JsonType =>
    v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : (typeof v as JsonType);
  if ("const" in schema) return new Set([jsonType(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonType));
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (branches) return new Set(branches.flatMap((b) => [...acceptedTypes(b, resolve)]));
  const types = typesOf(schema) ?? (schema.properties !== undefined ? ["object"] : schema.items !== undefined ? ["array"] : [...ALL_TYPES]);
  return new Set(types.includes("number") ? [...types, "integer"] : types);
}

const typeOfValue = (v: unknown): JsonType =>
  v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : (typeof v as JsonType);

/** One value of each JSON type that no other constraint could make valid by accident. */
const STAND_INS: Record<JsonType, unknown> = { null: null, boolean: true, integer: 7, number: 1.5, string: "mutated", array: [], object: {} };

export interface Mutation {
  /** What was changed, for the failure message. */
  what: string;
  /** Whether the changed place is one where the schema offers alternatives (anyOf/oneOf). */
  atAlternatives: boolean;
  /** JSON Pointer of the issue the validator must report. */
  path: string;
  /** The whole value, with the one change. */
  value: unknown;
}

const NOTHING_ELSE: ReadonlySet<JsonType> = new Set();

function setAt(root: unknown, segments: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (segments.length === 0) return replace(root);
  const [head, ...rest] = segments;
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  copy[head!] = setAt((root as any)[head!], rest, replace);
  return copy;
}

/** A place in the value being mutated: its last segment and the place that holds it (none for the root). */
interface Place {
  up: Place | undefined;
  segment: string | number;
}

const segmentsOf = (place: Place | undefined): (string | number)[] => {
  const segments: (string | number)[] = [];
  for (let at = place; at; at = at.up) segments.push(at.segment);
  return segments.reverse();
};

/** JSON Pointer of `place`, with `child` appended when given. */
const pointerOf = (place: Place | undefined, child?: string): string => {
  let pointer = child === undefined ? "" : `/${pointerSegment(child)}`;
  for (let at = place; at; at = at.up) pointer = `/${pointerSegment(at.segment)}${pointer}`;
  return pointer;
};

/**
 * A mutation whose changed value, path and description are made when first
 * read: a sample has a mutation or more at every place, and copying the path
 * to each of them (and the garbage that makes), or even writing each one's
 * path, costs more than all the rest when a caller tries only one.
 */
class LazyMutation implements Mutation {
  #made = false;
  #value: unknown;
  #path: string | undefined;
  constructor(
    /** What was changed, without where. */
    private readonly change: string,
    readonly atAlternatives: boolean,
    private readonly root: unknown,
    private readonly place: Place | undefined,
    /** The property the issue is about, below `place` (a removed or an unknown one), if not `place` itself. */
    private readonly child: string | undefined,
    private readonly replace: (old: unknown) => unknown,
  ) {}

  get what(): string {
    return `${this.change} at ${pointerOf(this.place) || "(root)"}`;
  }

  get path(): string {
    return (this.#path ??= pointerOf(this.place, this.child));
  }

  get value(): unknown {
    if (!this.#made) {
      this.#value = setAt(this.root, segmentsOf(this.place), this.replace);
      this.#made = true;
    }
    return this.#value;
  }
}

/**
 * Every single change to `value` (valid for `schema`) that must make it
 * invalid, each with the path of the issue it must cause: a value of a type
 * the schema does not take, a required property removed, an unknown property
 * added to a closed object, a broken format, a number past its bound, an
 * empty string or array where one is too short, a constant changed.
 */
export function mutationsOf(schema: unknown, value: unknown, resolve: Resolve): Mutation[] {
  const found: Mutation[] = [];
  // `alsoTaken`: types an enclosing anyOf takes at this same place, which a
  // replacement must avoid too.
  const walk = (node: unknown, v: unknown, place: Place | undefined, alsoTaken: ReadonlySet<JsonType>): void => {
    if (!isSchemaObject(node)) return;
    if (typeof node.$ref === "string") return walk(resolve(node.$ref), v, place, alsoTaken);
    const flat = normalised(node, resolve);
    if (flat !== node) return walk(flat, v, place, alsoTaken);
    const atAlternatives = node.anyOf !== undefined || node.oneOf !== undefined || alsoTaken.size > 0;
    const add = (what: string, replace: (old: unknown) => unknown, child?: string) =>
      found.push(new LazyMutation(what, atAlternatives, value, place, child, replace));

    const accepted = acceptedTypes(node, resolve);
    const foreign = ALL_TYPES.find((t) => !accepted.has(t) && !alsoTaken.has(t));
    if (foreign) add(`a ${foreign} instead`, () => STAND_INS[foreign]);
    if ("const" in node && typeof node.const === "string") add("another constant", () => `${node.const}-not`);
    const enumValues = node.enum;
    if (Array.isArray(enumValues) && enumValues.every((e) => typeof e === "string")) add("a value outside the enum", () => `${enumValues[0]}-not`);

    const branches = (node.anyOf ?? node.oneOf) as unknown[] | undefined;
    if (branches) {
      // Go inside only when a single branch takes values of this type: a
      // change within it then cannot make another branch match instead.
      const matching = branches.filter((b) => acceptedTypes(b, resolve).has(typeOfValue(v)));
      if (matching.length === 1) walk(matching[0], v, place, alsoTaken.size === 0 ? accepted : new Set([...accepted, ...alsoTaken]));
      return;
    }
    if (typeof v === "string" && typeof node.format === "string") add(`a broken ${node.format}`, () => `not a ${node.format}`);
    if (typeof v === "string" && typeof node.minLength === "number" && node.minLength > 0) add("an empty string", () => "");
    if (typeof v === "number" && typeof node.minimum === "number") add("a number below the minimum", () => (node.minimum as number) - 1);
    if (typeof v === "number" && typeof node.maximum === "number") add("a number above the maximum", () => (node.maximum as number) + 1);
    if (Array.isArray(v)) {
      if (typeof node.minItems === "number" && node.minItems > 0) add("an empty array", () => []);
      if (node.items !== undefined) v.forEach((item, i) => walk(node.items, item, { up: place, segment: i }, NOTHING_ELSE));
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const properties = (isSchemaObject(node.properties) ? node.properties : {}) as Record<string, unknown>;
      for (const name of (node.required as string[] | undefined) ?? []) {
        add(`"${name}" removed`, (old) => Object.fromEntries(Object.entries(old as object).filter(([k]) => k !== name)), name);
      }
      if (node.additionalProperties === false) {
        add("an unknown property", (old) => ({ ...(old as object), zz_not_in_the_spec: 1 }), "zz_not_in_the_spec");
      }
      // Keys, not entries: no pair made for each property of every sample.
      for (const name of Object.keys(v)) {
        const childSchema = name in properties ? properties[name] : node.additionalProperties;
        if (childSchema !== undefined && typeof childSchema !== "boolean") walk(childSchema, (v as Record<string, unknown>)[name], { up: place, segment: name }, NOTHING_ELSE);
      }
    }
  };
  walk(schema, value, undefined, NOTHING_ELSE);
  return found;
}
