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
const { astToString, STRING, tsIntersection, tsUnion } = require("openapi-typescript/dist/lib/ts.cjs");

/**
 * An open enum, `anyOf: [{ type: string, enum: [...] }, { type: string }]`
 * (plus `{ type: "null" }`), reads as `"a" | "b" | (string & {})`: the known
 * values still autocomplete, any other string is allowed. openapi-typescript
 * alone prints `("a" | "b") | string`, which TypeScript collapses to `string`.
 * This rewrites that printed union, after openapi-typescript built it: its
 * `transform` hook is not called for every schema (an inline parameter's,
 * for one), its `postTransform` hook is.
 */
function openEnum(type) {
  if (!ts.isUnionTypeNode(type)) return undefined;
  const flat = (t) => (ts.isUnionTypeNode(t) ? t.types.flatMap(flat) : ts.isParenthesizedTypeNode(t) ? flat(t.type) : [t]);
  const members = type.types.flatMap(flat);
  // tsLiteral prints a string as an identifier holding its JSON.
  const literals = members.filter((m) => (ts.isIdentifier(m) && m.text.startsWith('"')) || (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)));
  const strings = members.filter((m) => m.kind === ts.SyntaxKind.StringKeyword);
  const nulls = members.filter((m) => ts.isLiteralTypeNode(m) && m.literal.kind === ts.SyntaxKind.NullKeyword);
  if (literals.length === 0 || strings.length !== 1 || literals.length + 1 + nulls.length !== members.length) return undefined;
  return tsUnion([...literals, ts.factory.createParenthesizedType(tsIntersection([STRING, ts.factory.createTypeLiteralNode([])])), ...nulls.slice(0, 1)]);
}

/** What openapiTS(document, options) would pass to transformSchema, for these options. */
function context(document) {
  const options = { rootTypes: true, rootTypesNoSchemaPrefix: true, rootTypesKeepCasing: true, alphabetize: false, silent: true };
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
    postTransform: openEnum,
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
