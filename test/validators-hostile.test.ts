// Input meant to break the validators: prototype keys, extreme nesting,
// huge strings and arrays, regular expressions fed their worst case, and
// JavaScript values JSON never makes. Each must get an answer, never a throw,
// a hang or a changed Object.prototype.
import fc from "fast-check";
import { check as checkRegExp } from "recheck";
import { GCProfiler, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { forEachSubschema, isSchemaObject } from "../scripts/lib/spec/schema-walk.js";
import { DATE_SHAPE, DATE_TIME_SHAPE, formats } from "../src/validation/formats.js";
import { issuesLeftOut } from "../src/validation/humanize.js";
import { schemaNames, validators, type SchemaName, type ValidationIssue, type ValidationResult } from "../src/validators.js";
import { mutationsOf, positionsOf, refResolver, replaceAt, schemaArbitrary, type Position } from "../scripts/lib/verify/schema-arbitrary.js";
import { bundledSpec } from "./support/spec.js";

const resolve = refResolver(bundledSpec);
const schemaOf = (name: string) => resolve(`#/components/schemas/${name}`);

/** One valid sample per schema with every optional field present, so every position can be reached. */
const fullSamples = new Map(
  schemaNames.map((name) => [name, fc.sample(schemaArbitrary(schemaOf(name), resolve, name, 0, { everyProperty: true }), { numRuns: 1, seed: 7 })[0]]),
);

/** Every position in each schema's full sample, walked once: several tests look through them, some once per place. */
const samplePositions = new Map<SchemaName, Position[]>();
function positionsIn(name: SchemaName): Position[] {
  let positions = samplePositions.get(name);
  if (!positions) samplePositions.set(name, (positions = positionsOf(schemaOf(name), fullSamples.get(name), resolve)));
  return positions;
}

function wellFormed(result: ValidationResult<unknown>): boolean {
  if (result.ok) return true;
  return Array.isArray(result.errors) && result.errors.length > 0 && result.errors.every((e) => typeof e.path === "string" && typeof e.message === "string" && e.message.length > 0);
}

// No garbage collection in a sample but its own: one sample's garbage
// collected in a later sample's time would count against the later one, more
// often a large one. A sample during which a collection ran (v8.GCProfiler
// says so) is taken again right after a scavenge (minor garbage collection),
// so whatever runs then is the sample's own. Scavenging only then, not before
// every sample, spares some 7,000 scavenges a run (most samples allocate
// little). Node has gc() only behind --expose-gc; the flag can be set at run
// time, and a new context then sees the function.
const hadGc = typeof (globalThis as { gc?: unknown }).gc === "function";
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;
// The next file in this worker process gets the flag as it was.
afterAll(() => {
  if (!hadGc) setFlagsFromString("--no-expose-gc");
});
const collections = new GCProfiler();

/**
 * Milliseconds of processor time `run` takes, and whether a garbage
 * collection ran meanwhile. Not wall time: on a busy machine a run of a few
 * milliseconds often waits for a core in between, and that wait (tens of
 * milliseconds, more often for longer runs) is not the validator's.
 */
function processorTime(run: () => void): { ms: number; collected: boolean } {
  collections.start();
  const start = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(start);
  const collected = collections.stop().statistics.length > 0;
  return { ms: (user + system) / 1_000, collected };
}

/** Milliseconds of processor time `run` takes, with no other code's garbage collected in it. */
function timeOnce(run: () => void): number {
  const first = processorTime(run);
  if (!first.collected) return first.ms;
  collectGarbage({ type: "minor" });
  return processorTime(run).ms;
}

/**
 * Fails unless validating `make(4n)` takes clearly less than sixteen times as
 * long as `make(n)`: four times as long is linear, sixteen times quadratic,
 * and a regular expression that backtracks grows faster still. The two sizes
 * are timed side by side, alternating, after the runs that let the JIT
 * settle: one of each to check its answer, one more of the smaller to size
 * the samples. Each is judged by its fastest sample: whatever else happens
 * meanwhile (a compile or garbage collection on another thread, counted in
 * the process's time) only ever adds time, so the fastest sample is the one
 * closest to the validator's own cost. A validator that answers in constant
 * time is repeated until a sample lasts long enough for the clock. When the
 * first pairs leave it unclear, more pairs are measured.
 */
function expectLinearTime(label: string, validate: (v: unknown) => ValidationResult<unknown>, make: (size: number) => unknown, size: number) {
  const small = make(size);
  const large = make(GROWTH * size);
  // Plain checks, and expect() only for a verdict that fails: this runs a
  // thousand times, and three expect() calls a time cost more than many of
  // the validations.
  if (!wellFormed(validate(small))) throw new Error(`${label}: a malformed answer for ${size}`);
  if (!wellFormed(validate(large))) throw new Error(`${label}: a malformed answer for ${GROWTH * size}`);
  const repeat = Math.min(1_000, Math.ceil(MIN_SAMPLE_MS / Math.max(timeOnce(() => validate(small)), 1e-3)));
  const sample = (input: unknown) =>
    timeOnce(() => {
      for (let i = 0; i < repeat; i++) validate(input);
    });
  let smallMs = Infinity;
  let largeMs = Infinity;
  const measure = (pairs: number) => {
    for (let i = 0; i < pairs; i++) {
      // Alternate which size goes first, so neither always runs right after the other.
      if (i % 2) largeMs = Math.min(largeMs, sample(large));
      smallMs = Math.min(smallMs, sample(small));
      if (!(i % 2)) largeMs = Math.min(largeMs, sample(large));
    }
    return largeMs / smallMs;
  };
  // A verdict either way from three pairs alone would trust a sample that
  // something else inflated: a slow small sample hides a quadratic term as
  // surely as a slow large one fakes it. Only a clearly linear ratio passes
  // early; anything nearer the limit gets more pairs.
  let ratio = measure(3);
  if (ratio >= CLEARLY_LINEAR_RATIO) ratio = measure(12);
  // The process's processor time counts V8's helper threads too: a major
  // collection's concurrent marking, started by another file's heap, can
  // inflate every sample of one size for a while (CI once saw 12 ms for
  // 1,000 valid items against 0.6 ms for 250, fastest of 15). A full
  // collection ends that marking; a quadratic validator still fails after it.
  if (ratio >= LINEAR_RATIO_LIMIT) {
    collectGarbage({ type: "major" });
    smallMs = largeMs = Infinity;
    ratio = measure(12);
  }
  if (ratio < LINEAR_RATIO_LIMIT) return;
  const detail = `${label}: ${largeMs.toFixed(2)} ms for ${GROWTH * size} ÷ ${smallMs.toFixed(2)} ms for ${size}, ${repeat} run(s) a sample`;
  expect(ratio, detail).toBeLessThan(LINEAR_RATIO_LIMIT);
}

/** Issues listed plus those a list cut short at maxIssues counts in its last issue. */
const reportedCount = (errors: readonly ValidationIssue[]) => errors.filter((e) => e.keyword !== "maxIssues").length + issuesLeftOut(errors);

/** How much larger the second input is. */
const GROWTH = 4;
/**
 * Linear growth gives 4 and quadratic 16: the limit leaves linear code room
 * for a noisy machine and still catches a quadratic term that matters at these
 * sizes (the issue list walked once per issue gives 15).
 */
const LINEAR_RATIO_LIMIT = 10;
/** Below this after the first pairs, linear code (4, a little more with cache effects) passes without more pairs. */
const CLEARLY_LINEAR_RATIO = 6;
/** The shortest sample the clock reads reliably, in milliseconds. */
const MIN_SAMPLE_MS = 0.2;
// Small enough that what one run allocates (an issue per item, at worst) fits
// V8's young generation: past it, every scavenge during the run copies all
// issues so far, and the garbage collector's share grows faster than the
// size. Anything worse than linear in the validator itself stands out already
// (going over the issue list once per issue took 0.1 s for 1,000 items,
// against 1 ms).
/** Characters of text. */
const TEXT_SIZE = 25_000;
/** Items or properties. */
const ITEMS_SIZE = 250;

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

  it("gets an answer from every validator, as the whole value and in the place of every subschema", () => {
    const object = deepObject();
    const array = deepArray();
    // Each subschema once, where it first shows up: reached through another
    // parent it runs the same compiled code, and each deep value costs a stack overflow.
    const seen = new Set<object>();
    for (const name of schemaNames) {
      expect(wellFormed(validators[name](object)), name).toBe(true);
      expect(wellFormed(validators[name](array)), name).toBe(true);
      for (const { segments, schema } of positionsIn(name)) {
        if (segments.length === 0 || seen.has(schema)) continue;
        seen.add(schema);
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
    const position = positionsIn(name).find((p) => p.schema.type !== undefined && rule.appliesTo(p.schema));
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
        expectLinearTime(`${name} /${position.segments.join("/")} "${valid.slice(0, cut)}" + ${JSON.stringify(char)}×n`, validators[name], make, TEXT_SIZE);
      }
    }
  });
});

describe("large strings and arrays take linear time", () => {
  it("the check can fail: a validator that compares every item with every other is caught", () => {
    // Indexed loops: the same comparisons as for…of, in about half the time.
    const quadratic = (value: unknown): ValidationResult<unknown> => {
      const items = value as number[];
      let same = 0;
      for (let i = 0; i < items.length; i++) for (let j = 0; j < items.length; j++) if (items[i] === items[j]) same++;
      return same > 0 ? { ok: true, value } : { ok: false, errors: [{ path: "", keyword: "minItems", message: "is empty" }] };
    };
    // 1,000 and 4,000 items: samples of milliseconds, long enough for the
    // processor-time clock on a busy machine (at 250 items it read under 10 once).
    expect(() => expectLinearTime("quadratic", quadratic, (size) => Array.from({ length: size }, (_, i) => i), 1_000)).toThrow(/quadratic: .* ms for 4000 ÷/);
  });

  // Each string or array schema once, where it first shows up: the same
  // schema reached through another parent runs the same compiled code.
  const firstPlaces = (keep: (value: unknown) => boolean) => {
    const seen = new Set<object>();
    return schemaNames.flatMap((name) =>
      positionsIn(name)
        .filter((p) => keep(p.value) && !seen.has(p.schema) && seen.add(p.schema))
        .map((p) => ({ name, ...p })),
    );
  };

  it("in every string field of every schema: long text", () => {
    const places = firstPlaces((v) => typeof v === "string");
    expect(places.length).toBeGreaterThan(10);
    for (const { name, segments } of places) {
      expectLinearTime(`${name} /${segments.join("/")}`, validators[name], (size) => replaceAt(fullSamples.get(name), segments, "x".repeat(size)), TEXT_SIZE);
    }
  });

  it("in every array field of every schema: long arrays, valid items or not", () => {
    const places = firstPlaces((v) => Array.isArray(v) && v.length > 0);
    expect(places.length).toBeGreaterThan(0);
    for (const { name, segments, value } of places) {
      const sample = fullSamples.get(name);
      const first = (value as unknown[])[0];
      const label = `${name} /${segments.join("/")}`;
      expectLinearTime(`${label} (valid items)`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(first)), ITEMS_SIZE);
      // A Symbol is no JSON value: every item is wrong, so every item is
      // reported: the first 100 listed, the rest counted by the last issue.
      const wrong = validators[name](replaceAt(sample, segments, Array(2_000).fill(Symbol("x"))));
      expect(wrong.ok ? 0 : reportedCount(wrong.errors), label).toBeGreaterThanOrEqual(2_000);
      expectLinearTime(`${label} (wrong items)`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(Symbol("x"))), ITEMS_SIZE);
      // Items each wrong somewhere inside, where the schema offers alternatives
      // if it does (a null-or-object field given a number): one failed anyOf per item.
      const firstItem = [...segments, 0].join("/");
      const itemSchema = positionsIn(name).find((p) => p.segments.join("/") === firstItem)?.schema;
      const innerMutations = itemSchema ? mutationsOf(itemSchema, first, resolve).filter((m) => m.path !== "") : [];
      const inner = innerMutations.find((m) => m.atAlternatives) ?? innerMutations[0];
      if (inner) {
        expectLinearTime(`${label} (items with ${inner.what})`, validators[name], (size) => replaceAt(sample, segments, Array(size).fill(inner.value)), ITEMS_SIZE);
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
      expectLinearTime(`${name} /${segments.join("/")}`, validators[name], withUnknown, ITEMS_SIZE);
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
    // Plain checks, reported together: expect() twice per validator cost more than the validators.
    const problems: string[] = [];
    for (const name of schemaNames) {
      try {
        if (!wellFormed(validators[name](value))) problems.push(`${name}: malformed answer`);
      } catch (error) {
        problems.push(`${name} threw ${error instanceof Error ? error.message : typeof error}`);
      }
      try {
        validators[name].is(value);
      } catch (error) {
        problems.push(`${name}.is threw ${error instanceof Error ? error.message : typeof error}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("says why a value that throws while being read could not be validated", () => {
    const result = validators.CustomerCreateRequest(throwing(() => new Error("boom")));
    expect(result).toEqual({ ok: false, errors: [{ path: "", keyword: "exception", message: "could not be validated: reading it threw Error: boom" }] });
    const unprintable = validators.CustomerCreateRequest(throwing(() => Object.create(null)));
    expect(unprintable.ok ? "" : unprintable.errors[0]!.message).toBe("could not be validated: reading it threw a value that cannot be printed");
  });
});
