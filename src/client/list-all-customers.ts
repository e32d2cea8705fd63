// Walks every page of the customer list for the caller. Page numbers stop at
// 99, so for creation-time orders this follows the API's `starting_after`
// cursor (the created_at of the last customer seen), as Voucherify's own SDK
// does; other orders page by number and say so when page 99 is not the end.
// `has_more` is optional (Voucherify's own list example leaves it out); when a
// page does not say, a full page or a `total` above what was seen means "go on".
import type { Customer, CustomerList } from "../../generated/schema.js";
import type { ValidationIssue } from "../../generated/validators.js";
import type { CallOptions } from "./options.js";
import type { QueryParams } from "./operation-types.js";

type ListQuery = QueryParams<"listCustomers">;

/** Checks a 2xx page before the walk uses it: the issue makes the call reject with kind "response-validation". */
export type PageCheck = (page: unknown) => ValidationIssue | undefined;

/** One `listCustomers` call whose 2xx body must pass `check`. */
export type ListPage = (query: ListQuery, options: CallOptions | undefined, check: PageCheck) => Promise<CustomerList>;

const MAX_PAGE = 99;
/** The page size the API uses when the query gives no `limit`. */
const DEFAULT_LIMIT = 10;

const typeIssue = (path: string, type: string): ValidationIssue => ({ path, keyword: "type", message: `must be ${type}` });

/** What the walk needs of a page: a `customers` array of objects, each with a string `id` and `created_at` for the cursor walk. */
function pageIssue(page: unknown, cursor: boolean): ValidationIssue | undefined {
  const customers = (page as CustomerList | null)?.customers;
  if (!Array.isArray(customers)) return typeIssue("/customers", "an array");
  for (const [i, customer] of customers.entries()) {
    if (typeof customer !== "object" || customer === null) return typeIssue(`/customers/${i}`, "an object");
    if (cursor) for (const key of ["id", "created_at"] as const) if (typeof customer[key] !== "string") return typeIssue(`/customers/${i}/${key}`, "a string");
  }
}

/** Whether another page may follow `page`, given how many customers were seen so far (this page included). */
function mayHaveMore(page: CustomerList, limit: number, seen: number): boolean {
  if (page.customers.length === 0) return false;
  const hasMore = (page as { has_more?: unknown }).has_more;
  if (typeof hasMore === "boolean") return hasMore;
  return page.customers.length >= limit || (typeof page.total === "number" && seen < page.total);
}

export type ListAllQuery = Omit<ListQuery, "page">;

/**
 * Rejects with CustomersApiError, kind "response-validation", when the API
 * breaks the contract the walk relies on: a page whose `customers` is not an
 * array of customers (issue keyword "type"), or a cursor page that has a
 * customer on the far side of `starting_after` or nothing new while it says
 * more follow (keyword "cursor": walking on would loop for ever). Ordered by anything but created_at, it throws a plain Error after
 * page 99, the last the API serves: every call succeeded, so there is no
 * failed call to describe, and no kind a `switch (error.kind)` would expect.
 */
export async function* listAllCustomers(list: ListPage, query: ListAllQuery = {}, options?: CallOptions): AsyncGenerator<Customer, void, undefined> {
  const order = query.order ?? "-created_at";
  const limit = query.limit ?? DEFAULT_LIMIT;
  let seen = 0;
  if (order !== "created_at" && order !== "-created_at") {
    for (let page = 1; page <= MAX_PAGE; page++) {
      const result = await list({ ...query, order, page }, options, (body) => pageIssue(body, false));
      seen += result.customers.length;
      yield* result.customers;
      if (!mayHaveMore(result, limit, seen)) return;
    }
    throw new Error(`listAll stopped at page ${MAX_PAGE}, the last the API serves for order=${order}; order by created_at to walk further.`);
  }
  const ascending = order === "created_at";
  let cursor = query.starting_after ?? (ascending ? "1970-01-01T00:00:00.000Z" : "2200-01-01T00:00:00.000Z");
  // Customers created in the same millisecond as the cursor may come again.
  let atCursor = new Set<string>();
  for (;;) {
    const page = await list({ ...query, order, starting_after: cursor }, options, (body) => {
      const issue = pageIssue(body, true);
      if (issue) return issue;
      const { customers } = body as CustomerList;
      // A customer on the far side of the cursor means the API ignored it (a page seen before, at least in part):
      // walking on would yield customers twice, for ever. Compared as instants, whatever the text's form; unreadable ones pass.
      const at = Date.parse(cursor);
      for (const [i, { created_at }] of customers.entries()) {
        if (ascending ? Date.parse(created_at) < at : Date.parse(created_at) > at) {
          return { path: `/customers/${i}/created_at`, keyword: "cursor", message: `must be at or ${ascending ? "after" : "before"} starting_after=${cursor}` };
        }
      }
      // Nothing new although more should follow: asking again from the same cursor would get the same page.
      if (customers.every((customer) => atCursor.has(customer.id)) && mayHaveMore(body as CustomerList, limit, seen)) {
        return { path: "", keyword: "cursor", message: `is the same page twice for starting_after=${cursor}` };
      }
    });
    for (const customer of page.customers) {
      if (atCursor.has(customer.id)) continue;
      seen++;
      yield customer;
      if (customer.created_at !== cursor) {
        cursor = customer.created_at;
        atCursor = new Set();
      }
      atCursor.add(customer.id);
    }
    if (!mayHaveMore(page, limit, seen)) return;
  }
}
