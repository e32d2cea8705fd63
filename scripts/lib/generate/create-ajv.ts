// The one AJV configuration used to compile the spec's schemas, both for the
// precompiled validators and for checking examples at generation time.
import { Ajv2020 } from "ajv/dist/2020.js";
import { _, type Options } from "ajv";
import { formats } from "../../../src/validation/formats.js";
import { closedPropertiesKeyword } from "./closed-properties-keyword.js";
import { rewriteSchemaRefs } from "../../../src/spec/refs.js";

/** Where standalone code imports the format functions from; esbuild bundles it (resolved from the repository root). */
const FORMATS_MODULE = "./src/validation/formats.ts";

/** OpenAPI keywords that JSON Schema 2020-12 does not know; annotations only. */
const OPENAPI_KEYWORDS = ["example", "xml", "externalDocs", "discriminator"];

export const SCHEMA_ID = "customers";

export function createAjv(extensionKeywords: Iterable<string> = [], options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // `type: [string, "null"]` is how OpenAPI 3.1 says nullable.
    allowUnionTypes: true,
    code: { source: true, esm: true, optimize: true },
    ...options,
  });
  withoutEvaluationTracking(ajv);
  // ajv-formats' "full" rules: calendar validity (no 2022-02-30), not just the shape.
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  ajv.opts.code.formats = _`require(${FORMATS_MODULE}).formats`;
  for (const keyword of [...OPENAPI_KEYWORDS, ...extensionKeywords]) ajv.addKeyword({ keyword });
  ajv.addKeyword(closedPropertiesKeyword);
  return ajv;
}

/** The 2020-12 keywords that need AJV to track evaluated properties and items, or dynamic scopes. */
const TRACKING_KEYWORDS = ["unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"];

// Ajv2020 always compiles as if a schema might say `unevaluatedProperties`
// or `$dynamicRef` somewhere: every function records which properties it
// checked, every call merges that record and passes the dynamic scope on.
// The spec says neither. The bookkeeping was a seventeenth of the minified
// validators, and a valid Customer took 1.6-2 times as long with it: each of
// its nullable parts (`anyOf: [object, null]`) built a record of the
// properties it checked, and an `anyOf` went on to its other branches after
// one had passed.
// Only the 2020-12 meta-schema needs `$dynamicRef`: it is compiled first, and
// then the keywords go, so strict mode rejects a schema that uses them rather
// than checking it wrongly.
function withoutEvaluationTracking(ajv: Ajv2020): void {
  if (ajv.opts.validateSchema !== false) ajv.getSchema(ajv.defaultMeta() as string);
  ajv.opts.unevaluated = false;
  ajv.opts.dynamicRef = false;
  for (const keyword of TRACKING_KEYWORDS) ajv.removeKeyword(keyword);
}

/** Collects every `x-…` key used inside the given schemas. */
export function extensionKeywordsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((child) => extensionKeywordsOf(child, found));
  else if (node && typeof node === "object") {
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith("x-")) found.add(key);
      extensionKeywordsOf(child, found);
    }
  }
  return found;
}

/**
 * Turns the spec's component schemas into one JSON Schema document whose
 * `$defs` are the components, so `#/components/schemas/X` refs keep working
 * as `#/$defs/X`.
 */
export function componentSchemasDocument(document: any): { $id: string; $defs: Record<string, unknown> } {
  return { $id: SCHEMA_ID, $defs: rewriteSchemaRefs(document.components?.schemas ?? {}, "#/$defs/") };
}

export const schemaRef = (name: string) => `${SCHEMA_ID}#/$defs/${name}`;
