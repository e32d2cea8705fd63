// generated/schema.d.ts: the spec's TypeScript types, through openapi-typescript's
// Node API. `rootTypes` adds a named alias per component schema (Customer,
// ApiError, …), so the package never retypes a name by hand.
import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_HEADER } from "./generated-header.js";

export async function generateTypes(document: Record<string, any>): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as any, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    rootTypesKeepCasing: true,
    alphabetize: false,
    silent: true,
  });
  return GENERATED_HEADER + astToString(ast);
}
