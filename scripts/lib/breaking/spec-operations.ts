// Reads the operations of a bundled OpenAPI document in the shape the guard
// compares them: keyed by method and path shape, parameters merged from the
// path item and the operation, $refs of parameters, bodies and responses followed.
import { deref } from "../../../src/spec/refs.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export interface OperationEntry {
  /** `POST /v1/customers/{}`: method and path with parameter names blanked, so renaming one is not a new path. */
  key: string;
  /** `POST /v1/customers/{customerId}`, for people. */
  label: string;
  operationId: string | undefined;
  path: string;
  method: string;
  operation: any;
  /** Effective parameters by `in:name` (operation-level ones override the path item's). */
  parameters: Map<string, any>;
  /** Effective security: the operation's, else the document's. */
  security: Array<Record<string, string[]>>;
}

export function readOperations(document: any): Map<string, OperationEntry> {
  const entries = new Map<string, OperationEntry>();
  for (const [path, rawItem] of Object.entries<any>(document?.paths ?? {})) {
    const item = deref(document, rawItem).node ?? {};
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || typeof operation !== "object") continue;
      const parameters = new Map<string, any>();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = deref(document, raw).node;
        if (parameter?.name && parameter.in) parameters.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;
      entries.set(key, {
        key,
        label: `${method.toUpperCase()} ${path}`,
        operationId: operation.operationId,
        path,
        method,
        operation,
        parameters,
        security: operation.security ?? document.security ?? [],
      });
    }
  }
  return entries;
}

/** Path parameter names in the order they appear in the path template. */
export const pathParameterNames = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
