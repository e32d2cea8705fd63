// generated/validators.js (+ .d.ts): every component schema compiled ahead of
// time by AJV's standalone mode and bundled by esbuild with the runtime pieces
// it requires and the readable-error wrapper from src/validation, so importing
// it compiles nothing and needs no `require`.
import type { Options, ValidateFunction } from "ajv";
import type { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { componentSchemasDocument, createAjv, schemaRef } from "./create-ajv.js";
import { bundleStandalone } from "./bundle-standalone.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { prepareValidationSchemas, referencedDefs } from "./prepare-validation-schemas.js";

const standalone: typeof standaloneCode.default = (standaloneCode as any).default ?? standaloneCode;

function declarations(names: string[]): string {
  const lines = [
    GENERATED_HEADER,
    'import type { components } from "./schema.js";',
    "",
    "/** One thing wrong with a validated value. */",
    "export interface ValidationIssue {",
    "  /** JSON Pointer to the offending value (\"\" for the value itself). */",
    "  path: string;",
    "  /** What is wrong, in plain words, e.g. \"must be a valid email address\". */",
    "  message: string;",
    "  /** The JSON Schema keyword that failed, e.g. \"format\". */",
    "  keyword: string;",
    "}",
    "export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };",
    "/** Options for one call of a validator. */",
    "export interface ValidatorOptions {",
    "  /** The most issues to list (default 100, at least 1; Infinity lists all). Past it, one more issue, keyword \"maxIssues\", says how many were left out. */",
    "  maxIssues?: number;",
    "}",
    "/** Checks a value and reports its issues (at most `maxIssues`, then how many more). Never throws, but for a wrong `maxIssues`. */",
    "export interface Validator<T> {",
    "  (data: unknown, options?: ValidatorOptions): ValidationResult<T>;",
    "  /** The same check as a type guard, for `if (…)`: builds no issues. Never throws. */",
    "  is(data: unknown): data is T;",
    "}",
    "/** The names of every schema that has a validator. */",
    "export type SchemaName = keyof components[\"schemas\"];",
    "export declare const schemaNames: readonly SchemaName[];",
    "/** Every validator, by schema name. */",
    "export declare const validators: { readonly [N in SchemaName]: Validator<components[\"schemas\"][N]> };",
    "/** Formats issues as one line each, `path: message`, for logs. */",
    "export declare function formatIssues(issues: readonly ValidationIssue[]): string;",
    "/** How many issues a list cut short at `maxIssues` left out (what its last issue counts); 0 for a whole list. */",
    "export declare function issuesLeftOut(issues: readonly ValidationIssue[]): number;",
  ];
  for (const name of names) {
    lines.push(`/** Checks a value against the \`${name}\` schema and reports its issues. Never throws. */`);
    lines.push(`export declare const validate${name}: Validator<components["schemas"]["${name}"]>;`);
    lines.push(`/** True when a value satisfies the \`${name}\` schema (a type guard; builds no issues). Never throws. */`);
    lines.push(`export declare const is${name}: (data: unknown) => data is components["schemas"]["${name}"];`);
  }
  return `${lines.join("\n")}\n`;
}

// AJV adds the errors of a validator it calls (a `$ref` it did not inline)
// with `vErrors = vErrors.concat(…)`, copying every error so far each time:
// quadratic when many array items fail. 20,000 wrong CustomerActivity items
// took 0.55 s and 100,000 would take 14 s, a cheap way to stall a service.
// Appending in place is linear. The validator called is a function
// (`validate12.errors`), or, for a schema that refers to itself or to one of
// the schemas calling it (a recursive schema), the function through the
// wrapper AJV makes for it (`wrapper0.validate.errors`).
const CONCAT_ERRORS = /vErrors = vErrors === null \? (\w+(?:\.validate)?)\.errors : vErrors\.concat\(\1\.errors\);/g;

function appendErrorsInPlace(code: string): string {
  const fixed = code.replace(CONCAT_ERRORS, "if (vErrors === null) vErrors = []; for (const e of $1.errors) vErrors.push(e);");
  if (fixed.includes(".concat(")) throw new Error("AJV's standalone code has a `.concat(` the generator does not rewrite: see appendErrorsInPlace in scripts/lib/generate/generate-validators.ts");
  return fixed;
}

// Every error object AJV's code builds names the schema keyword's location
// (`schemaPath:"#/properties/…"`), a string literal per check: a fifth of the
// shipped module. Nothing reads it: the issues are built from the instance
// path, keyword and params (src/validation/humanize.ts), and AJV has no
// option to leave it out.
const SCHEMA_PATH = /schemaPath:"(?:[^"\\]|\\.)*",/g;

function dropSchemaPaths(code: string): string {
  const fixed = code.replace(SCHEMA_PATH, "");
  if (fixed.includes("schemaPath")) throw new Error("AJV's standalone code has a `schemaPath` the generator does not drop: see dropSchemaPaths in scripts/lib/generate/generate-validators.ts");
  return fixed;
}

/** `names`, each after every one of `names` it refers to, through any chain of `$defs`. */
function dependenciesFirst(defs: Record<string, unknown>, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return; // done, or a cycle: either way AJV copes
    seen.add(name);
    for (const target of referencedDefs(defs[name])) if (target in defs) visit(target);
    if (wanted.has(name)) ordered.push(name);
  };
  names.forEach(visit);
  return ordered;
}

// AJV's code builds each error as an object literal in a constant and then
// appends it, `const err0 = {instancePath,keyword:"type",params:{…}};
// if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;`,
// at every check, 2,452 of them. The same error, built by one helper and
// appended in one statement, made the minified module a fifth smaller
// (580 → 472 kB before any schema was copied in place of its refs).
const ERROR_SITE = /const (err\d+) = (\{.*?\});if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g;
/** An error as built with `messages: false` and without `schemaPath` (see dropSchemaPaths); `{}` inside `not` and `if`, where it is discarded. */
const ERROR_OBJECT = /^\{instancePath(?::(.+?))?,keyword:("[^"]*"),params:(\{.*\})\}$/;
const ERROR_HELPER = "ajvError";

function compactErrorSites(code: string): string {
  if (code.includes(ERROR_HELPER)) throw new Error(`AJV's standalone code already uses the name ${ERROR_HELPER}: see compactErrorSites in scripts/lib/generate/generate-validators.ts`);
  const fixed = code.replace(ERROR_SITE, (_site, _name: string, error: string) => {
    const parts = error === "{}" ? undefined : ERROR_OBJECT.exec(error);
    if (error !== "{}" && !parts) throw new Error(`AJV's standalone code builds an error the generator does not know, ${error}: see compactErrorSites in scripts/lib/generate/generate-validators.ts`);
    const value = parts ? `${ERROR_HELPER}(${parts[1] ?? "instancePath"},${parts[2]},${parts[3]})` : "{}";
    return `(vErrors ??= []).push(${value});errors++;`;
  });
  if (/vErrors = \[err\d+\]/.test(fixed)) throw new Error("AJV's standalone code reports an error in a way the generator does not rewrite: see compactErrorSites in scripts/lib/generate/generate-validators.ts");
  return `${fixed}\nfunction ${ERROR_HELPER}(instancePath, keyword, params) { return { instancePath, keyword, params }; }\n`;
}

/** Compiles every schema with the given AJV options; the AJV instance keeps the compiled functions. */
function compileWith(defs: Record<string, unknown>, names: readonly string[], options: Options): { ajv: Ajv2020; source: string } {
  const ajv = createAjv([], options);
  ajv.addSchema({ ...componentSchemasDocument({}), $defs: defs });
  // A `$ref` AJV does not inline is compiled on first use and kept for the
  // document; `getSchema` of the same schema by name compiles it again unless
  // it came first. Compiled in the order of their refs, an exported schema
  // and every call to it share one function: in the order of their names,
  // CustomerActivity came before its thirty event schemas, and every schema
  // it reaches was in the module twice (1.25 of 2.29 MB).
  for (const name of dependenciesFirst(defs, names)) ajv.getSchema(schemaRef(name));
  return { ajv, source: compactErrorSites(dropSchemaPaths(appendErrorsInPlace(standalone(ajv, Object.fromEntries(names.map((name) => [name, schemaRef(name)])))))) };
}

/** Compiles every schema with the given AJV options into one standalone ESM module's source, one export per name. */
export function compileAll(defs: Record<string, unknown>, names: readonly string[], options: Options): string {
  return compileWith(defs, names, options).source;
}

export interface ValidatorBuildOptions {
  /** AJV options on top of the shipped ones, for comparing settings in benchmarks. */
  ajv?: Options;
}

/** The component validators compiled once: the module's source, and the same functions, live, for checking the spec's examples. */
export interface CompiledValidators {
  names: string[];
  /** AJV standalone code, one export per schema name; `virtual:ajv-standalone` in the bundle entry. */
  source: string;
  /** The bundle entry: the readable-error wrapper around each compiled function. */
  entry: string;
  dts: string;
  /** The compiled function of a component schema, as the module ships it. */
  validatorFor(name: string): ValidateFunction | undefined;
  /** Compiles another schema (its refs as `#/$defs/<Name>`) against the same prepared components and options. */
  compile(schema: unknown): ValidateFunction;
}

export function compileValidators(document: Record<string, any>, options: ValidatorBuildOptions = {}): CompiledValidators {
  const defs = prepareValidationSchemas(componentSchemasDocument(document).$defs);
  const names = Object.keys(defs).sort();
  // One compilation, every issue (allErrors). A second, first-failure-only
  // compilation was measured (bench/validators.bench.ts prints it): it was no
  // faster for valid values and only saves time on rejected ones, at twice
  // the module size and import time.
  // inlineRefs: false: AJV calls every referenced schema, compiled once; the
  // small, rarely referenced ones were already copied in place of their refs
  // (prepare-validation-schemas.ts has the policy and its measurements), so
  // Customer and the request bodies run as one function each. AJV's own
  // inlining is one limit for every ref: at its default (every ref-free
  // schema) the module was 3.9 MB, at 40 keywords 2.3 MB (1.24 MB minified in
  // dist/), at 8 Customer slowed to 0.53 of a hand-written check.
  const { ajv, source } = compileWith(defs, names, { allErrors: true, messages: false, inlineRefs: false, ...options.ajv });

  const entry = [
    'import * as compiled from "virtual:ajv-standalone";',
    'import { createValidator } from "./src/validation/create-validator.ts";',
    'export { formatIssues, issuesLeftOut } from "./src/validation/humanize.ts";',
    ...names.map((name) => `export const validate${name} = createValidator(compiled.${name});\nexport const is${name} = validate${name}.is;`),
    `export const schemaNames = Object.freeze(${JSON.stringify(names)});`,
    `export const validators = Object.freeze({ ${names.map((name) => `${name}: validate${name}`).join(", ")} });`,
  ].join("\n");
  return {
    names,
    source,
    entry,
    dts: declarations(names),
    validatorFor: (name) => (names.includes(name) ? ajv.getSchema(schemaRef(name)) : undefined),
    compile: (schema) => ajv.compile(prepareValidationSchemas({ schema }).schema as object),
  };
}

/** generated/validators.js (+ .d.ts) from the compiled validators. */
export async function bundleValidators(compiled: CompiledValidators): Promise<{ js: string; dts: string }> {
  const js = await bundleStandalone(compiled.entry, compiled.source, "validators-entry.js");
  return { js: GENERATED_HEADER + js, dts: compiled.dts };
}

export async function generateValidators(document: Record<string, any>, options: ValidatorBuildOptions = {}): Promise<{ js: string; dts: string }> {
  return bundleValidators(compileValidators(document, options));
}
