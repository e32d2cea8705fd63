// Finds the operation a request is for, from the generated operations table:
// method plus path template, literal paths before templated ones (the OpenAPI
// rule, so /v1/customers/importCSV is not read as a customer ID).
import { operationTable, type OperationFacts, type OperationId } from "../../generated/operations.js";

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

/** A path or query that is not valid percent-encoding (`%ZZ`, a cut-off UTF-8 sequence). */
export class BadEncodingError extends Error {}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadEncodingError(`${what} is not valid percent-encoding: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
  }
}

/** Throws BadEncodingError when the path or any query name or value has a malformed escape. */
export function checkEncoding(pathname: string, search: string): void {
  decode(pathname, "the path");
  for (const part of search.replace(/^\?/, "").split("&")) if (part) decode(part.replace(/\+/g, " "), "the query");
}

/** The operation for this method and path, or undefined when the spec has none. */
export function matchRoute(method: string, pathname: string): Route | undefined {
  const lower = method.toLowerCase();
  for (const template of templates) {
    if (template.facts.method !== lower) continue;
    const match = template.pattern.exec(pathname);
    if (!match) continue;
    const path: Record<string, string> = {};
    template.names.forEach((name, i) => {
      path[name] = decode(match[i + 1]!, `path parameter ${name}`);
    });
    return { operationId: template.operationId, facts: template.facts, path };
  }
  return undefined;
}

/** The methods the spec documents for this path (upper case, HEAD with GET), for `Allow`; empty for an unknown path. */
export function methodsAt(pathname: string): string[] {
  const methods = new Set<string>();
  for (const template of templates) if (template.pattern.test(pathname)) methods.add(template.facts.method.toUpperCase());
  if (methods.has("GET")) methods.add("HEAD");
  if (methods.size > 0) methods.add("OPTIONS");
  return [...methods];
}
