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
import { prepareValidationSchemas } from "./prepare-validation-schemas.js";

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
    "/** Checks a value and reports every issue. Never throws. */",
    "export interface Validator<T> {",
    "  (data: unknown): ValidationResult<T>;",
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
  ];
  for (const name of names) {
    lines.push(`/** Checks a value against the \`${name}\` schema and reports every issue. Never throws. */`);
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
// Appending in place is linear.
const CONCAT_ERRORS = /vErrors = vErrors === null \? (\w+)\.errors : vErrors\.concat\(\1\.errors\);/g;

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

/** Compiles every schema with the given AJV options; the AJV instance keeps the compiled functions. */
function compileWith(defs: Record<string, unknown>, names: readonly string[], options: Options): { ajv: Ajv2020; source: string } {
  const ajv = createAjv([], options);
  ajv.addSchema({ ...componentSchemasDocument({}), $defs: defs });
  return { ajv, source: dropSchemaPaths(appendErrorsInPlace(standalone(ajv, Object.fromEntries(names.map((name) => [name, schemaRef(name)]))))) };
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
  // inlineRefs: 40: referenced schemas of up to 40 keywords are inlined.
  // AJV's default inlines every referenced schema without refs of its own, at
  // every use: with the activity union (30 event shapes sharing Order, Voucher,
  // Campaign…) that gave a 3.9 MB module whose import missed its ratio. At 8
  // the module was 2.0 MB but a valid Customer checked at 0.53 of a
  // hand-written check (its address, summary and loyalty became calls); at 40
  // it is 2.7 MB, about 0.9, and the import ratio still holds (bench/).
  const { ajv, source } = compileWith(defs, names, { allErrors: true, messages: false, inlineRefs: 40, ...options.ajv });

  const entry = [
    'import * as compiled from "virtual:ajv-standalone";',
    'import { createValidator } from "./src/validation/create-validator.ts";',
    'export { formatIssues } from "./src/validation/humanize.ts";',
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
