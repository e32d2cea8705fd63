// Follows an OpenAPI link from one answer to the next request: the link's
// runtime expressions ($response.body#/id, $request.path.customerId, …) are
// read from the exchange that produced it (OpenAPI 3.1 §4.8.20.4).
import type { PlannedLink, PlannedOperation } from "./operation-plan.js";
import type { RequestCase } from "./request-cases.js";
import type { Exchange } from "./send-request.js";

export interface Step {
  operation: PlannedOperation;
  testCase: RequestCase;
  exchange: Exchange;
}

function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let current: any = value;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object" || !(segment in current)) return undefined;
    current = current[segment];
  }
  return current;
}

function parsedBody(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.bodyText);
  } catch {
    return undefined;
  }
}

/** The value of a runtime expression against one step; a non-expression is a literal. */
export function evaluateExpression(expression: unknown, step: Step): unknown {
  if (typeof expression !== "string" || !expression.startsWith("$")) return expression;
  if (expression === "$statusCode") return step.exchange.status;
  if (expression === "$method") return step.exchange.method;
  if (expression === "$url") return step.exchange.request.url;
  const body = /^\$(request|response)\.body(?:#(.*))?$/.exec(expression);
  if (body) {
    const source = body[1] === "response" ? parsedBody(step.exchange) : step.testCase.body?.value;
    return atPointer(source, decodeURIComponent(body[2] ?? ""));
  }
  const part = /^\$request\.(path|query|header)\.(.+)$/.exec(expression);
  if (part) {
    const wanted = part[1] === "header" ? part[2]!.toLowerCase() : part[2]!;
    const found = Object.entries(step.testCase.params).find(([k]) => (part[1] === "header" ? k.toLowerCase() : k) === `${part[1]}:${wanted}`);
    return found?.[1];
  }
  const header = /^\$response\.header\.(.+)$/.exec(expression);
  if (header) return step.exchange.headers.get(header[1]!) ?? undefined;
  throw new Error(`link expression ${expression} is not supported`);
}

/** The longest value (as JSON text) a link may carry into a request: an id is short; a 10 MB "id" is a hostile answer. */
export const MAX_LINK_VALUE_CHARS = 2048;

const tooLarge = (value: unknown) => (typeof value === "string" ? value.length : (JSON.stringify(value)?.length ?? 0)) > MAX_LINK_VALUE_CHARS;

/**
 * The request a link describes, for its target operation; undefined when a
 * value it needs is missing (a customer without a source_id, an empty page)
 * or longer than MAX_LINK_VALUE_CHARS.
 */
export function followLink(link: PlannedLink, from: Step, target: PlannedOperation, label: string): RequestCase | undefined {
  const params: Record<string, unknown> = {};
  for (const [name, expression] of Object.entries(link.parameters ?? {})) {
    const qualified = /^(path|query|header|cookie)\.(.+)$/.exec(name);
    const parameter = target.parameters.find((p) => (qualified ? p.in === qualified[1] && p.name === qualified[2] : p.name === name));
    if (!parameter) throw new Error(`link to ${target.id} sets parameter ${name}, which ${target.id} does not have`);
    const value = evaluateExpression(expression, from);
    if (value === undefined || value === null || value === "" || tooLarge(value)) return undefined;
    params[`${parameter.in}:${parameter.name}`] = value;
  }
  const body = link.requestBody === undefined ? undefined : evaluateExpression(link.requestBody, from);
  if (body !== undefined && tooLarge(body)) return undefined;
  return { source: "example", label, params, ...(body !== undefined ? { body: { value: body } } : {}) };
}

/** The link of that name on the documented 2xx response the step got. */
export function linkOf(step: Step, name: string): PlannedLink | undefined {
  const response = step.operation.responses[String(step.exchange.status)] ?? step.operation.responses["2XX"];
  return response?.links[name];
}
