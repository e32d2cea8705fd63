// Whether one HTTP answer honours the spec: a documented status, the
// documented media type, and a body that satisfies that status's schema.
import { bodyChecker, type BodyChecker } from "./body-checker.js";
import type { PlannedOperation, PlannedResponse } from "./operation-plan.js";
import type { Exchange } from "./send-request.js";

export interface Violation {
  /** What part of the answer is wrong. */
  where: "status" | "content-type" | "body";
  /** JSON Pointer into the body ("" is the body itself; always "" for status and content-type). */
  pointer: string;
  message: string;
}

/** The documented response for a status: exact code, then `4XX`-style range, then `default`. */
export function documentedResponse(operation: PlannedOperation, status: number): { key: string; response: PlannedResponse } | undefined {
  for (const key of [String(status), `${String(status)[0]}XX`, "default"]) {
    const response = operation.responses[key] ?? operation.responses[key.toLowerCase()];
    if (response) return { key, response };
  }
  return undefined;
}

const isJson = (mediaType: string) => mediaType === "application/json" || /^application\/[^;]*\+json$/.test(mediaType);
const essence = (contentType: string | null) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/** Builds the checker for one operation once; the schemas do not change during a run. */
export function responseChecker(document: unknown, operation: PlannedOperation): (exchange: Exchange) => Violation[] {
  const checkers = new Map<string, BodyChecker>();
  const checkerFor = (key: string, response: PlannedResponse, mediaType: string) => {
    const id = `${key} ${mediaType}`;
    if (!checkers.has(id)) checkers.set(id, bodyChecker(document, isJson(mediaType) ? response.schemaName : null, response.content[mediaType]));
    return checkers.get(id)!;
  };

  return (exchange) => {
    const found = documentedResponse(operation, exchange.status);
    if (!found) {
      const documented = Object.keys(operation.responses).join(", ");
      return [{ where: "status", pointer: "", message: `status ${exchange.status} is not documented (documented: ${documented})` }];
    }
    const { key, response } = found;
    const mediaTypes = Object.keys(response.content);
    if (mediaTypes.length === 0) {
      return exchange.bodyText.length === 0
        ? []
        : [{ where: "body", pointer: "", message: `status ${key} is documented without a body, but ${exchange.bodyText.length} byte(s) came back` }];
    }
    const got = essence(exchange.contentType);
    const mediaType = mediaTypes.find((m) => m.toLowerCase() === got) ?? (isJson(got) ? mediaTypes.find(isJson) : undefined);
    if (!mediaType) {
      return [{ where: "content-type", pointer: "", message: `content-type ${got || "(none)"} is not documented for status ${key} (documented: ${mediaTypes.join(", ")})` }];
    }
    if (!isJson(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(exchange.bodyText);
    } catch {
      return [{ where: "body", pointer: "", message: `is not valid JSON (${exchange.bodyText.length} byte(s): ${JSON.stringify(exchange.bodyText.slice(0, 40))})` }];
    }
    return checkerFor(key, response, mediaType)(body).map((issue) => ({ where: "body", pointer: issue.path, message: issue.message }));
  };
}
