// The operations stateful mode answers from its store, each as the spec's
// operation description says. Operations not listed here answer with their
// documented example, once the customer they name is known to exist. The
// engine has checked the request already, so changes and lists go through
// forCheckedRequests (no second check, no copies), not the public methods.
import type { OperationId } from "../../generated/operations.js";
import type {
  AsyncAction,
  CustomerBulkUpdateRequest,
  CustomerCreateRequest,
  CustomerMetadataBulkUpdateRequest,
  CustomerPermanentDeletion,
  CustomerUpdateRequest,
} from "../types.js";
import { forCheckedRequests, storedCustomer, type CustomerStore, type ListQuery } from "./customer-store.js";
import type { MockAnswer } from "./answer.js";
import type { IdSource } from "./ids.js";
import type { CheckedParameters } from "./request-checks.js";

export interface HandlerInput extends CheckedParameters {
  body: unknown;
  store: CustomerStore;
  ids: IdSource;
}

export type Handler = (input: HandlerInput) => Pick<MockAnswer, "status" | "body" | "unchanging">;

const customerId = (input: HandlerInput) => String(input.path.customerId);

export const STATEFUL_HANDLERS: Partial<Record<OperationId, Handler>> = {
  listCustomers: ({ store, query }) => ({ status: 200, body: forCheckedRequests(store).list(query as ListQuery) }),
  createCustomer: ({ store, body }) => ({ status: 200, body: forCheckedRequests(store).upsert(body as CustomerCreateRequest).customer }),
  getCustomer: (input) => ({ status: 200, body: storedCustomer(input.store, customerId(input)), unchanging: true }),
  updateCustomer: (input) => ({ status: 200, body: forCheckedRequests(input.store).update(customerId(input), input.body as CustomerUpdateRequest) }),
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
    forCheckedRequests(store).bulkUpsert(body as CustomerBulkUpdateRequest);
    return { status: 202, body: { async_action_id: ids.asyncAction() } satisfies AsyncAction };
  },
  updateCustomersMetadataInBulk: ({ store, ids, body }) => {
    forCheckedRequests(store).mergeMetadata(body as CustomerMetadataBulkUpdateRequest);
    return { status: 202, body: { async_action_id: ids.asyncAction() } satisfies AsyncAction };
  },
};
