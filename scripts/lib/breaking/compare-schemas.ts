// Direction-aware comparison of two JSON Schemas. In a request, the new schema
// must accept everything the old one accepted (clients keep sending what they
// sent); in a response, the old schema must accept everything the new one can
// produce (clients keep parsing with what they were built against).
import { additive, breaking, pointerPart, type Direction, type Emit, type Place } from "./change.js";
import { SameSchemas } from "./same-schemas.js";
import { resolvePointer } from "../../../src/spec/refs.js";
import { CONSTRAINT_KEYWORDS, viewOf, type SchemaView } from "./schema-view.js";

export interface SchemaPair {
  base: unknown;
  head: unknown;
}

interface Context {
  baseDoc: unknown;
  headDoc: unknown;
  direction: Direction;
  emit: Emit;
  /** $ref chains being compared above this node; a repeat means recursion. */
  ancestors: string[];
  sameSchemas: SameSchemas;
}

const show = (types: Iterable<string>) => [...types].join(" | ");
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const accepts = (set: Set<string> | undefined, type: string) => !set || set.has(type) || (type === "integer" && set.has("number"));

/** Reports one finding whose class depends on the direction. */
function judge(ctx: Context, place: Place, harmsClients: boolean, rule: string, message: string) {
  ctx.emit(place, harmsClients ? breaking(`${ctx.direction}.${rule}`, message) : additive(`${ctx.direction}.${rule}`, message));
}

function compareTypes(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const removed = base.types ? [...base.types].filter((t) => !accepts(head.types, t)) : head.types ? ["any other type"] : [];
  const added = head.types ? [...head.types].filter((t) => !accepts(base.types, t)) : base.types ? ["any type"] : [];
  if (removed.length === 0 && added.length === 0) return;
  const from = base.types ? show(base.types) : "any type";
  const to = head.types ? show(head.types) : "any type";
  if (ctx.direction === "request") {
    if (removed.length > 0) {
      const onlyNull = removed.length === 1 && removed[0] === "null";
      judge(ctx, place, true, added.length > 0 ? "type-changed" : "type-narrowed", onlyNull && added.length === 0 ? "no longer accepts null" : `type changed from ${from} to ${to}`);
    } else judge(ctx, place, false, "type-widened", `now also accepts ${show(added)}`);
  } else if (added.length > 0) {
    const onlyNull = added.length === 1 && added[0] === "null";
    judge(ctx, place, true, onlyNull && removed.length === 0 ? "became-nullable" : "type-changed", onlyNull && removed.length === 0 ? "can now be null" : `type changed from ${from} to ${to}`);
  } else judge(ctx, place, false, "type-narrowed", `no longer returns ${show(removed)}`);
}

function compareValues(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const has = (list: unknown[], v: unknown) => list.some((w) => same(v, w));
  // A list that became any value removed nothing (that is `freed` below).
  const removed = base.values && head.values ? base.values.filter((v) => !has(head.values!, v)) : [];
  const added = head.values ? head.values.filter((v) => !base.values || !has(base.values, v)) : [];
  const restricted = !base.values && head.values !== undefined;
  const freed = base.values !== undefined && !head.values;
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
  const narrowed = removed.length > 0 || restricted;
  const widened = freed || (added.length > 0 && !restricted);
  const narrowText = restricted ? `now limited to ${list(head.values!)}` : `no longer allows ${list(removed)}`;
  const wideText = freed ? "is no longer limited to a fixed set of values" : `now allows ${list(added)}`;
  if (ctx.direction === "request") {
    if (narrowed) judge(ctx, place, true, "enum-narrowed", narrowText);
    if (widened) judge(ctx, place, false, "enum-widened", wideText);
  } else {
    if (widened) judge(ctx, place, true, "enum-widened", wideText);
    if (narrowed) judge(ctx, place, false, "enum-narrowed", narrowText);
  }
}

function compareConstraints(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const check = (keyword: string, narrowed: boolean, widened: boolean) => {
    if (!narrowed && !widened) return;
    const text = `${keyword} ${base.constraints[keyword] === undefined ? "added" : JSON.stringify(base.constraints[keyword])} → ${head.constraints[keyword] === undefined ? "removed" : JSON.stringify(head.constraints[keyword])}`;
    const harms = ctx.direction === "request" ? narrowed : widened;
    judge(ctx, place, harms, narrowed && widened ? "constraint-changed" : narrowed ? "constraint-narrowed" : "constraint-widened", text);
  };
  for (const keyword of CONSTRAINT_KEYWORDS.lower) {
    const b = base.constraints[keyword] as number | undefined;
    const h = head.constraints[keyword] as number | undefined;
    check(keyword, h !== undefined && (b === undefined || h > b), b !== undefined && (h === undefined || h < b));
  }
  for (const keyword of CONSTRAINT_KEYWORDS.upper) {
    const b = base.constraints[keyword] as number | undefined;
    const h = head.constraints[keyword] as number | undefined;
    check(keyword, h !== undefined && (b === undefined || h < b), b !== undefined && (h === undefined || h > b));
  }
  for (const keyword of CONSTRAINT_KEYWORDS.exact) {
    const b = base.constraints[keyword];
    const h = head.constraints[keyword];
    if (same(b, h) || (keyword === "uniqueItems" && !b && !h)) continue;
    // A changed pattern or format both rejects old values and allows new ones.
    check(keyword, h !== undefined && h !== false, b !== undefined && b !== false);
  }
}

function compareProperties(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const names = new Set([...base.properties.keys(), ...base.required, ...head.properties.keys(), ...head.required]);
  for (const name of names) {
    const at: Place = { ...place, pointer: `${place.pointer}/${pointerPart(name)}` };
    const inBase = base.properties.has(name) || base.required.has(name);
    const inHead = head.properties.has(name) || head.required.has(name);
    const requiredBefore = base.required.has(name);
    const requiredNow = head.required.has(name);
    if (inBase && !inHead) {
      // Declared by alternatives alone on both sides: the alternative that kept it is compared
      // on its own, and one that went is reported as a removed alternative.
      if (base.fromAlternatives.has(name) && !requiredBefore && head.variants !== undefined) continue;
      judge(ctx, at, true, "property-removed", ctx.direction === "request" ? `property \`${name}\` is no longer accepted` : `property \`${name}\` was removed`);
      continue;
    }
    if (!inBase && inHead) {
      if (ctx.direction === "request") {
        judge(ctx, at, requiredNow, requiredNow ? "property-required" : "property-added", requiredNow ? `new required property \`${name}\`` : `new optional property \`${name}\``);
      } else judge(ctx, at, false, "property-added", `new property \`${name}\``);
      continue;
    }
    if (requiredBefore !== requiredNow) {
      if (ctx.direction === "request") {
        judge(ctx, at, requiredNow, requiredNow ? "property-required" : "property-optional", requiredNow ? `property \`${name}\` is now required` : `property \`${name}\` is now optional`);
      } else {
        judge(ctx, at, !requiredNow, requiredNow ? "property-required" : "property-optional", requiredNow ? `property \`${name}\` is now always present` : `property \`${name}\` may now be missing`);
      }
    }
    compareNode(ctx, at, base.properties.get(name), head.properties.get(name));
  }
  if (base.closed !== head.closed) {
    const closing = head.closed;
    judge(
      ctx,
      place,
      ctx.direction === "request" ? closing : !closing,
      closing ? "closed" : "opened",
      closing ? "no longer allows properties beyond the listed ones" : "now allows properties beyond the listed ones",
    );
  }
  // A missing additionalProperties allows any value: compare it as `{}` against a schema on the other side.
  const bothOpen = !base.closed && !head.closed && acceptsType(base, "object") && acceptsType(head, "object");
  if (bothOpen && (base.additional !== undefined || head.additional !== undefined)) {
    compareNode(ctx, { ...place, pointer: `${place.pointer}/*` }, base.additional ?? {}, head.additional ?? {});
  }
}

/** A scalar alternative that allows every value of its types: `{type: string}`. */
function isPlainScalar(view: SchemaView): boolean {
  return (
    view.types !== undefined &&
    [...view.types].every((t) => t !== "object" && t !== "array") &&
    view.values === undefined &&
    Object.keys(view.constraints).length === 0 &&
    view.properties.size === 0 &&
    view.variants === undefined
  );
}

interface Alternatives {
  /** The alternatives that decide what a value may be, raw. */
  kept: unknown[];
  /** Values listed by alternatives a plain one covers: an open enum's known values. */
  known: unknown[];
}

/**
 * Splits alternatives into those that matter and those another one covers:
 * in `anyOf: [{type: string, enum: [a, b]}, {type: string}]` (an open enum,
 * the known values kept for autocompletion) any string is allowed, so adding
 * or removing a known value changes no value a client may send or receive.
 */
function alternatives(doc: unknown, raws: readonly unknown[]): Alternatives {
  const views = raws.map((raw) => viewOf(doc, raw));
  const kept: unknown[] = [];
  const known: unknown[] = [];
  views.forEach((view, i) => {
    const coveredBy = (other: SchemaView) => isPlainScalar(other) && view.types !== undefined && [...view.types].every((t) => accepts(other.types, t));
    const covered = !isPlainScalar(view) && view.properties.size === 0 && view.variants === undefined && views.some((other, j) => j !== i && coveredBy(other));
    if (covered) known.push(...(view.values ?? []));
    else kept.push(raws[i]);
  });
  return { kept, known };
}

/** What identifies an alternative across versions: the schema it names, or the constant values of its properties (a tag). */
function alternativeKeys(doc: unknown, raw: unknown): { ref: string | undefined; tag: string | undefined } {
  const view = viewOf(doc, raw);
  const consts = [...view.properties]
    .map(([name, schema]) => [name, viewOf(doc, schema).values] as const)
    .filter(([, values]) => values?.length === 1)
    .map(([name, values]) => `${name}=${JSON.stringify(values![0])}`)
    .sort();
  return { ref: view.refs.at(-1), tag: consts.length > 0 ? consts.join("&") : undefined };
}

/**
 * Pairs each old alternative with the new one it became: the same schema
 * first, then the same $ref, then the same tag, then what is left in order.
 * Comparing by position would read an alternative inserted at the front as
 * every alternative changing.
 */
function pairAlternatives(ctx: Context, before: unknown[], after: unknown[]): { pairs: Array<[unknown, unknown]>; removed: unknown[]; added: unknown[] } {
  const left = [...before];
  const right = [...after];
  const pairs: Array<[unknown, unknown]> = [];
  const matchBy = (matches: (b: unknown, a: unknown) => boolean) => {
    for (let i = 0; i < left.length; i++) {
      const j = right.findIndex((a) => matches(left[i], a));
      if (j < 0) continue;
      pairs.push([left[i], right[j]]);
      left.splice(i--, 1);
      right.splice(j, 1);
    }
  };
  const keys = new Map<unknown, ReturnType<typeof alternativeKeys>>();
  const keyOf = (doc: unknown, raw: unknown) => keys.get(raw) ?? keys.set(raw, alternativeKeys(doc, raw)).get(raw)!;
  matchBy((b, a) => ctx.sameSchemas.same(b, a));
  matchBy((b, a) => keyOf(ctx.baseDoc, b).ref !== undefined && keyOf(ctx.baseDoc, b).ref === keyOf(ctx.headDoc, a).ref);
  matchBy((b, a) => keyOf(ctx.baseDoc, b).tag !== undefined && keyOf(ctx.baseDoc, b).tag === keyOf(ctx.headDoc, a).tag);
  const common = Math.min(left.length, right.length);
  for (let i = 0; i < common; i++) pairs.push([left[i], right[i]]);
  return { pairs, removed: left.slice(common), added: right.slice(common) };
}

function compareKnownValues(ctx: Context, place: Place, before: unknown[], after: unknown[]) {
  const has = (list: unknown[], v: unknown) => list.some((w) => same(v, w));
  const list = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
  const added = after.filter((v) => !has(before, v));
  const removed = before.filter((v) => !has(after, v));
  // Any value of the type was allowed before and still is: only the listed (autocompleted) ones moved.
  if (added.length > 0) judge(ctx, place, false, "known-values-added", `lists ${list(added)} among its known values (any other value was and is allowed)`);
  if (removed.length > 0) judge(ctx, place, false, "known-values-removed", `no longer lists ${list(removed)} among its known values (any value is still allowed)`);
}

function compareVariants(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const was = alternatives(ctx.baseDoc, base.variants ?? []);
  const now = alternatives(ctx.headDoc, head.variants ?? []);
  if (base.variants && head.variants) compareKnownValues(ctx, place, was.known, now.known);
  const before = was.kept;
  const after = now.kept;
  if (before.length === 0 && after.length === 0) return;
  const { pairs, removed, added } = pairAlternatives(ctx, before, after);
  for (const [b, a] of pairs) compareNode(ctx, place, b, a);
  if (removed.length > 0 && after.length > 0) {
    judge(ctx, place, ctx.direction === "request", "variant-removed", `${removed.length} of the ${before.length} alternatives (anyOf/oneOf) removed`);
  }
  const nonNull = after.filter((v) => !isNullOnlyRaw(ctx.headDoc, v));
  // Alternatives that are all scalars of types the one shape had (an enum
  // opened as `anyOf: [{enum}, {type: string}]`) change only the values,
  // which compareValues reports already: no second report here.
  const sameScalars = nonNull.every((raw) => {
    const view = viewOf(ctx.headDoc, raw);
    return view.types !== undefined && view.properties.size === 0 && [...view.types].every((t) => t !== "object" && t !== "array" && base.types?.has(t));
  });
  if (before.length === 0 && nonNull.length > 1 && !sameScalars) {
    judge(ctx, place, ctx.direction === "response", "variant-added", `now one of ${after.length} alternatives (anyOf/oneOf)`);
  }
  if (added.length > 0 && before.length > 0) {
    judge(ctx, place, ctx.direction === "response", "variant-added", `${added.length} alternative(s) (anyOf/oneOf) added`);
  }
}

/**
 * The discriminator tells generated clients which alternative a value is by
 * one property: renaming that property breaks both sides; a value that now
 * selects another schema is compared as that schema; a new value is one more
 * kind for readers, a dropped one a kind senders can no longer send.
 */
function compareDiscriminators(ctx: Context, place: Place, base: SchemaView, head: SchemaView) {
  const was = base.discriminator;
  const now = head.discriminator;
  if (!was || !now) return; // one added or removed alongside the alternatives: those are compared already
  if (!same(was.propertyName, now.propertyName)) {
    judge(ctx, place, true, "discriminator-changed", `the discriminator property changed from \`${String(was.propertyName)}\` to \`${String(now.propertyName)}\``);
    return;
  }
  for (const [value, target] of was.mapping) {
    const next = now.mapping.get(value);
    if (next === undefined) judge(ctx, place, ctx.direction === "request", "discriminator-value-removed", `discriminator value "${value}" is no longer mapped`);
    else if (next !== target && resolves(ctx.baseDoc, target) && resolves(ctx.headDoc, next)) compareNode(ctx, place, { $ref: target }, { $ref: next });
  }
  for (const value of now.mapping.keys()) {
    if (!was.mapping.has(value)) judge(ctx, place, ctx.direction === "response", "discriminator-value-added", `discriminator value "${value}" is now mapped`);
  }
}

function isNullOnlyRaw(doc: unknown, raw: unknown): boolean {
  const view = viewOf(doc, raw);
  return view.types?.size === 1 && view.types.has("null") && view.properties.size === 0;
}

/** A mapping value is not a $ref, so no lint rule checks that it points somewhere. */
function resolves(doc: unknown, ref: string): boolean {
  try {
    resolvePointer(doc, ref);
    return true;
  } catch {
    return false;
  }
}

const acceptsType = (view: SchemaView, type: string) => view.types === undefined || view.types.has(type);

function compareNode(ctx: Context, place: Place, rawBase: unknown, rawHead: unknown) {
  if (ctx.sameSchemas.same(rawBase, rawHead)) return;
  const base = viewOf(ctx.baseDoc, rawBase);
  const head = viewOf(ctx.headDoc, rawHead);
  const key = `${base.refs.join(">")}|${head.refs.join(">")}`;
  if ((base.refs.length > 0 || head.refs.length > 0) && ctx.ancestors.includes(key)) return;
  ctx.ancestors.push(key);
  try {
    compareTypes(ctx, place, base, head);
    compareValues(ctx, place, base, head);
    compareConstraints(ctx, place, base, head);
    if (!base.deprecated && head.deprecated) ctx.emit(place, additive("schema.deprecated", "deprecated"));
    compareProperties(ctx, place, base, head);
    // A missing `items` allows any item: compare it as `{}` against a schema on the other side.
    const bothArrays = acceptsType(base, "array") && acceptsType(head, "array");
    if (bothArrays && (base.items !== undefined || head.items !== undefined)) {
      compareNode(ctx, { ...place, pointer: `${place.pointer}/*` }, base.items ?? {}, head.items ?? {});
    }
    compareVariants(ctx, place, base, head);
    compareDiscriminators(ctx, place, base, head);
  } finally {
    ctx.ancestors.pop();
  }
}

/**
 * Compares the schema of one body or parameter value and reports every difference through `emit`.
 * Pass one `sameSchemas` to every call on the same two documents: it remembers which $refs match.
 */
export function compareSchemas(
  baseDoc: unknown,
  headDoc: unknown,
  pair: SchemaPair,
  direction: Direction,
  place: Place,
  emit: Emit,
  sameSchemas = new SameSchemas(baseDoc, headDoc),
): void {
  compareNode({ baseDoc, headDoc, direction, emit, ancestors: [], sameSchemas }, place, pair.base, pair.head);
}
