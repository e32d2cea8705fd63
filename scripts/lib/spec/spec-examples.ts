// Walks the bundled spec for every named example of a request or response
// body, with the schema it must satisfy and the TypeScript type it stands for.
// The generator, the docs' code samples and the conformance tests all use it,
// so "every example" means the same set everywhere.
import { derefNode as deref } from "../../../src/spec/refs.js";
import { HTTP_METHODS } from "./http-methods.js";
import { pointerSegment as pointerPart } from "./schema-walk.js";

export interface SpecExample {
  /** The component name under components/examples, e.g. CustomerSeed. */
  name: string;
  /** The key the media type gives it; what `Prefer: example=` selects. */
  key: string;
  /**
   * JSON Pointer of the Example object in the bundled spec: the component
   * (`#/components/examples/CustomerSeed`) for a `$ref`, else the entry of the
   * media type's `examples` map that holds it (an inline example).
   */
  source: string;
  value: unknown;
  operationId: string;
  method: string;
  path: string;
  /** "request" or the response status code. */
  status: "request" | string;
  mediaType: string;
  /** JSON Pointer of the media type's schema in the bundled spec. */
  schemaPointer: string;
  /** The component schema name when the media type's schema is a plain $ref. */
  schemaName?: string;
  /** A TypeScript type expression over generated/schema.d.ts. */
  typeExpression: string;
}


export function collectExamples(document: any): SpecExample[] {
  const found: SpecExample[] = [];
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = deref(document, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const operationId: string = operation.operationId;
      const bodies: Array<{ status: string; base: string; typeBase: string; content: any }> = [];
      const requestBody = deref(document, operation.requestBody);
      if (requestBody?.content) {
        bodies.push({
          status: "request",
          base: operation.requestBody.$ref ? `${operation.requestBody.$ref}/content` : `#/paths/${pointerPart(path)}/${method}/requestBody/content`,
          typeBase: `NonNullable<operations["${operationId}"]["requestBody"]>`,
          content: requestBody.content,
        });
      }
      for (const [status, rawResponse] of Object.entries<any>(operation.responses ?? {})) {
        const response = deref(document, rawResponse);
        if (!response?.content) continue;
        const base = rawResponse.$ref ? `${rawResponse.$ref}/content` : `#/paths/${pointerPart(path)}/${method}/responses/${status}/content`;
        bodies.push({ status, base, typeBase: `operations["${operationId}"]["responses"][${status}]`, content: response.content });
      }
      for (const body of bodies) {
        for (const [mediaType, media] of Object.entries<any>(body.content)) {
          const schemaRef: string | undefined = media.schema?.$ref;
          const schemaName = schemaRef?.startsWith("#/components/schemas/") ? schemaRef.split("/").pop() : undefined;
          for (const [key, rawExample] of Object.entries<any>(media.examples ?? {})) {
            const name = rawExample.$ref ? String(rawExample.$ref).split("/").pop()! : `${operationId}_${body.status}_${key}`;
            const example = deref(document, rawExample);
            found.push({
              name,
              key,
              source: rawExample.$ref ? String(rawExample.$ref) : `${body.base}/${pointerPart(mediaType)}/examples/${pointerPart(key)}`,
              value: example.value,
              operationId,
              method,
              path,
              status: body.status,
              mediaType,
              schemaPointer: `${body.base}/${pointerPart(mediaType)}/schema`,
              schemaName,
              typeExpression: schemaName
                ? `components["schemas"]["${schemaName}"]`
                : `${body.typeBase}["content"]["${mediaType}"]`,
            });
          }
        }
      }
    }
  }
  return found;
}
