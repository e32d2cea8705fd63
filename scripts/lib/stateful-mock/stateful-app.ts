// The stateful mock (`npm run mock -- --stateful`): customers live in memory
// for the life of the process, so a create is seen by the next get, list,
// update or delete. It answers the operations that change or read customers
// itself; everything else (a chosen example or status, CSV import, activity,
// segments, redeemables) it hands back to Prism. Every request is checked
// against the spec first, and every answer is validated against the spec's
// schema for its status before it is sent; one that is not valid is never
// sent: the caller gets a 500 naming what was wrong.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CustomerListPage, ErrorBadRequest, ErrorNotFound, ErrorUnauthorized } from "../../../generated/examples.js";
import type { OperationId } from "../../../generated/operations.js";
import type { ValidationIssue } from "../../../generated/validators.js";
import type {
  ApiError,
  AsyncAction,
  CustomerBulkUpdateRequest,
  CustomerCreateRequest,
  CustomerMetadataBulkUpdateRequest,
  CustomerPermanentDeletion,
  CustomerUpdateRequest,
} from "../../../src/types.js";
import { picksPrismResponse, type MockRequest, type Outcome, type Responder } from "../mock-request.js";
import { GENERATED } from "../project-paths.js";
import { CustomerStore, StoreError, type ListQuery } from "./customer-store.js";
import { createIdSource, type IdSource } from "./ids.js";
import { createRequestChecks, type CheckedParameters } from "./request-checks.js";
import { checkResponse } from "./response-check.js";
import { BadPathError, matchRoute } from "./routes.js";

interface HandlerInput extends CheckedParameters {
  body: unknown;
  store: CustomerStore;
  ids: IdSource;
}

type Handler = (input: HandlerInput) => { status: number; body?: unknown };

const customerId = (input: HandlerInput) => String(input.path.customerId);

/** The operations the stateful mock answers itself. */
const HANDLERS: Partial<Record<OperationId, Handler>> = {
  listCustomers: ({ store, query }) => ({ status: 200, body: store.list(query as ListQuery) }),
  createCustomer: ({ store, body }) => ({ status: 200, body: store.upsert(body as CustomerCreateRequest).customer }),
  getCustomer: (input) => ({ status: 200, body: input.store.get(customerId(input)) }),
  updateCustomer: (input) => ({ status: 200, body: input.store.update(customerId(input), input.body as CustomerUpdateRequest) }),
  deleteCustomer: (input) => {
    input.store.remove(customerId(input));
    return { status: 204 };
  },
  deleteCustomerPermanently: (input) => {
    const customer = input.store.remove(customerId(input));
    const record: CustomerPermanentDeletion = {
      id: input.ids.deletion(),
      created_at: input.ids.now(),
      related_object_id: customer.id,
      related_object: "customer",
      status: "DONE",
      data_json: { events: 0, customer_events: 0, daily_events: 0, segments: 0, orders: 0, order_events: 0, customer: 1 },
      object: "pernament_deletion",
    };
    return { status: 200, body: record };
  },
  // The API runs these in the background; the mock applies them at once, so the next read sees them.
  updateCustomersInBulk: ({ store, ids, body }) => {
    store.bulkUpsert(body as CustomerBulkUpdateRequest);
    return { status: 202, body: { async_action_id: ids.asyncAction() } satisfies AsyncAction };
  },
  updateCustomersMetadataInBulk: ({ store, ids, body }) => {
    const { source_ids, metadata } = body as CustomerMetadataBulkUpdateRequest;
    store.mergeMetadata(source_ids, metadata);
    return { status: 202, body: { async_action_id: ids.asyncAction() } satisfies AsyncAction };
  },
};

export interface StatefulMockOptions {
  /** Makes generated IDs repeat from run to run. */
  seed?: string;
  /** Start with no customers instead of the two of the spec's list example. */
  empty?: boolean;
  clock?: () => number;
  /** The bundled spec; read from generated/openapi.json when not given. */
  document?: any;
}

export interface StatefulApp extends Responder {
  readonly store: CustomerStore;
}

export function createStatefulApp(options: StatefulMockOptions = {}): StatefulApp {
  const document = options.document ?? JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  const checks = createRequestChecks(document);
  const ids = createIdSource(options.seed, options.clock);
  const store = new CustomerStore(ids, options.empty ? [] : CustomerListPage.customers);

  const error = (template: ApiError, status: number, details?: string, resourceId?: string): { status: number; body: ApiError } => {
    const body: ApiError = { ...template, code: status, request_id: ids.request() };
    if (details === undefined) delete body.details;
    else body.details = details;
    if (resourceId === undefined) {
      delete body.resource_id;
      delete body.resource_type;
    } else {
      body.resource_id = resourceId;
      body.resource_type = "customer";
    }
    return { status, body };
  };
  const invalid = (issues: ValidationIssue[]) => error(ErrorBadRequest, 400, issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; "));

  function handle(request: MockRequest): Outcome {
    const url = new URL(request.url, "http://mock.invalid");
    let route;
    try {
      route = matchRoute(request.method, url.pathname);
    } catch (cause) {
      if (!(cause instanceof BadPathError)) throw cause;
      return { reply: { status: 400, body: error(ErrorBadRequest, 400, cause.message).body } };
    }
    // Paths the spec does not have, preflights, and picked examples or statuses are Prism's.
    if (!route || picksPrismResponse(request, url)) return { forward: true };
    const { operationId } = route;
    const handler = HANDLERS[operationId];
    if (!checks.authorized(request.headers)) return { reply: checkResponse(operationId, error(ErrorUnauthorized, 401)) };
    const parameters = checks.parameters(operationId, route.path, url.searchParams);
    if (!parameters.ok) return { reply: checkResponse(operationId, invalid(parameters.issues)) };
    if (!handler) {
      // Prism knows nothing of the customers created here: a deleted or unknown one is a 404 first.
      const id = route.path.customerId;
      if (id !== undefined && !store.find(id)) return { reply: checkResponse(operationId, error(ErrorNotFound, 404, `Cannot find customer with id ${id}`, id)) };
      return { forward: true };
    }
    const body = checks.body(operationId, request.body, request.headers["content-type"]);
    if (!body.ok) return { reply: checkResponse(operationId, invalid(body.issues)) };
    try {
      return { reply: checkResponse(operationId, handler({ ...parameters.value, body: body.value, store, ids })) };
    } catch (cause) {
      if (!(cause instanceof StoreError)) throw cause;
      const template = cause.status === 404 ? ErrorNotFound : ErrorBadRequest;
      return { reply: checkResponse(operationId, error({ ...template, key: cause.key }, cause.status, cause.message, cause.resourceId)) };
    }
  }

  return { handle, store };
}
