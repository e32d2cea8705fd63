// generated/schemas/<Name>.json: every component schema as a standalone JSON
// Schema 2020-12 document, for teams that validate outside TypeScript. Each
// file carries the components it references in its own `$defs`, so it needs
// no other file and no resolver. The site publishes the same files.
import { isSchemaObject, mapSubschemas, type Schema } from "../spec/schema-walk.js";

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const COMPONENT_REF = "#/components/schemas/";
/** OpenAPI keywords JSON Schema does not define: strict validators reject them, and they carry nothing a validator uses. */
const OPENAPI_ONLY = new Set(["discriminator", "xml", "externalDocs"]);

/** The component names `schema` references, directly or through other components. */
function referencedComponents(components: Record<string, unknown>, name: string): string[] {
  const found = new Set<string>();
  const pending = [name];
  while (pending.length) {
    const current = pending.pop()!;
    JSON.stringify(components[current], (key, value) => {
      if (key === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_REF)) {
        const target = value.slice(COMPONENT_REF.length);
        if (!(target in components)) throw new Error(`components/schemas/${current} refers to ${value}, which does not exist`);
        if (!found.has(target) && target !== name) {
          found.add(target);
          pending.push(target);
        }
      }
      return value;
    });
  }
  return [...found].sort();
}

/** OpenAPI's `example` becomes JSON Schema's `examples`; OpenAPI-only keywords and `x-` extensions go. */
function toJsonSchema(schema: unknown, self: string): unknown {
  return mapSubschemas(schema, (node: Schema) => {
    const out: Schema = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (OPENAPI_ONLY.has(keyword) || keyword.startsWith("x-")) continue;
      if (keyword === "example") {
        if (node.examples === undefined) out.examples = [value];
        continue;
      }
      if (keyword === "$ref" && typeof value === "string" && value.startsWith(COMPONENT_REF)) {
        const target = value.slice(COMPONENT_REF.length);
        out.$ref = target === self ? "#" : `#/$defs/${target}`;
        continue;
      }
      out[keyword] = value;
    }
    return out;
  });
}

/** One standalone document per component, keyed by `schemas/<Name>.json`. */
export function generateJsonSchemas(document: any): Map<string, string> {
  const components: Record<string, unknown> = document.components?.schemas ?? {};
  const files = new Map<string, string>();
  for (const name of Object.keys(components).sort()) {
    const root = toJsonSchema(components[name], name);
    if (!isSchemaObject(root)) throw new Error(`components/schemas/${name} is not a schema object`);
    const defs = Object.fromEntries(referencedComponents(components, name).map((ref) => [ref, toJsonSchema(components[ref], name)]));
    const standalone = { $schema: DIALECT, title: name, ...root, ...(Object.keys(defs).length ? { $defs: defs } : {}) };
    files.set(`schemas/${name}.json`, `${JSON.stringify(standalone, null, 2)}\n`);
  }
  return files;
}
