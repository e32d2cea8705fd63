// The HTTP machinery every resource method shares: openapi-fetch underneath,
// auth and channel headers, optional validation, and the mapping of every
// failure to a CustomersApiError with the app token redacted.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { contractVersion, operationTable, type OperationFacts, type OperationId } from "../../generated/operations.js";
import type { paths } from "../../generated/schema.js";
import type { ValidationIssue } from "../../generated/validators.js";
import { CustomersApiError, type CustomersApiErrorInit } from "./customers-api-error.js";
import { resolveBaseUrl, resolveValidation, type CallOptions, type CustomersClientOptions } from "./options.js";

export const CHANNEL = `voucherify-customers-contract/${contractVersion}`;

/** What a resource method hands the transport. */
export interface CallInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  bodySerializer?: (body: any) => BodyInit;
}

export interface Transport {
  /** The typed openapi-fetch client, for `{ data, error }` style calls. */
  readonly http: Client<paths>;
  call(operationId: OperationId, input: CallInput, options?: CallOptions): Promise<unknown>;
}

type Validators = typeof import("../validators.js");

function authMiddleware(appId: string, appToken: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("X-App-Id", appId);
      request.headers.set("X-App-Token", appToken);
      if (!request.headers.has("X-Voucherify-Channel")) request.headers.set("X-Voucherify-Channel", CHANNEL);
    },
  };
}

/** Prism lists what it found wrong with a request in this header, as JSON. */
function mockViolations(header: string | null): string[] | undefined {
  if (!header) return undefined;
  try {
    const list = JSON.parse(header);
    return Array.isArray(list) ? list.map((v) => String(v?.message ?? v)) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(response: Response): Promise<{ body?: unknown }> {
  const text = await response.text().catch(() => "");
  if (text === "") return {};
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { body: text };
  }
}

export function createTransport(options: CustomersClientOptions): Transport {
  if (!options || typeof options.appId !== "string" || typeof options.appToken !== "string" || !options.appId || !options.appToken) {
    throw new TypeError("createCustomersClient needs appId and appToken (strings).");
  }
  const { appId, appToken } = options;
  const validation = resolveValidation(options.validate);
  const http = createClient<paths>({
    baseUrl: resolveBaseUrl(options),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: options.headers,
  });
  http.use(authMiddleware(appId, appToken));

  // The validators are large; load them only when validation is switched on,
  // so bundlers keep them out of the client chunk.
  let validators: Promise<Validators> | undefined;
  const loadValidators = () => (validators ??= import("../validators.js"));

  const redact = (text: string) => text.split(appToken).join("[REDACTED]");
  const redactDeep = (value: unknown): unknown =>
    value === undefined ? undefined : typeof value === "string" ? redact(value) : JSON.parse(redact(JSON.stringify(value)));

  const fail = (init: CustomersApiErrorInit) =>
    new CustomersApiError({
      ...init,
      mockViolations: init.mockViolations?.map(redact),
      body: redactDeep(init.body),
      rawBody: init.rawBody === undefined ? undefined : redact(init.rawBody),
      cause: init.cause instanceof Error ? new Error(redact(init.cause.message)) : undefined,
    });

  async function check(schema: string | null | undefined, value: unknown): Promise<ValidationIssue[]> {
    if (!schema) return [];
    const { validators: all } = await loadValidators();
    const result = all[schema as keyof typeof all](value);
    return result.ok ? [] : result.errors;
  }

  async function call(operationId: OperationId, input: CallInput, callOptions: CallOptions = {}): Promise<unknown> {
    const facts: OperationFacts = operationTable[operationId];
    const where = { operationId, method: facts.method, path: facts.path };
    if (validation.request && facts.requestSchema) {
      const issues = await check(facts.requestSchema, input.body);
      if (issues.length) throw fail({ ...where, kind: "request-validation", issues });
    }
    let result: { response: Response; error?: unknown };
    try {
      result = await http.request(facts.method as "get", facts.path as never, {
        params: { path: input.path, query: input.query },
        body: input.body,
        ...(input.bodySerializer ? { bodySerializer: input.bodySerializer } : {}),
        headers: callOptions.headers,
        signal: callOptions.signal,
        // Parse the body ourselves: an empty or non-JSON 2xx must not throw.
        parseAs: "stream",
      } as never);
    } catch (cause) {
      const aborted = callOptions.signal?.aborted || (cause as Error)?.name === "AbortError";
      throw fail({ ...where, kind: aborted ? "aborted" : "network", cause });
    }
    const { response } = result;
    if (!response.ok) {
      // openapi-fetch has already read an error body: parsed JSON, or the text.
      const error = result.error;
      const parsed = typeof error === "string" || error === undefined ? { rawBody: error ?? "" } : { body: error };
      const violations = mockViolations(response.headers.get("sl-violations"));
      throw fail({ ...where, kind: "api", status: response.status, ...parsed, ...(violations ? { mockViolations: violations } : {}) });
    }
    const { body } = await readBody(response);
    if (validation.response) {
      const issues = await check(facts.responseSchemas[String(response.status)], body);
      if (issues.length) throw fail({ ...where, kind: "response-validation", status: response.status, body, issues });
    }
    return body;
  }

  return { http, call };
}
