// generated/mock-data.js (+ .d.ts): what the mock engine (src/mock) needs
// from the spec beyond operations.js and validators.js, so it runs anywhere
// without reading or compiling the spec at run time:
// - a validator for each operation's path and query parameters (AJV
//   standalone, with the same readable issues as the body validators; query
//   text is coerced to the declared types),
// - which query parameters repeat (arrays),
// - every documented response: its named examples (in the spec's order) and
//   the example value of each documented header,
// - a validator for each documented response body (whatever its schema: a
//   component, an anyOf of them), null for a status without a body,
// - the header names of the security requirements (any one set will do).
import { bundleStandalone } from "./bundle-standalone.js";
import { componentSchemasDocument } from "./create-ajv.js";
import { compileAll } from "./generate-validators.js";
import { GENERATED_HEADER } from "./generated-header.js";
import { prepareValidationSchemas } from "./prepare-validation-schemas.js";
import { derefNode as deref, rewriteSchemaRefs } from "../../../src/spec/refs.js";
import { isJson } from "../spec/body-schemas.js";

const METHODS = ["get", "put", "post", "delete", "patch"];

const componentName = (schema: any): string | undefined =>
  typeof schema?.$ref === "string" && schema.$ref.startsWith("#/components/schemas/") && Object.keys(schema).length === 1 ? schema.$ref.split("/").pop() : undefined;

export interface MockResponseFacts {
  /** Named examples of the JSON body, in the spec's order; absent when the status has no body. */
  examples?: Record<string, unknown>;
  /** Documented headers with their example value (as text). */
  headers: Record<string, string>;
}

function exampleOf(document: any, node: any): unknown {
  const resolved = deref(document, node);
  if (resolved?.example !== undefined) return resolved.example;
  const first = Object.values<any>(resolved?.examples ?? {})[0];
  if (first !== undefined) return deref(document, first).value;
  const schema = deref(document, resolved?.schema);
  return schema?.example ?? schema?.examples?.[0];
}

/** A response's first JSON media type (any the operations table and the body-schema guard read as JSON). */
const jsonMedia = (response: any): any => Object.entries<any>(response?.content ?? {}).find(([mediaType]) => isJson(mediaType))?.[1];

function responsesOf(document: any, op: any): Record<string, MockResponseFacts> {
  const out: Record<string, MockResponseFacts> = {};
  for (const [status, raw] of Object.entries<any>(op.responses ?? {})) {
    const response = deref(document, raw);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries<any>(response.headers ?? {})) {
      const value = exampleOf(document, header);
      if (value !== undefined) headers[name] = String(value);
    }
    const media = jsonMedia(response);
    let examples: Record<string, unknown> | undefined;
    if (media) {
      examples = Object.fromEntries(Object.entries<any>(media.examples ?? {}).map(([name, example]) => [name, deref(document, example).value]));
      if (Object.keys(examples).length === 0 && media.example !== undefined) examples = { default: media.example };
    }
    out[status] = { ...(examples ? { examples } : {}), headers };
  }
  return out;
}

/** The mock data module before bundling: AJV standalone code, the entry that wraps it, and its declarations. */
export interface CompiledMockData {
  source: string;
  entry: string;
  dts: string;
}

/** Where the entry imports the package's validators from; outside the bundle, next to the module. */
export const VALIDATORS_IMPORT = "./generated/validators.js";

export async function generateMockData(document: any): Promise<{ js: string; dts: string }> {
  return bundleMockData(compileMockData(document));
}

export async function bundleMockData({ source, entry, dts }: CompiledMockData): Promise<{ js: string; dts: string }> {
  const js = await bundleStandalone(entry, source, "mock-data-entry.js", [
    {
      // The component validators stay in their own module, next to this one.
      name: "validators-external",
      setup(b) {
        b.onResolve({ filter: /^\.\/generated\/validators\.js$/ }, () => ({ path: "./validators.js", external: true }));
      },
    },
  ]);
  return { js: GENERATED_HEADER + js, dts };
}

export function compileMockData(document: any): CompiledMockData {
  const defs = prepareValidationSchemas(componentSchemasDocument(document).$defs);
  const parameterSchemas: Record<string, unknown> = {};
  const queryArrays: Record<string, string[]> = {};
  const responses: Record<string, Record<string, MockResponseFacts>> = {};
  const ids: string[] = [];
  // One compiled function per distinct response schema, shared by every status that uses it.
  const responseSchemaNames = new Map<string, string>();
  const responseValidatorNames: Record<string, Record<string, string | null>> = {};
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = deref(document, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id: string = op.operationId;
      ids.push(id);
      const all = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(document, p));
      for (const where of ["path", "query"]) {
        const own = all.filter((p) => p.in === where);
        parameterSchemas[`${id}_${where}`] = {
          type: "object",
          properties: Object.fromEntries(own.map((p) => [p.name, rewriteSchemaRefs(p.schema ?? {}, "#/$defs/")])),
          required: own.filter((p) => p.required).map((p) => p.name),
        };
      }
      queryArrays[id] = all.filter((p) => p.in === "query" && deref(document, p.schema)?.type === "array").map((p) => p.name);
      responses[id] = responsesOf(document, op);
      const validatorsOf: Record<string, string | null> = (responseValidatorNames[id] = {});
      for (const [status, raw] of Object.entries<any>(op.responses ?? {})) {
        const schema = jsonMedia(deref(document, raw))?.schema;
        if (schema === undefined) {
          validatorsOf[status] = null;
          continue;
        }
        // A component, or an anyOf/oneOf of components, reuses the package's validators; anything else is compiled here.
        const component = componentName(schema);
        const alternatives = (schema.anyOf ?? schema.oneOf)?.map(componentName);
        if (component) {
          validatorsOf[status] = `validators.${component}`;
          continue;
        }
        if (alternatives?.length && alternatives.every(Boolean) && Object.keys(schema).length === 1) {
          validatorsOf[status] = `anyOf(${alternatives.map((name: string) => `validators.${name}`).join(", ")})`;
          continue;
        }
        const rewritten = rewriteSchemaRefs(schema, "#/$defs/");
        const key = JSON.stringify(rewritten);
        if (!responseSchemaNames.has(key)) {
          const name = `response_${responseSchemaNames.size}`;
          responseSchemaNames.set(key, name);
          parameterSchemas[name] = rewritten;
        }
        validatorsOf[status] = `validator_${responseSchemaNames.get(key)!}`;
        continue;
      }
      void path;
    }
  }
  const names = Object.keys(parameterSchemas);
  const allDefs = { ...defs, ...prepareValidationSchemas(parameterSchemas) };
  const compiled = compileAll(allDefs, names, { allErrors: true, messages: false, coerceTypes: "array" });
  const securityHeaders: string[][] = (document.security ?? []).map((requirement: Record<string, unknown>) =>
    Object.keys(requirement)
      .map((scheme) => document.components?.securitySchemes?.[scheme])
      .filter((s: any) => s && (s.type !== "apiKey" || s.in === "header"))
      // An HTTP, OAuth 2 or OpenID scheme travels in Authorization.
      .map((s: any) => (s.type === "apiKey" ? String(s.name) : "Authorization").toLowerCase()),
  );

  const entry = [
    'import * as compiled from "virtual:ajv-standalone";',
    'import { createValidator } from "./src/validation/create-validator.ts";',
    `import { validators } from ${JSON.stringify(VALIDATORS_IMPORT)};`,
    // The first alternative that accepts the value; otherwise the issues of all of them.
    "const anyOf = (...alternatives) => { const check = (data) => { const errors = []; for (const v of alternatives) { const r = v(data); if (r.ok) return r; errors.push(...r.errors); } return { ok: false, errors }; }; return Object.assign(check, { is: (data) => alternatives.some((v) => v.is(data)) }); };",
    ...[...responseSchemaNames.values()].map((name) => `const validator_${name} = createValidator(compiled.${name});`),
    `export const parameterValidators = Object.freeze({ ${ids
      .map((id) => `${JSON.stringify(id)}: Object.freeze({ path: createValidator(compiled.${id}_path), query: createValidator(compiled.${id}_query) })`)
      .join(",\n")} });`,
    `export const responseValidators = Object.freeze({ ${ids
      .map(
        (id) =>
          `${JSON.stringify(id)}: Object.freeze({ ${Object.entries(responseValidatorNames[id]!)
            .map(([status, expression]) => `${JSON.stringify(status)}: ${expression ?? "null"}`)
            .join(", ")} })`,
      )
      .join(",\n")} });`,
    `export const queryArrays = Object.freeze(${JSON.stringify(queryArrays)});`,
    `export const documentedResponses = Object.freeze(${JSON.stringify(responses, null, 1)});`,
    `export const securityHeaders = Object.freeze(${JSON.stringify(securityHeaders)});`,
  ].join("\n");
  const dts = [
    GENERATED_HEADER,
    'import type { OperationId } from "./operations.js";',
    'import type { Validator } from "./validators.js";',
    "/** Checks (and coerces, in place) an operation's path or query parameters, as an object of name to text. */",
    "export declare const parameterValidators: { readonly [Id in OperationId]: { readonly path: Validator<Record<string, unknown>>; readonly query: Validator<Record<string, unknown>> } };",
    "/** A validator for each documented response body, by operation and status; null for a status without a body. */",
    "export declare const responseValidators: { readonly [Id in OperationId]: Readonly<Record<string, Validator<unknown> | null>> };",
    "/** Query parameters that may repeat, by operation. */",
    "export declare const queryArrays: { readonly [Id in OperationId]: readonly string[] };",
    "export interface DocumentedResponse {",
    "  /** Named examples of the JSON body, in the spec's order; absent when the status has no body. */",
    "  readonly examples?: Readonly<Record<string, unknown>>;",
    "  /** Documented headers with their example value. */",
    "  readonly headers: Readonly<Record<string, string>>;",
    "}",
    "/** Every documented response, by operation and status. */",
    "export declare const documentedResponses: { readonly [Id in OperationId]: Readonly<Record<string, DocumentedResponse>> };",
    "/** Lower-case header names of each security requirement; a request must send every name of one of them. */",
    "export declare const securityHeaders: readonly (readonly string[])[];",
    "",
  ].join("\n");
  return { source: compiled, entry, dts };
}
