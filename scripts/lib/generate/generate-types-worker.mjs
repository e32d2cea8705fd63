// Worker thread for generate-types.ts: loads openapi-typescript (and with it
// the TypeScript compiler, about a second) as soon as it starts, so that cost
// overlaps with linting and bundling on the main thread. Plain JavaScript so
// it runs under any loader (tsx, vitest) without one of its own.
import { parentPort } from "node:worker_threads";
import ts from "typescript";
import openapiTS, { astToString, NULL, STRING, tsIntersection, tsLiteral, tsUnion } from "openapi-typescript";

const isStringEnum = (s) => s && s.type === "string" && Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string");
const isAnyString = (s) => s && s.type === "string" && !s.enum && !s.const && !s.format && !s.pattern && !s.$ref;

/**
 * An open enum, `anyOf: [{ type: string, enum: [...] }, { type: string }]`
 * (plus `{ type: "null" }`), reads as `"a" | "b" | (string & {})`: the known
 * values still autocomplete, any other string is allowed. openapi-typescript
 * alone prints `("a" | "b") | string`, which TypeScript collapses to `string`.
 */
function openEnum(schema) {
  const branches = schema?.anyOf;
  if (!Array.isArray(branches) || branches.length < 2 || branches.length > 3) return undefined;
  const known = branches.find(isStringEnum);
  const any = branches.find(isAnyString);
  const nullable = branches.some((b) => b?.type === "null");
  if (!known || !any || branches.length !== 2 + Number(nullable)) return undefined;
  const members = [...known.enum.map((v) => tsLiteral(v)), ts.factory.createParenthesizedType(tsIntersection([STRING, ts.factory.createTypeLiteralNode([])]))];
  if (nullable) members.push(NULL);
  return tsUnion(members);
}

parentPort.once("message", async (document) => {
  try {
    const ast = await openapiTS(document, {
      rootTypes: true,
      rootTypesNoSchemaPrefix: true,
      rootTypesKeepCasing: true,
      alphabetize: false,
      silent: true,
      transform: openEnum,
    });
    parentPort.postMessage({ ok: true, text: astToString(ast) });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error?.message ?? String(error) });
  }
});
