// Per-operation MSW handlers: `override` (your resolver for one operation)
// and `scenario` (one documented status or example of one operation, answered
// by the mock engine through the `Prefer` header it already understands).
// Both match the operation's method and path under the base URLs only, so
// they sit in front of the catch-all engine handler via `server.use(...)`.
import { http, type DefaultBodyType, type HttpHandler, type HttpResponseResolver } from "msw";
import { operationTable, type OperationFacts } from "../../generated/operations.js";
import type { CustomersMock } from "../mock.js";
import { basePattern, pathPattern, resolveBaseUrls, type BaseUrlOption } from "./base-urls.js";
import { toEngineRequest } from "./engine-request.js";
import type { OperationId, OperationParams, OperationRequestBody, OperationResponseBody, OperationStatus } from "./operation-types.js";

export interface OperationHandlerOptions {
  /** Base URL(s) to match; the Voucherify clusters when left out. */
  baseUrl?: BaseUrlOption;
  /** Answer only the first matching request (MSW's `once`). */
  once?: boolean;
}

export interface ScenarioOptions extends OperationHandlerOptions {
  /** A named example of that status (`notFound`, `tooManyRequests`, ...); the first documented one when left out. */
  example?: string;
}

/**
 * Your resolver for one operation: `params` by the spec's names, `request.json()`
 * typed as the operation's body, and `HttpResponse.json(...)` checked against
 * its documented response bodies. Return nothing to let the mock answer.
 */
export type OverrideResolver<Id extends OperationId> = HttpResponseResolver<
  OperationParams<Id>,
  Extract<OperationRequestBody<Id>, DefaultBodyType>,
  Extract<OperationResponseBody<Id>, DefaultBodyType>
>;

export interface OperationRoute {
  operationId: OperationId;
  facts: OperationFacts;
  pattern: RegExp;
  names: string[];
}

/** The method and URL pattern of one operation under the given base URLs; a clear error for an unknown operation ID. */
export function operationRoute(operationId: unknown, baseUrls: readonly string[]): OperationRoute {
  const facts = typeof operationId === "string" && Object.hasOwn(operationTable, operationId) ? operationTable[operationId as OperationId] : undefined;
  if (!facts) throw new TypeError(`Unknown operation ${JSON.stringify(operationId)}; use one of ${Object.keys(operationTable).join(", ")}.`);
  const path = pathPattern(facts.path);
  return { operationId: operationId as OperationId, facts, pattern: new RegExp(`${basePattern(baseUrls)}${path.source}$`), names: path.names };
}

/** The URL without query and fragment, as the patterns see it. */
export function cleanUrl(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}

/** Path parameters of a matched URL, percent-decoded (a `source_id` may hold `/` as %2F). */
function paramsOf(route: OperationRoute, url: string): Record<string, string> {
  const match = route.pattern.exec(cleanUrl(url));
  const params: Record<string, string> = {};
  route.names.forEach((name, i) => {
    const raw = match?.[i + 2] ?? "";
    try {
      params[name] = decodeURIComponent(raw);
    } catch {
      params[name] = raw;
    }
  });
  return params;
}

function handlerFor(route: OperationRoute, resolver: HttpResponseResolver<any, any, any>, once: boolean | undefined): HttpHandler {
  // A RegExp path covers every base URL with one handler; the parameters are
  // read from our own pattern, by the spec's names.
  return http[route.facts.method](route.pattern, (info) => resolver({ ...info, params: paramsOf(route, info.request.url) }), { once: once === true });
}

export function createOverride<Id extends OperationId>(operationId: Id, resolver: OverrideResolver<Id>, baseUrls: readonly string[], once?: boolean): HttpHandler {
  const route = operationRoute(operationId, baseUrls);
  if (typeof resolver !== "function") throw new TypeError(`override("${operationId}", resolver): resolver must be a function ({ params, request }) => Response | undefined.`);
  return handlerFor(route, resolver as HttpResponseResolver<any, any, any>, once);
}

export function createScenario<Id extends OperationId>(
  operationId: Id,
  status: OperationStatus<Id>,
  options: ScenarioOptions | undefined,
  baseUrls: readonly string[],
  mock: () => CustomersMock,
): HttpHandler {
  const route = operationRoute(operationId, baseUrls);
  const documented = Object.keys(route.facts.responseSchemas);
  if (!documented.includes(String(status))) {
    throw new TypeError(`scenario("${operationId}", ${JSON.stringify(status)}): not a documented status of ${operationId}; use one of ${documented.join(", ")}.`);
  }
  const example = options?.example;
  if (example !== undefined && (typeof example !== "string" || !/^[A-Za-z0-9_.-]+$/.test(example))) {
    throw new TypeError(`scenario("${operationId}", ${status}): example must be an example name such as "notFound", got ${JSON.stringify(example)}.`);
  }
  const prefer = `code=${status}${example ? `, example=${example}` : ""}`;
  const baseOf = (url: string) => route.pattern.exec(cleanUrl(url))?.[1];
  return handlerFor(
    route,
    async ({ request }) => mock().handle(await toEngineRequest(request, { baseUrl: baseOf(request.url), headers: { prefer } })),
    options?.once,
  );
}

/** Base URLs of a per-operation handler: its own option, else the given default. */
export const baseUrlsOf = (options: OperationHandlerOptions | undefined, fallback: () => string[]): string[] =>
  options?.baseUrl === undefined ? fallback() : resolveBaseUrls(options.baseUrl);
