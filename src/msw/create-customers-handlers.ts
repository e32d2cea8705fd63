// `createCustomersHandlers(options)`: MSW 2 handlers that hand every request
// for the Customers API's base URLs to one mock engine (src/mock), for
// `setupServer(...)` in Node and `setupWorker(...)` in a browser. The handlers
// are a door, not a second mock: routing, checks, examples and state are the
// engine's.
import { http, type HttpHandler } from "msw";
import { createCustomersMock, type CustomersMock, type CustomersMockOptions } from "../mock.js";
import { basePattern, resolveBaseUrls, type BaseUrlOption } from "./base-urls.js";
import { toEngineRequest } from "./engine-request.js";
import {
  baseUrlsOf,
  cleanUrl,
  createOverride,
  createScenario,
  type OperationHandlerOptions,
  type OverrideResolver,
  type ScenarioOptions,
} from "./operation-handlers.js";
import type { OperationId, OperationStatus } from "./operation-types.js";

export interface CustomersHandlersOptions extends CustomersMockOptions {
  /**
   * Base URL(s) to answer, such as "http://localhost:5173/api" or, in a
   * browser, "/api". Default: the three Voucherify clusters.
   */
  baseUrl?: BaseUrlOption;
}

/** The handlers (spread them into `setupServer`/`setupWorker`), plus helpers bound to the same base URLs and engine. */
export interface CustomersHandlers extends Array<HttpHandler> {
  /** The engine answering the requests; in stateful mode `mock.store` holds the customers. */
  readonly mock: CustomersMock;
  /** The base URLs these handlers answer. */
  readonly baseUrls: readonly string[];
  /** Your resolver for one operation, in front of the engine: `server.use(handlers.override("getCustomer", ...))`. */
  override<Id extends OperationId>(operationId: Id, resolver: OverrideResolver<Id>, options?: Omit<OperationHandlerOptions, "baseUrl">): HttpHandler;
  /** One documented status (and example) of one operation, from this engine: `server.use(handlers.scenario("getCustomer", 404))`. */
  scenario<Id extends OperationId>(operationId: Id, status: OperationStatus<Id>, options?: Omit<ScenarioOptions, "baseUrl">): HttpHandler;
}

export function createCustomersHandlers(options: CustomersHandlersOptions = {}): CustomersHandlers {
  if (options === null || typeof options !== "object") throw new TypeError("createCustomersHandlers(options): options must be an object.");
  const { baseUrl, ...engineOptions } = options;
  const baseUrls = resolveBaseUrls(baseUrl);
  // Stateful by default: a test double that remembers a create is what
  // frontend tests want; `mode: "static"` gives the documented examples only.
  const mock = createCustomersMock({ ...engineOptions, mode: engineOptions.mode ?? "stateful" });
  // Every path under a base URL, known to the spec or not, is the engine's
  // (an unknown path gets the engine's 404 instead of reaching the real API).
  const pattern = new RegExp(`${basePattern(baseUrls)}(?:/.*)?$`);
  const engineHandler = http.all(pattern, async ({ request }) => {
    const matched = pattern.exec(cleanUrl(request.url))?.[1];
    return mock.handle(await toEngineRequest(request, { baseUrl: matched }));
  });
  const handlers = [engineHandler] as unknown as CustomersHandlers;
  // Not enumerable: spreading or logging the array shows only the handlers.
  Object.defineProperties(handlers, {
    mock: { value: mock },
    baseUrls: { value: Object.freeze([...baseUrls]) },
    override: { value: <Id extends OperationId>(id: Id, resolver: OverrideResolver<Id>, opts?: OperationHandlerOptions) => createOverride(id, resolver, baseUrls, opts?.once) },
    scenario: {
      value: <Id extends OperationId>(id: Id, status: OperationStatus<Id>, opts?: ScenarioOptions) => createScenario(id, status, opts, baseUrls, () => mock),
    },
  });
  return handlers;
}

// The stand-alone helpers answer scenarios from one static engine, made on first use.
let sharedStatic: CustomersMock | undefined;
const staticMock = () => (sharedStatic ??= createCustomersMock({ mode: "static" }));

/** Your resolver for one operation, for `server.use(...)`; base URLs as in `createCustomersHandlers`. */
export function override<Id extends OperationId>(operationId: Id, resolver: OverrideResolver<Id>, options?: OperationHandlerOptions): HttpHandler {
  return createOverride(operationId, resolver, baseUrlsOf(options, () => resolveBaseUrls(undefined)), options?.once);
}

/** One documented status (and optionally a named example) of one operation, for `server.use(...)`. */
export function scenario<Id extends OperationId>(operationId: Id, status: OperationStatus<Id>, options?: ScenarioOptions): HttpHandler {
  return createScenario(operationId, status, options, baseUrlsOf(options, () => resolveBaseUrls(undefined)), staticMock);
}
