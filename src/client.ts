// Entry point `voucherify-customers-contract/client`. Imports no `node:`
// module, so it runs in browsers, Node 20+, Deno and workers.
export { createCustomersClient, type CustomersClient } from "./client/create-customers-client.js";
export { CustomersApiError, type CustomersApiErrorConstructor, type CustomersApiErrorInit, type CustomersApiErrorVariant, type CustomersErrorKind } from "./client/customers-api-error.js";
export type {
  AppKeyAuth,
  CallOptions,
  Cluster,
  CustomersClientAuth,
  CustomersClientOptions,
  CustomersClientSettings,
  CustomersLogEvent,
  OAuthAuth,
  RetryOptions,
  ValidateOptions,
} from "./client/options.js";
export type { CustomersResource } from "./client/customers-resource.js";
export { CHANNEL } from "./client/request.js";
