// Walks JSON Schema 2020-12 the way a validator reads it: only through the
// keywords that hold subschemas, so a property *named* `description` or
// `enum` is never mistaken for the keyword, and data (`enum`, `const`,
// `examples`, `default`) is never entered.

/** Keywords whose value is one subschema. */
const SCHEMA_VALUED = new Set([
  "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "additionalItems",
  "not", "if", "then", "else", "contains", "propertyNames", "contentSchema",
]);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_VALUED = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_VALUED = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

export type Schema = Record<string, unknown>;

export const isSchemaObject = (node: unknown): node is Schema => typeof node === "object" && node !== null && !Array.isArray(node);

/** `~` and `/` escaped for one JSON Pointer segment. */
export const pointerSegment = (key: string | number) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

/** Calls `visit` on `schema` and every subschema below it, parents first, with its JSON Pointer. */
export function forEachSubschema(schema: unknown, visit: (node: Schema, pointer: string) => void, pointer = ""): void {
  if (!isSchemaObject(schema)) return;
  visit(schema, pointer);
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${pointer}/${pointerSegment(keyword)}`;
    if (SCHEMA_VALUED.has(keyword)) forEachSubschema(value, visit, at);
    else if (SCHEMA_MAP_VALUED.has(keyword) && isSchemaObject(value)) {
      for (const [name, child] of Object.entries(value)) forEachSubschema(child, visit, `${at}/${pointerSegment(name)}`);
    } else if (SCHEMA_LIST_VALUED.has(keyword) && Array.isArray(value)) {
      value.forEach((child, i) => forEachSubschema(child, visit, `${at}/${i}`));
    }
  }
}

/**
 * Rebuilds `schema` bottom-up: every subschema is first rebuilt, then handed
 * to `transform`, whose result replaces it. Never mutates the input.
 */
export function mapSubschemas(schema: unknown, transform: (node: Schema) => unknown): unknown {
  if (!isSchemaObject(schema)) return schema;
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_VALUED.has(keyword)) out[keyword] = mapSubschemas(value, transform);
    else if (SCHEMA_MAP_VALUED.has(keyword) && isSchemaObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, mapSubschemas(child, transform)]));
    } else if (SCHEMA_LIST_VALUED.has(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((child) => mapSubschemas(child, transform));
    } else out[keyword] = value;
  }
  return transform(out);
}

/** The subschemas directly below `schema`, each with the pointer segments that lead to it. */
export function childSubschemas(schema: unknown): Array<[segments: string[], child: Schema]> {
  const children: Array<[string[], Schema]> = [];
  if (!isSchemaObject(schema)) return children;
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_VALUED.has(keyword) && isSchemaObject(value)) children.push([[keyword], value]);
    else if (SCHEMA_MAP_VALUED.has(keyword) && isSchemaObject(value)) {
      for (const [name, child] of Object.entries(value)) if (isSchemaObject(child)) children.push([[keyword, name], child]);
    } else if (SCHEMA_LIST_VALUED.has(keyword) && Array.isArray(value)) {
      value.forEach((child, i) => isSchemaObject(child) && children.push([[keyword, String(i)], child]));
    }
  }
  return children;
}
