// Checks a request against the spec before the stateful mock acts on it:
// the app-key headers the security requirement names, the path and query
// parameters, and the body. Bodies go through the package's own precompiled
// validators; parameters have no component schema of their own, so their
// schemas are compiled here from the same bundled spec, with the same AJV
// set-up the generator uses (plus string-to-number coercion for query text).
import type { ErrorObject, ValidateFunction } from "ajv";
import type { IncomingHttpHeaders } from "node:http";
import { operationTable, type OperationId } from "../../../generated/operations.js";
import { validators, type ValidationIssue } from "../../../generated/validators.js";
import { componentSchemasDocument, createAjv, extensionKeywordsOf, schemaRef } from "../create-ajv.js";
import { resolvePointer } from "../spec-refs.js";

export interface CheckedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

const deref = (document: any, node: any) => (node && typeof node.$ref === "string" ? resolvePointer(document, node.$ref) : node);

const rewriteRefs = (node: any): any => {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/") ? [key, schemaRef(value.split("/").pop()!)] : [key, rewriteRefs(value)],
    ),
  );
};

function issuesOf(errors: ErrorObject[] | null | undefined, prefix: string): ValidationIssue[] {
  return (errors ?? []).map((e) => ({
    path: `${prefix}${e.instancePath}`,
    message: e.keyword === "required" ? `${e.params.missingProperty} is required` : (e.message ?? "is invalid"),
    keyword: e.keyword,
  }));
}

export interface RequestChecks {
  /** True when every app-key header of one security requirement is present and not empty. */
  authorized(headers: IncomingHttpHeaders): boolean;
  /** Coerces and checks path and query parameters; unknown query parameters are ignored, as the API does. */
  parameters(operationId: OperationId, path: Record<string, string>, search: URLSearchParams): { ok: true; value: CheckedParameters } | { ok: false; issues: ValidationIssue[] };
  /** Parses and validates the body with the operation's generated validator. */
  body(operationId: OperationId, raw: Buffer, contentType: string | undefined): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };
}

export function createRequestChecks(document: any): RequestChecks {
  const ajv = createAjv(extensionKeywordsOf(document.components?.schemas ?? {}), { coerceTypes: "array", allErrors: true });
  ajv.addSchema(componentSchemasDocument(document));

  const compiled = new Map<OperationId, { path: ValidateFunction; query: ValidateFunction; arrays: Set<string> }>();
  for (const [operationId, facts] of Object.entries(operationTable) as Array<[OperationId, { path: string; method: string }]>) {
    const item = deref(document, document.paths[facts.path]);
    const all = [...(item.parameters ?? []), ...(item[facts.method].parameters ?? [])].map((p) => deref(document, p));
    const objectOf = (where: string) => {
      const own = all.filter((p) => p.in === where);
      return {
        type: "object",
        properties: Object.fromEntries(own.map((p) => [p.name, rewriteRefs(p.schema ?? {})])),
        required: own.filter((p) => p.required).map((p) => p.name),
      };
    };
    const arrays = new Set(all.filter((p) => p.in === "query" && deref(document, p.schema)?.type === "array").map((p) => p.name as string));
    compiled.set(operationId, { path: ajv.compile(objectOf("path")), query: ajv.compile(objectOf("query")), arrays });
  }

  // Each requirement object lists schemes that must all be present; any one object will do.
  const requirements: string[][] = (document.security ?? []).map((requirement: Record<string, unknown>) =>
    Object.keys(requirement).map((scheme) => document.components.securitySchemes[scheme]).filter((s: any) => s?.in === "header").map((s: any) => String(s.name).toLowerCase()),
  );

  return {
    authorized(headers) {
      if (requirements.length === 0) return true;
      return requirements.some((names) => names.every((name) => typeof headers[name] === "string" && headers[name] !== ""));
    },

    parameters(operationId, path, search) {
      const checks = compiled.get(operationId)!;
      const declared = new Set(Object.keys((checks.query.schema as { properties: object }).properties));
      const query: Record<string, unknown> = {};
      for (const name of new Set(search.keys())) {
        if (!declared.has(name)) continue;
        const values = search.getAll(name);
        query[name] = checks.arrays.has(name) ? values : values.at(-1);
      }
      const pathValues: Record<string, unknown> = { ...path };
      const issues = [
        ...(checks.path(pathValues) ? [] : issuesOf(checks.path.errors, "/path")),
        ...(checks.query(query) ? [] : issuesOf(checks.query.errors, "/query")),
      ];
      return issues.length ? { ok: false, issues } : { ok: true, value: { path: pathValues, query } };
    },

    body(operationId, raw, contentType) {
      const facts = operationTable[operationId];
      const schema = facts.requestSchema;
      if (!schema) return { ok: true, value: undefined };
      const required = deref(document, deref(document, document.paths[facts.path])[facts.method].requestBody)?.required === true;
      if (raw.length === 0) {
        return required ? { ok: false, issues: [{ path: "", message: "a request body is required", keyword: "required" }] } : { ok: true, value: undefined };
      }
      if (!/^application\/json\b/i.test(contentType ?? "")) {
        return { ok: false, issues: [{ path: "", message: `must be sent as application/json, not ${contentType ?? "without a Content-Type"}`, keyword: "contentType" }] };
      }
      let value: unknown;
      try {
        value = JSON.parse(raw.toString("utf8"));
      } catch (error) {
        return { ok: false, issues: [{ path: "", message: `is not valid JSON: ${(error as Error).message}`, keyword: "json" }] };
      }
      const result = validators[schema](value);
      return result.ok ? { ok: true, value } : { ok: false, issues: result.errors };
    },
  };
}
