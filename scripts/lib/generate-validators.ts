// generated/validators.js (+ .d.ts): every component schema compiled ahead of
// time by AJV's standalone mode and bundled by esbuild with the runtime pieces
// it requires and the readable-error wrapper from src/validation, so importing
// it compiles nothing and needs no `require`.
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";
import { componentSchemasDocument, createAjv, extensionKeywordsOf, schemaRef } from "./create-ajv.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { ROOT } from "./project-paths.js";

const standalone: typeof standaloneCode.default = (standaloneCode as any).default ?? standaloneCode;

/** Maps `#/$defs/Name/…/additionalProperties` to the names that object allows. */
function closedObjects(defs: Record<string, unknown>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const walk = (node: any, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${pointer}/${i}`));
    if (!node || typeof node !== "object") return;
    if (node.additionalProperties === false && node.properties) {
      found[`${pointer}/additionalProperties`] = Object.keys(node.properties);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== "examples" && key !== "example" && key !== "enum" && key !== "const") {
        walk(child, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      }
    }
  };
  for (const [name, schema] of Object.entries(defs)) walk(schema, `#/$defs/${name}`);
  return found;
}

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
    "export type Validator<T> = (data: unknown) => ValidationResult<T>;",
    "/** The names of every schema that has a validator. */",
    "export type SchemaName = keyof components[\"schemas\"];",
    "export declare const schemaNames: readonly SchemaName[];",
    "/** Every validator, by schema name. */",
    "export declare const validators: { readonly [N in SchemaName]: Validator<components[\"schemas\"][N]> };",
    "/** Formats issues as one line each, `path: message`, for logs. */",
    "export declare function formatIssues(issues: readonly ValidationIssue[]): string;",
  ];
  for (const name of names) {
    lines.push(`/** Checks a value against the \`${name}\` schema. Never throws. */`);
    lines.push(`export declare const validate${name}: Validator<components["schemas"]["${name}"]>;`);
  }
  return `${lines.join("\n")}\n`;
}

export async function generateValidators(document: Record<string, any>): Promise<{ js: string; dts: string }> {
  const schemas = componentSchemasDocument(document);
  const names = Object.keys(schemas.$defs).sort();
  const ajv = createAjv(extensionKeywordsOf(schemas));
  ajv.addSchema(schemas);
  const refs = Object.fromEntries(names.map((name) => [name, schemaRef(name)]));
  const compiled = standalone(ajv, refs);

  const entry = [
    'import * as raw from "virtual:ajv-standalone";',
    'import { createValidator } from "./src/validation/create-validator.ts";',
    'export { formatIssues } from "./src/validation/humanize.ts";',
    `const closed = ${JSON.stringify(closedObjects(schemas.$defs))};`,
    ...names.map((name) => `export const validate${name} = createValidator(${JSON.stringify(name)}, raw.${name}, closed);`),
    `export const schemaNames = Object.freeze(${JSON.stringify(names)});`,
    `export const validators = Object.freeze({ ${names.map((name) => `${name}: validate${name}`).join(", ")} });`,
  ].join("\n");

  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "validators-entry.js", loader: "js" },
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    legalComments: "none",
    minifySyntax: true,
    logLevel: "silent",
    plugins: [
      {
        name: "ajv-standalone",
        setup(b) {
          b.onResolve({ filter: /^virtual:ajv-standalone$/ }, () => ({ path: "ajv-standalone", namespace: "virtual" }));
          b.onLoad({ filter: /.*/, namespace: "virtual" }, () => ({ contents: compiled, resolveDir: ROOT, loader: "js" }));
        },
      },
    ],
  });
  return { js: GENERATED_HEADER + result.outputFiles[0]!.text, dts: declarations(names) };
}
