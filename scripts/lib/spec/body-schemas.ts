// Every request body, and every JSON response body, names its schema: a
// `$ref` to a schema component. The component names are the package's public
// names (the `components` type, `validate<Name>`, schemas/<Name>.json), and
// generated/operations.js records a body by its component: the client checks
// requests and responses with `validate<Name>`, the mock checks requests the
// same way. An inline schema has no name there, so the table held `null` and
// every one of those checks was skipped, silently. Generation fails instead,
// at the schema, asking for a component.
import { HTTP_METHODS } from "./http-methods.js";
import { pointerSegment as pointerPart } from "./schema-walk.js";
import type { SourceLocator } from "./source-locations.js";

const COMPONENT_SCHEMA = "#/components/schemas/";
/** Keywords that may stand beside the `$ref`: they change nothing a validator checks. */
const ANNOTATIONS = new Set(["$ref", "description", "summary", "title", "$comment", "deprecated", "readOnly", "writeOnly", "example", "examples"]);
/** The media types whose response bodies the client and the mock check (application/json, or any `+json`). */
export const isJson = (mediaType: string) => /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(mediaType);


/** The bundled spec's node a local `$ref` points at, or the node itself. */
function follow(document: Record<string, any>, node: any): { node: any; pointer?: string } {
  if (typeof node?.$ref !== "string" || !node.$ref.startsWith("#/")) return { node };
  let target: any = document;
  for (const segment of node.$ref.slice(2).split("/")) target = target?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  return { node: target, pointer: node.$ref };
}

/** Why `schema` is not a plain reference to a schema component, or undefined when it is. */
function notNamed(schema: any): string | undefined {
  if (typeof schema?.$ref !== "string") return "is written inline";
  if (!schema.$ref.startsWith(COMPONENT_SCHEMA)) return `refers to ${schema.$ref}, which is not a schema component`;
  const extra = Object.keys(schema).filter((keyword) => !ANNOTATIONS.has(keyword));
  if (extra.length > 0) return `adds ${extra.map((k) => `\`${k}\``).join(", ")} beside its $ref, which the component's validator would not check`;
  return undefined;
}

/** One problem (file:line: message) per request body, or JSON response body, whose schema is not a `$ref` to a schema component. */
export function bodySchemaProblems(document: Record<string, any>, locator: SourceLocator): string[] {
  const problems: string[] = [];
  const check = (content: unknown, base: string, what: string, jsonOnly: boolean) => {
    if (!content || typeof content !== "object") return;
    for (const [mediaType, media] of Object.entries<any>(content)) {
      if (media?.schema === undefined || (jsonOnly && !isJson(mediaType))) continue;
      const why = notNamed(media.schema);
      if (!why) continue;
      problems.push(
        `${locator.locate(`${base}/${pointerPart(mediaType)}/schema`)}: the ${mediaType} schema of ${what} ${why}: a body's schema must be a $ref to a schema component (components/schemas/<Name>.yaml), whose name the types, validators and operations.js use`,
      );
    }
  };
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = follow(document, rawItem).node;
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation || typeof operation !== "object") continue;
      const id = operation.operationId ?? `${method.toUpperCase()} ${path}`;
      const at = `/paths/${pointerPart(path)}/${method}`;
      const request = follow(document, operation.requestBody);
      check(request.node?.content, `${request.pointer ?? `${at}/requestBody`}/content`, `${id}'s request body`, false);
      for (const [status, rawResponse] of Object.entries<any>(operation.responses ?? {})) {
        const response = follow(document, rawResponse);
        check(response.node?.content, `${response.pointer ?? `${at}/responses/${pointerPart(status)}`}/content`, `${id}'s ${status} response`, true);
      }
    }
  }
  return problems;
}
