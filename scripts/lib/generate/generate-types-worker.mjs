// Worker thread for generate-types.ts: loads openapi-typescript (and with it
// the TypeScript compiler, about half a second) as soon as it starts, while
// the spec bundles, so that cost overlaps with it. Plain JavaScript with no
// TypeScript loader at all: it needs none of this repository's modules.
//
// It runs openapi-typescript's transform, not its openapiTS() entry: that
// first lints the document again (with redocly's minimal rules, which
// redocly.yaml's recommended-strict include) and bundles it again, through a
// second copy of @redocly/openapi-core that takes a second to load; the spec
// worker has done both already. The context below is the one openapiTS()
// builds (openapi-typescript 7.13, pinned in package.json), with our options;
// test/generation.test.ts checks schema.d.ts byte for byte.
//
// Both are loaded with require, openapi-typescript through its CommonJS build:
// an ESM import of the 9 MB typescript.js first scans it for export names,
// about a second of processor time more than the whole require.
import { createRequire } from "node:module";
import { serve } from "./worker-side.mjs";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const transformSchema = require("openapi-typescript/dist/transform/index.cjs");
const { resolveRef, scanDiscriminators } = require("openapi-typescript/dist/lib/utils.cjs");
const { astToString, NULL, STRING, tsIntersection, tsLiteral, tsUnion } = require("openapi-typescript/dist/lib/ts.cjs");

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

/** What openapiTS(document, options) would pass to transformSchema, for these options. */
function context(document) {
  const options = { rootTypes: true, rootTypesNoSchemaPrefix: true, rootTypesKeepCasing: true, alphabetize: false, silent: true, transform: openEnum };
  return {
    additionalProperties: false,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(document, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: options.rootTypes,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix,
    rootTypesKeepCasing: options.rootTypesKeepCasing,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    silent: options.silent,
    inject: undefined,
    transform: options.transform,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(document, $ref, { silent: options.silent }),
  };
}

serve({
  types: (document) => astToString(transformSchema(document, context(document))),
});
