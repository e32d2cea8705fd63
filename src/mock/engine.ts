// The mock engine: one fetch-style handler, `Request` in, `Response` out,
// with no `node:` imports, so the same code answers behind node:http (the
// `voucherify-customers-mock` command, `npm run mock`), inside MSW handlers
// and in a browser or worker. Every request is judged the same way in both
// modes (encoding, route, size, app keys, parameters, body); only what a
// valid request gets differs: the documented example (static) or the
// customers kept in memory (stateful). Every answer of an operation is
// validated against the spec before it is sent (response-check.ts).
import { CustomerListPage } from "../../generated/examples.js";
import type { OperationId } from "../../generated/operations.js";
import type { Customer } from "../types.js";
import { apiError, detailsOf, type MockAnswer } from "./answer.js";
import { CustomerStore, hasCustomer, StoreError } from "./customer-store.js";
import { customerListProblems } from "./customer-checks.js";
import { authorized, checkCredentialsOption, type CustomersMockCredentials } from "./credentials.js";
import { createIdSource } from "./ids.js";
import { MAX_BODY_BYTES } from "./limits.js";
import { BodyTooLarge, readBody } from "./read-body.js";
import { checkBody, checkParameters } from "./request-checks.js";
import { checkResponse } from "./response-check.js";
import { BadEncodingError, checkEncoding, matchRoute, methodsAt, type Route } from "./routes.js";
import { documentedAnswer, SelectionError, selectionOf, type Selection } from "./selection.js";
import { STATEFUL_HANDLERS } from "./stateful-handlers.js";

export type CustomersMockMode = "static" | "stateful";

export interface CustomersMockOptions {
  /** "static" (default): every valid request gets its documented example. "stateful": customers persist between calls. */
  mode?: CustomersMockMode;
  /** Makes generated IDs and request IDs repeat from run to run. */
  seed?: string | number;
  /**
   * Stateful mode's first customers; default: the two of the spec's list
   * example. Each must be one the mock could serve (a valid `Customer`,
   * within the depth and size limits a create meets, no ID or source_id
   * twice; a record exported from a real account passes); otherwise
   * createCustomersMock throws a TypeError naming each one at fault. Copied:
   * changing them afterwards changes nothing.
   */
  customers?: readonly Customer[];
  /** Waits this long before each answer, to show loading states. */
  latencyMs?: number;
  /**
   * The app keys to insist on: a request whose X-App-Id or X-App-Token differs
   * gets the documented 401 (and `Authorization` alone is refused). Default:
   * any non-empty keys, as Prism takes them.
   */
  credentials?: CustomersMockCredentials;
}

export interface CustomersMock {
  readonly mode: CustomersMockMode;
  /** Answers one request. Never rejects: a bug in the mock is a 500 with an ApiError body. */
  handle(request: Request): Promise<Response>;
  /** Stateful mode's customers (undefined in static mode). */
  readonly store?: CustomerStore;
}

/** A request that passed every check, offered to a front that may answer it itself (the Prism front's dynamic data). */
export interface CheckedRequest {
  request: Request;
  body: Uint8Array;
  operationId: OperationId;
  selection: Selection | undefined;
}

export interface EngineOptions extends CustomersMockOptions {
  /** Called for each checked request; an answer it returns is sent as it is. */
  delegate?: (checked: CheckedRequest) => Promise<Response | undefined> | undefined;
}

/** The `customers` option, checked as every customer the store keeps is (customer-checks.ts): refused data is a TypeError naming each customer at fault. */
function initialCustomers(customers: readonly Customer[] | undefined): readonly Customer[] {
  if (customers === undefined) return CustomerListPage.customers;
  if (!Array.isArray(customers)) throw new TypeError("createCustomersMock: `customers` must be an array of Customer objects");
  const problems = customerListProblems(customers);
  if (problems.length === 0) return customers;
  const byCustomer = new Map<number | undefined, string[]>();
  for (const { index, path, message } of problems) {
    const found = byCustomer.get(index) ?? [];
    found.push(path ? `${path}: ${message}` : message);
    byCustomer.set(index, found);
  }
  const lines = [...byCustomer].map(([index, found]) => (index === undefined ? found.join("; ") : `customers[${index}] is not a valid Customer: ${found.join("; ")}`));
  if (lines.length > 10) lines.splice(10, Infinity, `… and ${lines.length - 10} more`);
  throw new TypeError(`createCustomersMock: ${lines.join("; ")}`);
}

/** Documented examples and stored customers are sent again and again, and never change: each is serialized once. */
const serializedBodies = new WeakMap<object, string>();

function serialize(answer: MockAnswer): string {
  const body = answer.body;
  if (!(answer.documented || answer.unchanging) || body === null || typeof body !== "object") return JSON.stringify(body);
  let text = serializedBodies.get(body);
  if (text === undefined) serializedBodies.set(body, (text = JSON.stringify(body)));
  return text;
}

function toResponse(answer: MockAnswer, method: string): Response {
  const headers = new Headers(answer.headers);
  let text: string | null = null;
  if (answer.body !== undefined) {
    text = serialize(answer);
    headers.set("content-type", "application/json");
  }
  return new Response(method === "HEAD" || answer.status === 204 ? null : text, { status: answer.status, headers });
}

/** What a thrown value says, without throwing again (its `message` or `toString` may). */
function messageOf(cause: unknown): string {
  try {
    return String((cause as Error)?.message ?? cause);
  } catch {
    return "a value that cannot be printed was thrown";
  }
}

/**
 * Undefined for a Request (from any realm or polyfill: its url, method and
 * headers are what is read); otherwise what was given, in words. What throws
 * here (a hostile Proxy) is answered by handle()'s own catch.
 */
function notARequest(input: unknown): string | undefined {
  const candidate = input as Partial<Request> | null | undefined;
  if (typeof candidate?.url === "string" && typeof candidate.method === "string" && typeof candidate.headers?.get === "function") return undefined;
  if (input === null || input === undefined) return String(input);
  if (typeof input === "string") return `the string ${JSON.stringify(input.length > 100 ? `${input.slice(0, 100)}…` : input)}`;
  if (typeof input !== "object" && typeof input !== "function") return `the ${typeof input} ${String(input)}`;
  const name: unknown = Object.getPrototypeOf(input)?.constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name}` : "a plain object";
}

export function createMockEngine(options: EngineOptions = {}): CustomersMock {
  const mode = options.mode ?? "static";
  if (mode !== "static" && mode !== "stateful") throw new TypeError(`createCustomersMock: mode must be "static" or "stateful", got ${JSON.stringify(mode)}`);
  const latencyMs = options.latencyMs ?? 0;
  if (typeof latencyMs !== "number" || !(latencyMs >= 0)) throw new TypeError("createCustomersMock: latencyMs must be a number of milliseconds, 0 or more");
  const credentials = checkCredentialsOption(options.credentials);
  const ids = createIdSource(options.seed === undefined ? undefined : String(options.seed));
  const store = mode === "stateful" ? new CustomerStore(ids, initialCustomers(options.customers)) : undefined;

  const error = (status: number, fields: Parameters<typeof apiError>[2] = {}, extra: Partial<MockAnswer> = {}): MockAnswer => ({
    status,
    body: apiError(status, ids.request(), fields),
    ...extra,
  });

  /** What a checked request of `route` gets from the store or the examples. */
  function answerOf(route: Route, parameters: { path: Record<string, unknown>; query: Record<string, unknown> }, body: unknown, selection: Selection | undefined): MockAnswer {
    const { operationId } = route;
    if (selection && (selection.code !== undefined || selection.example !== undefined)) return documentedAnswer(operationId, selection);
    if (!store) return documentedAnswer(operationId);
    const handler = STATEFUL_HANDLERS[operationId];
    if (!handler) {
      // The examples know nothing of this store's customers: an unknown one is a 404 first.
      const id = route.path.customerId;
      if (id !== undefined && !hasCustomer(store, id)) return error(404, { details: `Cannot find customer with id ${id}`, resourceId: id });
      return documentedAnswer(operationId);
    }
    try {
      return handler({ ...parameters, body, store, ids });
    } catch (cause) {
      if (!(cause instanceof StoreError)) throw cause;
      return error(cause.status, { key: cause.key, details: cause.message, ...(cause.resourceId !== undefined ? { resourceId: cause.resourceId } : {}) });
    }
  }

  async function decide(request: Request, method: string): Promise<MockAnswer | Response> {
    const url = new URL(request.url);
    try {
      checkEncoding(url.pathname, url.search);
    } catch (cause) {
      if (cause instanceof BadEncodingError) return error(400, { key: "invalid_request", message: "Malformed URL", details: cause.message });
      throw cause;
    }
    const route = matchRoute(method === "HEAD" ? "GET" : method, url.pathname);
    if (!route) {
      const allowed = methodsAt(url.pathname);
      if (allowed.length === 0) return error(404, { key: "not_found", message: "Resource not found", details: `The Customers API has no operation at ${url.pathname}` });
      const allow = { Allow: allowed.join(", ") };
      if (method === "OPTIONS") return { status: 204, headers: allow };
      return error(405, { key: "method_not_allowed", details: `${method} is not allowed on ${url.pathname}; use ${allowed.join(", ")}` }, { headers: allow });
    }
    const { operationId } = route;
    const finish = (answer: MockAnswer) => checkResponse(operationId, answer, ids.request);
    let raw: Uint8Array;
    try {
      raw = await readBody(request, MAX_BODY_BYTES);
    } catch (cause) {
      if (cause instanceof BodyTooLarge) return error(413, { details: cause.message }, { operationId });
      return finish(error(400, { key: "invalid_request", details: `The request body could not be read: ${(cause as Error)?.message}` }));
    }
    // The documented 401 as it is, as Prism sends it: nothing about the request to report.
    if (!authorized(request.headers, credentials)) return finish(documentedAnswer(operationId, { code: "401" }));
    const parameters = checkParameters(operationId, route.path, url.searchParams);
    if (!parameters.ok) return finish(error(400, { details: detailsOf(parameters.issues) }));
    const body = await checkBody(operationId, raw, request.headers.get("content-type"));
    if (!body.ok) return finish(error(400, { details: detailsOf(body.issues, body.moreInvalidItems) }));
    const selection = selectionOf(request.headers, url.searchParams);
    const delegated = await options.delegate?.({ request, body: raw, operationId, selection });
    if (delegated) return delegated;
    try {
      return finish(answerOf(route, parameters.value, body.value, selection));
    } catch (cause) {
      if (cause instanceof SelectionError) return finish(error(400, { key: "invalid_selection", message: "Unknown example or status", details: cause.message }));
      throw cause;
    }
  }

  const failed = (details: string) => error(500, { key: "mock_error", message: "The mock failed", details });

  async function handle(request: Request): Promise<Response> {
    // Read once, guarded: a value that is not a Request must still get an answer, not a rejection.
    let method = "GET";
    let result: MockAnswer | Response;
    try {
      const given = notARequest(request);
      if (given !== undefined) {
        result = failed(`handle(request) takes a Request; it was given ${given}`);
      } else {
        method = request.method.toUpperCase();
        result = await decide(request, method);
      }
    } catch (cause) {
      // A bug in the mock must not reject the caller's fetch: say what happened instead.
      console.error("customers mock: request failed:", cause);
      result = failed(messageOf(cause));
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (result instanceof Response) return result;
    try {
      return toResponse(result, method);
    } catch (cause) {
      return toResponse(failed(`its answer could not be serialized: ${messageOf(cause)}`), method);
    }
  }

  return { mode, handle, ...(store ? { store } : {}) };
}
