// Which operations a verify run exercises, and what the spec says about each:
// read from generated/operations.js (method, path, schema names) and the
// bundled spec (parameters, request examples, documented responses), so new
// operations are covered as soon as `npm run generate` has run.
import { deref } from "../../../src/spec/refs.js";

export interface OperationFacts {
  readonly method: string;
  readonly path: string;
  readonly requestSchema?: string;
  readonly requestMediaType?: string;
  readonly responseSchemas: Readonly<Record<string, string | null>>;
}

export interface PlannedParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: unknown;
  style?: string;
  explode?: boolean;
  /** The documented example value, if there is one. */
  example?: { value: unknown };
}

export interface PlannedBody {
  mediaType: string;
  schema: unknown;
  /** Component name, when the schema is a plain $ref; picks the precompiled validator. */
  schemaName?: string;
  required: boolean;
  /** Per-property content types of multipart parts (`encoding.<name>.contentType`). */
  partTypes: Record<string, string>;
  examples: Array<{ name: string; value: unknown }>;
}

export interface PlannedResponse {
  /** Media type -> schema, as documented (empty when the response has no body). */
  content: Record<string, unknown>;
  /** Component name of the JSON body's schema, when it is a plain $ref. */
  schemaName: string | null;
  /** Documented response headers by name, as written in the spec. */
  headers: Record<string, { required: boolean; schema: unknown }>;
  /** OpenAPI links from this response, by name (operationId, parameters, requestBody). */
  links: Record<string, PlannedLink>;
}

export interface PlannedLink {
  operationId?: string;
  parameters?: Record<string, unknown>;
  requestBody?: unknown;
  description?: string;
}

/** One credential of a security requirement, as the spec's security scheme describes it. */
export interface PlannedCredential {
  scheme: string;
  type: string;
  /** Where an apiKey goes, and under which name; an http or oauth2 scheme goes in Authorization. */
  in?: string;
  name?: string;
}

export interface PlannedOperation {
  id: string;
  method: string;
  path: string;
  /** Changes data on the server: anything but GET, HEAD and OPTIONS. */
  writes: boolean;
  parameters: PlannedParameter[];
  body?: PlannedBody;
  responses: Record<string, PlannedResponse>;
  /** Alternatives: any one requirement (all of its credentials) authorises the call; empty when none is needed. */
  security: PlannedCredential[][];
}

export interface Plan {
  run: PlannedOperation[];
  skipped: Array<{ id: string; reason: string }>;
}

/** The user asked for something the spec or the flags do not allow. */
export class PlanError extends Error {
  override name = "PlanError";
}

const SAFE_METHODS = new Set(["get", "head", "options"]);

function exampleOf(document: unknown, parameter: any): { value: unknown } | undefined {
  if (parameter.example !== undefined) return { value: parameter.example };
  const first = Object.values<any>(parameter.examples ?? {})[0];
  if (first) return { value: deref(document, first).node?.value };
  const schema = deref(document, parameter.schema).node ?? {};
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0] };
  if (schema.example !== undefined) return { value: schema.example };
  return undefined;
}

function readOperation(document: any, id: string, facts: OperationFacts): PlannedOperation {
  const item = deref(document, document.paths?.[facts.path]).node;
  const operation = item?.[facts.method];
  if (!operation) throw new PlanError(`${id}: ${facts.method.toUpperCase()} ${facts.path} is in generated/operations.js but not in generated/openapi.json; run npm run generate`);
  const byKey = new Map<string, any>();
  for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw).node;
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  const parameters: PlannedParameter[] = [...byKey.values()].map((p) => {
    const example = exampleOf(document, p);
    return {
      name: p.name,
      in: p.in,
      required: p.required === true,
      schema: p.schema ?? {},
      ...(p.style ? { style: p.style } : {}),
      ...(typeof p.explode === "boolean" ? { explode: p.explode } : {}),
      ...(example ? { example } : {}),
    };
  });

  let body: PlannedBody | undefined;
  const requestBody = deref(document, operation.requestBody).node;
  const [mediaType, media] = Object.entries<any>(requestBody?.content ?? {})[0] ?? [];
  if (mediaType && media) {
    body = {
      mediaType,
      schema: media.schema ?? {},
      ...(facts.requestSchema ? { schemaName: facts.requestSchema } : {}),
      required: requestBody.required === true,
      // `contentType` may list several types; the first is the one to send.
      partTypes: Object.fromEntries(Object.entries<any>(media.encoding ?? {}).flatMap(([k, v]) => (v?.contentType ? [[k, String(v.contentType).split(",")[0]!.trim()]] : []))),
      examples: [
        ...(media.example !== undefined ? [{ name: "example", value: media.example }] : []),
        ...Object.entries<any>(media.examples ?? {}).map(([name, raw]) => ({ name, value: deref(document, raw).node?.value })),
      ],
    };
  }

  const responses: Record<string, PlannedResponse> = {};
  for (const [status, raw] of Object.entries<any>(operation.responses ?? {})) {
    const response = deref(document, raw).node ?? {};
    const content = Object.fromEntries(Object.entries<any>(response.content ?? {}).map(([type, m]) => [type, m?.schema ?? {}]));
    const headers = Object.fromEntries(
      Object.entries<any>(response.headers ?? {}).map(([name, raw]) => {
        const header = deref(document, raw).node ?? {};
        return [name, { required: header.required === true, schema: header.schema ?? {} }];
      }),
    );
    const links = Object.fromEntries(Object.entries<any>(response.links ?? {}).map(([name, raw]) => [name, deref(document, raw).node ?? {}]));
    responses[status] = { content, schemaName: facts.responseSchemas[status] ?? null, headers, links };
  }
  const schemes = document.components?.securitySchemes ?? {};
  const security: PlannedCredential[][] = (operation.security ?? document.security ?? []).map((requirement: Record<string, unknown>) =>
    Object.keys(requirement).map((scheme) => {
      const s = deref(document, schemes[scheme]).node ?? {};
      return { scheme, type: String(s.type ?? "unknown"), ...(s.in ? { in: s.in } : {}), ...(s.name ? { name: s.name } : {}) };
    }),
  );
  return { id, method: facts.method, path: facts.path, writes: !SAFE_METHODS.has(facts.method), parameters, ...(body ? { body } : {}), responses, security };
}

export function planOperations(
  document: unknown,
  table: Readonly<Record<string, OperationFacts>>,
  choice: { operations?: readonly string[]; allowWrites: boolean },
): Plan {
  const known = Object.keys(table);
  const wanted = choice.operations ?? known;
  const unknown = wanted.filter((id) => !(id in table));
  if (unknown.length > 0) throw new PlanError(`unknown operation(s): ${unknown.join(", ")}. The spec has: ${known.join(", ")}`);
  const plan: Plan = { run: [], skipped: [] };
  for (const id of wanted) {
    const operation = readOperation(document, id, table[id]!);
    if (operation.writes && !choice.allowWrites) {
      if (choice.operations) throw new PlanError(`${id} writes (${operation.method.toUpperCase()} ${operation.path}); pass --allow-writes to run it`);
      plan.skipped.push({ id, reason: `writes (${operation.method.toUpperCase()}); run with --allow-writes` });
    } else plan.run.push(operation);
  }
  return plan;
}
