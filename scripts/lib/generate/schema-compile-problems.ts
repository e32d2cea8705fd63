// Where AJV refuses a schema of the spec, for when compiling the validators
// throws. AJV compiles in strict mode (create-ajv.ts): an unknown `format`, a
// `minLength` with no `type: string` beside it, a `type` its context rules
// out, a tuple without bounds fail there, and lint lets them through. AJV's
// error names no component and, once the generator has copied small schemas
// into the ones that use them, a path inside another schema. So each schema
// generation compiles is compiled again on its own, in the same
// configuration, every other component standing in as `{}`; for one that
// fails, the subschema at fault is the deepest whose replacement by `{}`
// changes the error. Only run after a failure: it compiles schema by schema.
import { createAjv, extensionKeywordsOf, SCHEMA_ID } from "./create-ajv.js";
import { HTTP_METHODS } from "../spec/http-methods.js";
import { childSubschemas, isSchemaObject, pointerSegment as pointerPart } from "../spec/schema-walk.js";
import { SpecError } from "../spec/spec-error.js";
import { sourceLocator, type SourceLocator } from "../spec/source-locations.js";
import { rewriteSchemaRefs } from "../../../src/spec/refs.js";


/** A schema generation compiles, and its JSON Pointer in the bundled spec. */
export interface SchemaSite {
  pointer: string;
  schema: unknown;
}

/**
 * The component schemas and every parameter's schema. (A body's schema is a
 * component: body-schemas.ts refuses any other before the validators compile.)
 */
export function compiledSchemaSites(document: Record<string, any>): SchemaSite[] {
  const sites = new Map<string, unknown>();
  for (const [name, schema] of Object.entries<unknown>(document.components?.schemas ?? {})) sites.set(`/components/schemas/${pointerPart(name)}`, schema);
  /** The node a local `$ref` names (one step), with its pointer. */
  const follow = (node: any, pointer: string): { node: any; pointer: string } => {
    if (typeof node?.$ref !== "string" || !node.$ref.startsWith("#/")) return { node, pointer };
    let target: any = document;
    for (const segment of node.$ref.slice(2).split("/")) target = target?.[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
    return { node: target, pointer: node.$ref.slice(1) };
  };
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    const itemAt = `/paths/${pointerPart(path)}`;
    const parameters = (list: unknown, at: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, i) => {
        const { node, pointer } = follow(raw, `${at}/parameters/${i}`);
        if (isSchemaObject(node?.schema)) sites.set(`${pointer}/schema`, node.schema);
      });
    };
    parameters(item?.parameters, itemAt);
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (operation && typeof operation === "object") parameters(operation.parameters, `${itemAt}/${method}`);
    }
  }
  return [...sites].map(([pointer, schema]) => ({ pointer, schema }));
}

const nodeAt = (schema: unknown, segments: string[]): unknown => segments.reduce<any>((node, segment) => node?.[segment], schema);

/** A copy of `schema` with the node at `segments` replaced. */
function replacedAt(schema: unknown, segments: string[], replacement: unknown): unknown {
  if (segments.length === 0) return replacement;
  const [head, ...rest] = segments as [string, ...string[]];
  const copy: any = Array.isArray(schema) ? [...schema] : { ...(schema as object) };
  copy[head] = replacedAt(copy[head], rest, replacement);
  return copy;
}

/** AJV's message without the place it names (the problem's file:line says where, and AJV's path is relative to what it compiled). */
const plainMessage = (message: string) =>
  message
    .replace(/^strict mode: /, "")
    .replace(/ ignored in schema at path "[^"]*"/, "")
    .replace(/ at (?:path )?"[^"]*"/, "")
    .replace(/ \((?:strictTypes|strictTuples|strictRequired)\)$/, "");

/** One problem (file:line: message) per schema of `sites` that AJV, configured as for the shipped validators, refuses to compile. */
export function schemaCompileProblems(document: Record<string, any>, locator: SourceLocator, sites = compiledSchemaSites(document)): string[] {
  const ajv = createAjv(extensionKeywordsOf(sites.map((site) => site.schema)));
  // Every component, as `{}`: a site's $refs resolve, and only its own keywords are compiled.
  ajv.addSchema({ $id: SCHEMA_ID, $defs: Object.fromEntries(Object.keys(document.components?.schemas ?? {}).map((name) => [name, {}])) });
  const compileError = (schema: unknown): string | undefined => {
    try {
      ajv.compile(schema as object);
      return undefined;
    } catch (error) {
      return (error as Error)?.message ?? String(error);
    }
  };
  const problems: string[] = [];
  for (const site of sites) {
    const schema = rewriteSchemaRefs(site.schema, `${SCHEMA_ID}#/$defs/`);
    if (!isSchemaObject(schema)) continue;
    const message = compileError(schema);
    if (message === undefined) continue;
    let at: string[] = [];
    descend: for (;;) {
      for (const [segments] of childSubschemas(nodeAt(schema, at))) {
        const path = [...at, ...segments];
        if (compileError(replacedAt(schema, path, {})) !== message) {
          at = path;
          continue descend;
        }
      }
      break;
    }
    const known = /^unknown format "/.test(message) ? ` (the formats the validators know: ${Object.keys(ajv.formats).sort().join(", ")})` : "";
    problems.push(`${locator.locate(`${site.pointer}${at.map((s) => `/${pointerPart(s)}`).join("")}`)}: AJV (strict mode, as the validators are compiled) rejects this schema: ${plainMessage(message)}${known}`);
  }
  return problems;
}

/**
 * Runs `compile`; when it throws and some schema of the spec does not compile
 * on its own, throws a SpecError naming each such schema (file:line) instead.
 * Any other failure is rethrown as it was.
 */
export function compilingSpecSchemas<T>(document: Record<string, any>, specRoot: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    let problems: string[] = [];
    try {
      problems = schemaCompileProblems(document, sourceLocator(specRoot));
    } catch {
      // the diagnosis failed too: the original error says more
    }
    if (problems.length > 0) throw new SpecError(problems);
    throw error;
  }
}
