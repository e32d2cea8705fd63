// Shapes the spec's component schemas for the precompiled validators without
// changing what they accept:
// - annotations (descriptions, examples, …) are dropped: AJV embeds the schema
//   objects its error messages quote, so they would only make the module
//   bigger and slower to import;
// - a closed object gets `closedProperties` instead of `additionalProperties:
//   false`: the same rule, faster, and its error names the allowed properties
//   (see closed-properties-keyword.ts).
//
// Inlining `$ref`s (AJV inlines only referenced schemas that have no refs of
// their own) was measured too: it made the Customer validator ~10% faster but
// the module half again as big, which cost more in import time than it gained.
import { CLOSED_PROPERTIES } from "./closed-properties-keyword.js";
import { isSchemaObject, mapSubschemas, type Schema } from "./schema-walk.js";

/** Keywords JSON Schema and OpenAPI define as annotations: they never change what validates. */
const ANNOTATIONS = new Set([
  "title", "description", "examples", "example", "deprecated", "readOnly", "writeOnly", "default", "$comment",
  "externalDocs", "xml", "discriminator", "contentMediaType", "contentEncoding", "contentSchema",
]);

function prepare(node: Schema): Schema {
  const bare = Object.fromEntries(Object.entries(node).filter(([keyword]) => !ANNOTATIONS.has(keyword) && !keyword.startsWith("x-")));
  const names = isSchemaObject(bare.properties) ? Object.keys(bare.properties) : [];
  // With patternProperties, a name can also be allowed by a pattern: that stays AJV's.
  if (bare.additionalProperties === false && bare.patternProperties === undefined) {
    const { additionalProperties: _closed, ...rest } = bare;
    return { ...rest, [CLOSED_PROPERTIES]: names };
  }
  return bare;
}

/** The component schemas (as `$defs`), ready to compile. */
export function prepareValidationSchemas(defs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(defs).map(([name, schema]) => [name, mapSubschemas(schema, prepare)]));
}
