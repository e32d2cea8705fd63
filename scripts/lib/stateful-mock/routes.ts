// Finds the operation a request is for, from the generated operations table:
// method plus path template, literal paths before templated ones (the OpenAPI
// rule, so /v1/customers/importCSV is not read as a customer ID).
import { operationTable, type OperationFacts, type OperationId } from "../../../generated/operations.js";

export interface Route {
  operationId: OperationId;
  facts: OperationFacts;
  /** Path parameters, percent-decoded: a source ID may hold `/` as %2F. */
  path: Record<string, string>;
}

interface Template {
  operationId: OperationId;
  facts: OperationFacts;
  pattern: RegExp;
  names: string[];
}

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

const templates: Template[] = (Object.entries(operationTable) as Array<[OperationId, OperationFacts]>)
  .map(([operationId, facts]) => {
    const names = [...facts.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const source = facts.path.split(/\{[^}]+\}/).map(escape).join("([^/]+)");
    return { operationId, facts, pattern: new RegExp(`^${source}$`), names };
  })
  .sort((a, b) => a.names.length - b.names.length);

export class BadPathError extends Error {}

/** The operation for this method and path, or undefined when the spec has none. Throws BadPathError for malformed percent-encoding. */
export function matchRoute(method: string, pathname: string): Route | undefined {
  const lower = method.toLowerCase();
  for (const template of templates) {
    if (template.facts.method !== lower) continue;
    const match = template.pattern.exec(pathname);
    if (!match) continue;
    const path: Record<string, string> = {};
    template.names.forEach((name, i) => {
      try {
        path[name] = decodeURIComponent(match[i + 1]!);
      } catch {
        throw new BadPathError(`path parameter ${name} is not valid percent-encoding: ${match[i + 1]}`);
      }
    });
    return { operationId: template.operationId, facts: template.facts, path };
  }
  return undefined;
}
