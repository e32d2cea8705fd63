// generated/operations.js (+ .d.ts): a small runtime table of every operation
// (method, path, the schema names of its bodies), so the client and the tests
// take these facts from the spec instead of restating them.
import { GENERATED_HEADER } from "./generated-header.js";
import { resolvePointer } from "../../../src/spec/refs.js";
import { isJson } from "../spec/body-schemas.js";

const METHODS = ["get", "put", "post", "delete", "patch"];

export interface OperationFacts {
  method: string;
  path: string;
  /** Component schema of the JSON request body, when it has one. */
  requestSchema?: string;
  /** Media type of the request body, when it has one. */
  requestMediaType?: string;
  /** Whether the request body must be sent. */
  requestRequired?: boolean;
  /** Component schema of each response's JSON body, by status ("204": null). */
  responseSchemas: Record<string, string | null>;
  deprecated: boolean;
}

const schemaName = (schema: any): string | undefined =>
  typeof schema?.$ref === "string" && schema.$ref.startsWith("#/components/schemas/") ? schema.$ref.split("/").pop() : undefined;

export function operationTable(document: any): Record<string, OperationFacts> {
  const table: Record<string, OperationFacts> = {};
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const body = op.requestBody?.$ref ? resolvePointer(document, op.requestBody.$ref) : op.requestBody;
      const [requestMediaType, requestMedia] = Object.entries<any>(body?.content ?? {})[0] ?? [];
      const responseSchemas: Record<string, string | null> = {};
      for (const [status, raw] of Object.entries<any>(op.responses ?? {})) {
        const response = raw.$ref ? resolvePointer(document, raw.$ref) : raw;
        // The first JSON media type (`application/json`, with parameters or not, or any `+json`), as body-schemas.ts checks it.
        const json = Object.entries<any>(response.content ?? {}).find(([mediaType]) => isJson(mediaType))?.[1];
        responseSchemas[status] = json ? (schemaName(json.schema) ?? null) : null;
      }
      table[op.operationId] = {
        method,
        path,
        ...(requestMediaType ? { requestMediaType, requestRequired: body.required === true } : {}),
        ...(schemaName(requestMedia?.schema) ? { requestSchema: schemaName(requestMedia.schema) } : {}),
        responseSchemas,
        deprecated: op.deprecated === true,
      };
    }
  }
  return table;
}

export function generateOperations(document: any): { js: string; dts: string } {
  const table = operationTable(document);
  const ids = Object.keys(table);
  return {
    js: `${GENERATED_HEADER}export const contractVersion = ${JSON.stringify(document.info.version)};\nexport const operationTable = Object.freeze(${JSON.stringify(table, null, 2)});\n`,
    dts: [
      GENERATED_HEADER,
      'import type { components, operations } from "./schema.js";',
      "export interface OperationFacts {",
      "  readonly method: \"get\" | \"put\" | \"post\" | \"delete\" | \"patch\";",
      "  readonly path: string;",
      "  readonly requestSchema?: keyof components[\"schemas\"];",
      "  readonly requestMediaType?: string;",
      "  readonly requestRequired?: boolean;",
      "  readonly responseSchemas: Readonly<Record<string, keyof components[\"schemas\"] | null>>;",
      "  readonly deprecated: boolean;",
      "}",
      "/** The spec's `info.version`, which is also the package version. */",
      `export declare const contractVersion: ${JSON.stringify(document.info.version)};`,
      `export type OperationId = ${ids.map((id) => JSON.stringify(id)).join(" | ")};`,
      "/** Method, path and body schemas of every operation, by operationId. */",
      "export declare const operationTable: { readonly [Id in OperationId & keyof operations]: OperationFacts };",
      "",
    ].join("\n"),
  };
}
