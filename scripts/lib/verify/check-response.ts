// The checks that read one answer on its own, whatever was asked: a 5xx, an
// undocumented status, content type or header, a body that breaks its
// schema, a slow answer. Each failure names the check that found it.
import { bodyChecker, type BodyChecker } from "./body-checker.js";
import type { CheckName } from "./checks.js";
import type { PlannedOperation, PlannedResponse } from "./operation-plan.js";
import { MAX_BODY_BYTES, type Exchange } from "./send-request.js";

export interface CheckFailure {
  check: CheckName;
  /** JSON Pointer into the body, for response_schema_conformance. */
  pointer?: string;
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

export const isJson = (mediaType: string) => mediaType === "application/json" || isStructuredJson(mediaType);
/** A JSON type by its structured syntax suffix (RFC 6839), e.g. application/problem+json. */
const isStructuredJson = (mediaType: string) => /^application\/[^;]*\+json$/.test(mediaType);
const essence = (contentType: string | null) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

// Grammars HTTP itself gives some headers, beyond what a JSON Schema can say
// about text (RFC 9110 §10.2.3: delay-seconds or an HTTP-date).
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const HEADER_GRAMMARS: Record<string, { test(value: string): boolean; says: string }> = {
  "retry-after": { test: (v) => /^\d+$/.test(v) || (HTTP_DATE.test(v) && !Number.isNaN(Date.parse(v))), says: "delay seconds or an HTTP date" },
};

/** Header text as the value its schema most likely means: a whole number when it looks like one. */
const headerValue = (text: string): unknown => (/^-?\d+$/.test(text) ? Number(text) : /^-?\d+\.\d+$/.test(text) ? Number(text) : text);

export interface ResponseCheckOptions {
  /** max_response_time's limit; no timing check without one. */
  maxResponseTimeMs?: number;
}

/** Builds the checker for one operation once; the schemas do not change during a run. */
export function responseChecker(document: unknown, operation: PlannedOperation, options: ResponseCheckOptions = {}): (exchange: Exchange) => CheckFailure[] {
  const checkers = new Map<string, BodyChecker>();
  const cached = (id: string, make: () => BodyChecker) => {
    if (!checkers.has(id)) checkers.set(id, make());
    return checkers.get(id)!;
  };

  function headerFailures(key: string, response: PlannedResponse, exchange: Exchange): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const [name, header] of Object.entries(response.headers)) {
      if (name.toLowerCase() === "content-type") continue; // content_type_conformance's
      const text = exchange.headers.get(name);
      if (text === null) {
        if (header.required) failures.push({ check: "response_headers_conformance", message: `header ${name} is required for status ${key} but missing` });
        continue;
      }
      const grammar = HEADER_GRAMMARS[name.toLowerCase()];
      if (grammar && !grammar.test(text.trim())) {
        failures.push({ check: "response_headers_conformance", message: `header ${name}: ${JSON.stringify(text)} is not ${grammar.says}` });
        continue;
      }
      const issues = cached(`header ${key} ${name}`, () => bodyChecker(document, null, header.schema))(headerValue(text.trim()));
      if (issues.length > 0) failures.push({ check: "response_headers_conformance", message: `header ${name}: ${JSON.stringify(text)} ${issues[0]!.message}` });
    }
    return failures;
  }

  function bodyFailures(key: string, response: PlannedResponse, exchange: Exchange): CheckFailure[] {
    const mediaTypes = Object.keys(response.content);
    if (mediaTypes.length === 0) {
      return exchange.bodyText.length === 0
        ? []
        : [{ check: "response_schema_conformance", pointer: "", message: `status ${key} is documented without a body, but ${exchange.bodyText.length} byte(s) came back` }];
    }
    const got = essence(exchange.contentType);
    // The documented type itself; a +json type stands in for another only where the spec documents a +json type
    // (application/json is not a wildcard for every vendor type, nor the other way round).
    const mediaType = mediaTypes.find((m) => m.toLowerCase() === got) ?? (isStructuredJson(got) ? mediaTypes.find((m) => isStructuredJson(m.toLowerCase())) : undefined);
    // A body in an undocumented type has no schema to hold it to.
    if (!mediaType) {
      return [{ check: "content_type_conformance", message: `content type ${got || "(none)"} is not documented for status ${key} (documented: ${mediaTypes.join(", ")})` }];
    }
    if (!isJson(mediaType.toLowerCase())) return [];
    if (exchange.bodyTooLarge) {
      return [{ check: "response_schema_conformance", pointer: "", message: `the body goes on past ${MAX_BODY_BYTES / 1024 / 1024} MiB; verify stopped reading it and cannot check it` }];
    }
    let body: unknown;
    try {
      body = JSON.parse(exchange.bodyText);
    } catch {
      return [{ check: "response_schema_conformance", pointer: "", message: `is not valid JSON (${exchange.bodyText.length} byte(s): ${JSON.stringify(exchange.bodyText.slice(0, 40))})` }];
    }
    const check = cached(`body ${key} ${mediaType}`, () => bodyChecker(document, response.schemaName, response.content[mediaType]));
    return check(body).map((issue) => ({ check: "response_schema_conformance" as const, pointer: issue.path, message: issue.message }));
  }

  return (exchange) => {
    const failures: CheckFailure[] = [];
    if (exchange.status >= 500) failures.push({ check: "not_a_server_error", message: `status ${exchange.status}${exchange.bodyText ? `: ${exchange.bodyText.slice(0, 80)}` : ""}` });
    if (options.maxResponseTimeMs !== undefined && exchange.elapsedMs > options.maxResponseTimeMs) {
      failures.push({ check: "max_response_time", message: `answered in ${Math.round(exchange.elapsedMs)} ms, over the limit of ${options.maxResponseTimeMs} ms` });
    }
    const found = documentedResponse(operation, exchange.status);
    if (!found) {
      const documented = Object.keys(operation.responses).join(", ");
      failures.push({ check: "status_code_conformance", message: `status ${exchange.status} is not documented (documented: ${documented})` });
      return failures;
    }
    failures.push(...headerFailures(found.key, found.response, exchange), ...bodyFailures(found.key, found.response, exchange));
    return failures;
  };
}
