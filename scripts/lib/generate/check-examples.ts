// Fails generation when a named example does not satisfy its schema, with the
// example's file and what is wrong. Redocly checks examples too, but with its
// own AJV setup; this uses exactly the options the shipped validators use.
import { componentSchemasDocument, createAjv, extensionKeywordsOf, schemaRef } from "./create-ajv.js";
import { SpecError } from "../spec/spec-error.js";
import { resolvePointer, rewriteSchemaRefs } from "../../../src/spec/refs.js";
import type { SpecExample } from "../spec/spec-examples.js";


export function checkExamples(document: Record<string, any>, examples: SpecExample[]): void {
  const schemas = componentSchemasDocument(document);
  const ajv = createAjv(extensionKeywordsOf(schemas), { code: { source: false } });
  ajv.addSchema(schemas);
  const problems: string[] = [];
  // Most examples document a component schema: compile each of those once.
  const bySchema = (example: SpecExample) =>
    (example.schemaName && ajv.getSchema(schemaRef(example.schemaName))) || ajv.compile(rewriteSchemaRefs(resolvePointer(document, example.schemaPointer), schemaRef("")) as object);
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
