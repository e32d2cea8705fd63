// Fails generation when a named example does not satisfy its schema, with the
// example's file and what is wrong. Redocly checks examples too, but with its
// own AJV setup; this uses exactly the options the shipped validators use.
import { componentSchemasDocument, createAjv, extensionKeywordsOf } from "./create-ajv.js";
import { SpecError } from "./spec-error.js";
import { resolvePointer } from "./spec-refs.js";
import type { SpecExample } from "./spec-examples.js";

const absolute = (node: any): any => {
  if (Array.isArray(node)) return node.map(absolute);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", "customers#/$defs/") : absolute(v)]),
  );
};

export function checkExamples(document: Record<string, any>, examples: SpecExample[]): void {
  const schemas = componentSchemasDocument(document);
  const ajv = createAjv(extensionKeywordsOf(schemas), { code: { source: false } });
  ajv.addSchema(schemas);
  const problems: string[] = [];
  // Most examples document a component schema: compile each of those once.
  const bySchema = (example: SpecExample) =>
    (example.schemaName && ajv.getSchema(`customers#/$defs/${example.schemaName}`)) || ajv.compile(absolute(resolvePointer(document, example.schemaPointer)));
  for (const example of examples) {
    const validate = bySchema(example);
    if (validate(example.value)) continue;
    const file = `openapi/components/examples/${example.name}.yaml`;
    for (const error of validate.errors ?? []) {
      problems.push(`${file}: example "${example.key}" of ${example.operationId} ${example.status}: ${error.instancePath || "(root)"} ${error.message}`);
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
}
