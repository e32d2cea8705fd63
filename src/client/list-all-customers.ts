// Walks every page of the customer list for the caller. Page numbers stop at
// 99, so for creation-time orders this follows the API's `starting_after`
// cursor (the created_at of the last customer seen), as Voucherify's own SDK
// does; other orders page by number and say so when page 99 is not the end.
// `has_more` is optional (Voucherify's own list example leaves it out); when a
// page does not say, a full page or a `total` above what was seen means "go on".
import type { Customer, CustomerList } from "../../generated/schema.js";
import type { CallOptions } from "./options.js";
import type { QueryParams } from "./operation-types.js";

type ListQuery = QueryParams<"listCustomers">;
type List = (query?: ListQuery, options?: CallOptions) => Promise<CustomerList>;

const MAX_PAGE = 99;
/** The page size the API uses when the query gives no `limit`. */
const DEFAULT_LIMIT = 10;

/** Whether another page may follow `page`, given how many customers were seen so far (this page included). */
function mayHaveMore(page: CustomerList, limit: number, seen: number): boolean {
  if (page.customers.length === 0) return false;
  const hasMore = (page as { has_more?: unknown }).has_more;
  if (typeof hasMore === "boolean") return hasMore;
  return page.customers.length >= limit || (typeof page.total === "number" && seen < page.total);
}

export type ListAllQuery = Omit<ListQuery, "page">;

export async function* listAllCustomers(list: List, query: ListAllQuery = {}, options?: CallOptions): AsyncGenerator<Customer, void, undefined> {
  const order = query.order ?? "-created_at";
  if (order !== "created_at" && order !== "-created_at") {
    yield* byPageNumber(list, { ...query, order }, options);
    return;
  }
  const ascending = order === "created_at";
  let cursor = query.starting_after ?? (ascending ? "1970-01-01T00:00:00.000Z" : "2200-01-01T00:00:00.000Z");
  // Customers created in the same millisecond as the cursor may come again.
  let atCursor = new Set<string>();
  const limit = query.limit ?? DEFAULT_LIMIT;
  let seen = 0;
  for (;;) {
    const page = await list({ ...query, order, starting_after: cursor }, options);
    let fresh = 0;
    for (const customer of page.customers) {
      if (atCursor.has(customer.id)) continue;
      fresh++;
      seen++;
      yield customer;
      if (customer.created_at !== cursor) {
        cursor = customer.created_at;
        atCursor = new Set();
      }
      atCursor.add(customer.id);
    }
    if (!mayHaveMore(page, limit, seen)) return;
    if (fresh === 0) throw new Error(`listAll stopped: the API returned the same page twice for starting_after=${cursor}.`);
  }
}

async function* byPageNumber(list: List, query: ListQuery, options?: CallOptions): AsyncGenerator<Customer, void, undefined> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  let seen = 0;
  for (let page = 1; page <= MAX_PAGE; page++) {
    const result = await list({ ...query, page }, options);
    seen += result.customers.length;
    yield* result.customers;
    if (!mayHaveMore(result, limit, seen)) return;
  }
  throw new Error(`listAll stopped at page ${MAX_PAGE}, the last the API serves for order=${query.order}; order by created_at to walk further.`);
}
