// The client factory: one transport, one resource, and the raw typed client.
import { createCustomersResource, type CustomersResource } from "./customers-resource.js";
import type { CustomersClientOptions } from "./options.js";
import { createTransport, type Transport } from "./transport.js";

export interface CustomersClient {
  /** One method per Customers operation; resolves with the body, rejects with CustomersApiError. */
  readonly customers: CustomersResource;
  /** The typed openapi-fetch client, for `{ data, error, response }` style calls. Auth headers included. */
  readonly http: Transport["http"];
}

export function createCustomersClient(options: CustomersClientOptions): CustomersClient {
  const transport = createTransport(options);
  return Object.freeze({ customers: createCustomersResource(transport), http: transport.http });
}
