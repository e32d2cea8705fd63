// Entry point `voucherify-customers-contract/msw`: MSW 2 handlers onto the
// package's mock engine. `msw` is an optional peer dependency; import this
// entry only where MSW is installed. Imports no `node:` module, so the same
// handlers serve `setupServer` (msw/node) and `setupWorker` (msw/browser).
export {
  createCustomersHandlers,
  override,
  scenario,
  type CustomersHandlers,
  type CustomersHandlersOptions,
} from "./msw/create-customers-handlers.js";
export { CLUSTER_BASE_URLS, type BaseUrlOption } from "./msw/base-urls.js";
export type { OperationHandlerOptions, OverrideResolver, ScenarioOptions } from "./msw/operation-handlers.js";
export type { OperationId, OperationParams, OperationRequestBody, OperationResponseBody, OperationStatus } from "./msw/operation-types.js";
