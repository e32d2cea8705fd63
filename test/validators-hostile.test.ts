// Input meant to break the validators: prototype keys, extreme nesting,
// huge strings and arrays, regular expressions fed their worst case, and
// JavaScript values JSON never makes. Each must get an answer, never a throw,
// a hang or a changed Object.prototype.
import fc from "fast-check";
import { check as checkRegExp } from "recheck";
import { describe, expect, it } from "vitest";
import { forEachSubschema, isSchemaObject } from "../scripts/lib/schema-walk.js";
import { DATE_SHAPE, DATE_TIME_SHAPE, formats } from "../src/validation/formats.js";
import { schemaNames, validators, type SchemaName, type ValidationResult } from "../src/validators.js";
import { mutationsOf, positionsOf, refResolver, replaceAt, schemaArbitrary, type Position } from "../scripts/lib/schema-arbitrary.js";
import { bundledSpec } from "./support/spec.js";

const resolve = refResolver(bundledSpec);
const schemaOf = (name: string) => resolve(`#/components/schemas/${name}`);

/** One valid sample per schema with every optional field present, so every position can be reached. */
const fullSamples = new Map(
  schemaNames.map((name) => [name, fc.sample(schemaArbitrary(schemaOf(name), resolve, name, 0, { everyProperty: true }), { numRuns: 1, seed: 7 })[0]]),
);

function wellFormed(result: ValidationResult<unknown>): boolean {
  if (result.ok) return true;
  return Array.isArray(result.errors) && result.errors.length > 0 && result.errors.every((e) => typeof e.path === "string" && typeof e.message === "string" && e.message.length > 0);
}

/** The result of the faster of two runs, and its time in milliseconds. */
function fasterOf2<T>(run: () => T): { result: T; ms: number } {
  let best = { result: undefined as T, ms: Infinity };
  for (let i = 0; i < 2; i++) {
    const start = performance.now();
    const result = run();
    const ms = performance.now() - start;
    if (ms < best.ms) best = { result, ms };
  }
  return best;
}

/**
 * Fails unless validating `make(size)` takes at most `budgetNs` per unit of
 * size. The sizes are chosen so that anything worse than linear (a regular
 * expression that backtracks, a loop over the issues per issue) would take
 * seconds to minutes, far past the budget, while linear code stays far below
 * it even on a busy machine. (A ratio of two sizes was tried first: garbage
 * collection alone makes many allocations dearer each than a few, which made
 * it flaky without catching anything more.)
 */
function expectLinearTime(label: string, validate: (v: unknown) => ValidationResult<unknown>, make: (size: number) => unknown, size: number, budgetNs: number) {
  const input = make(size);
  const { result, ms } = fasterOf2(() => validate(input));
  expect(wellFormed(result), label).toBe(true);
  expect((ms * 1e6) / size, `${label}: ${ms.toFixed(1)} ms for ${size}`).toBeLessThan(budgetNs);
}

/** A million characters, at most 100 ns each: 0.1 s. A backtracking blow-up would take hours. */
const TEXT = { size: 1_000_000, budgetNs: 100 };
/** Twenty thousand items, at most 25 µs each: 0.5 s. Going over the issue list once per issue took 44 s. */
const ITEMS = { size: 20_000, budgetNs: 25_000 };

describe("prototype keys, as JSON.parse makes them", () => {
  const hostile = [
    '{"__proto__": {"polluted": "yes", "source_id": "x", "id": "x"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"prototype": {"polluted": "yes"}, "__proto__": null}',
    '{"address": {"__proto__": {"polluted": "yes"}}, "metadata": {"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}}',
    '[{"__proto__": {"polluted": "yes"}}, {"constructor": {"prototype": {"polluted": "yes"}}}]',
    '{"toString": 1, "hasOwnProperty": 1, "valueOf": {}, "__defineGetter__": []}',
  ];

  it("are rejected or harmless in every validator, and Object.prototype stays untouched", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const text of hostile) {
      for (const name of schemaNames) {
        const result = validators[name](JSON.parse(text));
        expect(wellFormed(result), `${name} ${text}`).toBe(true);
      }
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("are unknown properties of a closed object", () => {
    const result = validators.CustomerCreateRequest(JSON.parse('{"__proto__": {"source_id": "x"}, "constructor": 1}'));
    expect(result.ok ? [] : result.errors.map((e) => [e.path, e.keyword])).toEqual([
      ["/__proto__", "additionalProperties"],
      ["/constructor", "additionalProperties"],
    ]);
  });

  it("do not satisfy a required property", () => {
    const result = validators.CustomerBulkUpdateItem(JSON.parse('{"__proto__": {"source_id": "crm-1"}}'));
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain("/source_id");
  });
});

describe("nesting 100,000 levels deep", () => {
  const DEPTH = 100_000;
  const deepObject = () => JSON.parse(`${'{"level":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`);
  const deepArray = () => JSON.parse(`${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`);

  it("is accepted as metadata, which takes any JSON", () => {
    expect(validators.CustomerCreateRequest({ source_id: "crm-1", metadata: deepObject() }).ok).toBe(true);
    expect(validators.MetadataInput(deepObject()).ok).toBe(true);
  });

  it("is rejected, not overflowed, where the schema has no room for it", () => {
    const result = validators.CustomerCreateRequest({ address: deepObject(), name: deepArray() });
    expect(result.ok ? [] : result.errors.map((e) => e.path).sort()).toEqual(["/address/level", "/name"]);
  });

  it("gets an answer from every validator, as the whole value and in every position", () => {
    const object = deepObject();
    const array = deepArray();
    for (const name of schemaNames) {
      expect(wellFormed(validators[name](object)), name).toBe(true);
      expect(wellFormed(validators[name](array)), name).toBe(true);
      for (const { segments } of positionsOf(schemaOf(name), fullSamples.get(name), resolve)) {
        if (segments.length === 0) continue;
        expect(wellFormed(validators[name](replaceAt(fullSamples.get(name), segments, object))), `${name} /${segments.join("/")}`).toBe(true);
      }
    }
  });
});

// Every regular expression a validator runs on text from outside: the spec's
// `pattern`s, and the formats it uses.
interface TextRule {
  name: string;
  /** The expression, when there is one to analyse (ajv-formats' uri is code around a private one). */
  regexp?: RegExp;
  /** Whether a schema node applies this rule. */
  appliesTo(schema: Record<string, unknown>): boolean;
}

function textRules(): TextRule[] {
  const rules = new Map<string, TextRule>();
  forEachSubschema({ $defs: bundledSpec.components.schemas }, (node) => {
    if (typeof node.pattern === "string") {
      const source = node.pattern;
      rules.set(`pattern ${source}`, { name: `pattern ${source}`, regexp: new RegExp(source, "u"), appliesTo: (s) => s.pattern === source });
    }
    if (typeof node.format === "string") {
      const format = node.format;
      const known: Record<string, RegExp> = { date: DATE_SHAPE, "date-time": DATE_TIME_SHAPE };
      const regexp = known[format] ?? (formats[format] instanceof RegExp ? (formats[format] as RegExp) : undefined);
      rules.set(`format ${format}`, { name: `format ${format}`, ...(regexp ? { regexp } : {}), appliesTo: (s) => s.format === format });
    }
  });
  return [...rules.values()];
}

/** Where a validator applies `rule`: the first such position found in any schema's full sample. */
function placeOf(rule: TextRule): { name: SchemaName; position: Position } | undefined {
  for (const name of schemaNames) {
    const position = positionsOf(schemaOf(name), fullSamples.get(name), resolve).find((p) => p.schema.type !== undefined && rule.appliesTo(p.schema));
    if (position) return { name, position };
  }
  return undefined;
}

describe("regular expressions on hostile text", () => {
  const rules = textRules();

  it("include every format the spec uses", () => {
    expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(["format email", "format date", "format date-time"]));
  });

  it.each(rules.filter((r) => r.regexp).map((r) => [r.name, r] as const))("%s: recheck finds no super-linear backtracking", async (_, rule) => {
    const diagnosis = await checkRegExp(rule.regexp!.source, rule.regexp!.flags, { timeout: 20_000 });
    const attack = diagnosis.status === "vulnerable" ? diagnosis.attack.pattern : "";
    expect(`${diagnosis.status} ${attack}`).toBe("safe ");
  });

  it("the analysis can fail: a classic catastrophic pattern is caught", async () => {
    const diagnosis = await checkRegExp("^(a+)+$", "u");
    expect(diagnosis.status).toBe("vulnerable");
  });

  it.each(rules.map((r) => [r.name, r] as const))("%s: worst-case text takes linear time in a validator", (_, rule) => {
    const place = placeOf(rule);
    expect(place, `no schema sample reaches ${rule.name}`).toBeDefined();
    const { name, position } = place!;
    const sample = fullSamples.get(name);
    const valid = String(position.value);
    // Pump each character of a valid value at a few cut points, then end on a
    // character nothing accepts: what makes a backtracking engine retry.
    const cuts = [...new Set([0, Math.floor(valid.length / 3), Math.floor((2 * valid.length) / 3), valid.length])];
    const pumped = [...new Set(valid + "a1-. @:")];
    for (const cut of cuts) {
      for (const char of pumped) {
        const make = (size: number) => replaceAt(sample, position.segments, `${valid.slice(0, cut)}${char.repeat(size)}\u0000`);
        expectLinearTime(`${name} /${position.segments.join("/")} "${valid.slice(0, cut)}" + ${JSON.stringify(char)}×n`, validators[name], make, TEXT.size, TEXT.budgetNs);
      }
    }
  });
});

describe("large strings and arrays take linear time", () => {
  // Each string or array schema once, where it first shows up: the same
  // schema reached through another parent runs the same compiled code.
  const firstPlaces = (keep: (value: unknown) => boolean) => {
    const seen = new Set<object>();
    return schemaNames.flatMap((name) =>
      positionsOf(schemaOf(name), fullSamples.get(name), resolve)
        .filter((p) => keep(p.value) && !seen.has(p.schema) && seen.add(p.schema))
        .map((p) => ({ name, ...p })),
    );
  };

  it("in every string field of every schema: megabytes of text", () => {
    const places = firstPlaces((v) => typeof v === "string");
    expect(places.length).toBeGreaterThan(10);
    for (const { name, segments } of places) {
      expectLinearTime(`${name} /${segments.join("/")}`, validators[name], (size) => replaceAt(fullSamples.get(name), segments, "x".repeat(size)), TEXT.size, TEXT.budgetNs);
    }
  });

  it("in every array field of every schema: long arrays, valid items or not", () => {
    const places = firstPlaces((v) => Array.isArray(v) && v.length > 0);
    expect(places.length).toBeGreaterThan(0);
    for (const { name, segments, value } of places) {
      const sample = fullSamples.get(name);
      const first = (value as unknown[])[0];
      const label = `${name} /${segments.join("/")}`;
      expectLinearTime(`${label} (valid items)`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(first)), ITEMS.size, ITEMS.budgetNs);
      // A Symbol is no JSON value: every item is wrong, so every item is reported.
      const wrong = validators[name](replaceAt(sample, segments, Array(2_000).fill(Symbol("x"))));
      expect(wrong.ok ? 0 : wrong.errors.length, label).toBeGreaterThanOrEqual(2_000);
      expectLinearTime(`${label} (wrong items)`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(Symbol("x"))), ITEMS.size, ITEMS.budgetNs);
      // Items each wrong somewhere inside, where the schema offers alternatives
      // if it does (a null-or-object field given a number): one failed anyOf per item.
      const itemSchema = positionsOf(schemaOf(name), sample, resolve).find((p) => p.segments.join("/") === [...segments, 0].join("/"))?.schema;
      const innerMutations = itemSchema ? mutationsOf(itemSchema, first, resolve).filter((m) => m.path !== "") : [];
      const inner = innerMutations.find((m) => m.atAlternatives) ?? innerMutations[0];
      if (inner) {
        expectLinearTime(`${label} (items with ${inner.what})`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(inner.value)), ITEMS.size, ITEMS.budgetNs);
      }
    }
  });

  it("in every closed object of every schema: many unknown properties", () => {
    const places = firstPlaces((v) => v !== null && typeof v === "object" && !Array.isArray(v)).filter((p) => p.schema.additionalProperties === false);
    expect(places.length).toBeGreaterThan(0);
    for (const { name, segments, value } of places) {
      const withUnknown = (size: number) => {
        const copy: Record<string, unknown> = { ...(value as object) };
        for (let i = 0; i < size; i++) copy[`unknown_${i}`] = i;
        return replaceAt(fullSamples.get(name), segments, copy);
      };
      expectLinearTime(`${name} /${segments.join("/")}`, validators[name], withUnknown, ITEMS.size, ITEMS.budgetNs);
    }
  });
});

describe("JavaScript values JSON never makes", () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwing = (thrown: () => unknown) =>
    Object.defineProperty({}, "source_id", {
      enumerable: true,
      get() {
        throw thrown();
      },
    });
  const odd: Array<[string, unknown]> = [
    ["undefined", undefined],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a BigInt", 10n],
    ["a Symbol", Symbol("s")],
    ["a function", () => 1],
    ["a Date", new Date(0)],
    ["a Map", new Map([["source_id", "x"]])],
    ["an object without prototype", Object.assign(Object.create(null), { source_id: "x" })],
    ["a class instance", new (class Customer { id = "x"; })()],
    ["a sparse array", [, , 1]],
    ["a revoked proxy", revoked.proxy],
    ["a proxy that throws on every read", new Proxy({}, { get: () => { throw new Error("no"); }, ownKeys: () => { throw new Error("no"); } })],
    ["a getter that throws an Error", throwing(() => new Error("boom"))],
    ["a getter that throws what cannot be printed", throwing(() => Object.create(null))],
  ];

  it.each(odd)("%s gets a well-formed answer from every validator", (_, value) => {
    for (const name of schemaNames) {
      let result: ValidationResult<unknown> | undefined;
      expect(() => (result = validators[name](value)), name).not.toThrow();
      expect(wellFormed(result!), name).toBe(true);
      expect(() => validators[name].is(value), name).not.toThrow();
    }
  });

  it("says why a value that throws while being read could not be validated", () => {
    const result = validators.CustomerCreateRequest(throwing(() => new Error("boom")));
    expect(result).toEqual({ ok: false, errors: [{ path: "", keyword: "exception", message: "could not be validated: reading it threw Error: boom" }] });
    const unprintable = validators.CustomerCreateRequest(throwing(() => Object.create(null)));
    expect(unprintable.ok ? "" : unprintable.errors[0]!.message).toBe("could not be validated: reading it threw a value that cannot be printed");
  });
});
