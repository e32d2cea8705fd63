// voucherify-customers-contract/mock: the Customers API mock as one
// fetch-style handler that runs anywhere (Node 20+, browsers, workers, MSW).
//
//   import { createCustomersMock } from "voucherify-customers-contract/mock";
//   const mock = createCustomersMock({ mode: "stateful", seed: 1 });
//   const response = await mock.handle(new Request("https://api.voucherify.io/v1/customers", {
//     headers: { "X-App-Id": "dev", "X-App-Token": "dev" },
//   }));
//
// createCustomersMock({ mode?: "static" | "stateful", seed?, customers?, latencyMs?, credentials? })
//   → { mode, handle(request: Request): Promise<Response>, store? }
// - Any origin: only the path and query of the request URL are read.
// - Both app-key headers (or the OAuth one, if the spec offers it) are
//   required: 401 with the documented example without, as the API does.
//   With `credentials: { appId, appToken }` only those keys pass: a wrong
//   one is the same 401 (the OAuth header alone is then refused too).
// - Requests are checked by the package's validators: 400 with an ApiError
//   whose `details` names each issue (`/query/limit: must be <= 100`).
//   Malformed escapes are 400, unknown paths 404, other methods 405 with
//   `Allow`, bodies over 10 MB 413, JSON nested more than 32 levels 400.
//   Static and stateful modes judge a request the same way; stateful mode
//   also refuses a customer larger than 512 KB as JSON (400), so nothing it
//   stores can make a later read fail, and all customers together are capped
//   at 128 MB as JSON (400 `store_full`).
// - `Prefer: code=404, example=notFound` or `?__code=404&__example=notFound`
//   picks any documented answer.
// - static: every valid request gets the operation's first documented
//   example. stateful: create/upsert, get by id or source_id, list (filters,
//   order, pages, starting_after), update, delete, permanent deletion and
//   bulk updates (all or nothing) work on `store` (starts with the list example's two
//   customers, or `customers`); other operations answer with their example,
//   or 404 for a customer the store does not have. `customers` (and every
//   import) must be customers the mock could serve (the Customer schema, the
//   depth and size limits a create meets, no ID or source_id twice):
//   otherwise a TypeError names
//   each customer at fault. The store copies what it is given and hands
//   out copies. A refused change draws no ID: with a seed, the next
//   customer gets the ID it would have got without it.
// - stateful: `store.export()` gives `{ customers }` as plain JSON, and
//   `store.import(snapshot)` replaces every customer with a snapshot's (each
//   validated; all or nothing: StoreImportError lists the problems and the
//   store is left as it was). `store.onChange(listener)` is called after each
//   change (the command's `--state FILE` saves through it). The store's
//   methods check what they are given as HTTP checks the same request
//   (request schemas, JSON data, depth): refused input is a StoreInputError
//   (a TypeError) naming each field, and nothing is stored.
// - 429 answers (picked with Prefer or __code) carry the documented
//   `Retry-After` header, as every documented answer carries its headers.
// - Every answer of an operation validates against the spec.
// - handle() never rejects; `latencyMs` delays every answer.
export { createMockEngine as createCustomersMock } from "./mock/engine.js";
export type { CustomersMock, CustomersMockMode, CustomersMockOptions } from "./mock/engine.js";
export type { CustomersMockCredentials } from "./mock/credentials.js";
export type { CustomerStore, CustomerStoreSnapshot, ListQuery } from "./mock/customer-store.js";
export { StoreImportError, StoreInputError } from "./mock/customer-store.js";
export { MAX_BODY_BYTES, MAX_BODY_DEPTH, MAX_CUSTOMER_BYTES, MAX_STORE_BYTES } from "./mock/limits.js";
