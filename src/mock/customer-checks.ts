// What a customer must be for the store to keep it, whatever the door it
// comes in by: the `customers` option, `store.import()`, the command's
// `--state` file. The limits a customer created over HTTP meets: no deeper
// than a request body may nest (MAX_BODY_DEPTH), at most MAX_CUSTOMER_BYTES
// as JSON; a valid `Customer`, so every later read of it is one the API could
// send; and for them all, no ID or source ID twice and at most the store's cap
// together. Not the create request's rules: a record exported from a real
// account may hold what a create would now refuse (the `Customer` schema
// says a stored email can be any string), and must still seed a mock.
import { validateCustomer } from "../../generated/validators.js";
import type { Customer } from "../types.js";
import { MAX_BODY_DEPTH, MAX_CUSTOMER_BYTES, MAX_STORE_BYTES } from "./limits.js";

/** One problem of a list of customers: `index` names the customer (none: the list as a whole), `path` a JSON Pointer in it. */
export interface CustomerProblem {
  index?: number;
  path: string;
  message: string;
}

/** A customer's size as JSON, as the limits count it: string length, which is what bounds a JavaScript string. */
export const sizeOf = (customer: Customer): number => JSON.stringify(customer).length;

/**
 * True when objects and arrays in `value` nest more than `limit` levels (the
 * value itself is level 1). Without recursion, and it stops at the first
 * level past the limit, so a value nested thousands deep (or a cycle) cannot
 * overflow the stack before it is refused.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
    }
  }
  return false;
}

type OwnProblem = Omit<CustomerProblem, "index">;

/** One customer's problems, and its size as JSON once it is known (0 until then). */
function inspect(customer: unknown): { problems: OwnProblem[]; size: number } {
  // First: the checks after it walk the value recursively.
  if (nestsDeeperThan(customer, MAX_BODY_DEPTH)) {
    return { problems: [{ path: "", message: `nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep, the mock's limit` }], size: 0 };
  }
  const asCustomer = validateCustomer(customer);
  if (!asCustomer.ok) return { problems: asCustomer.errors.map(({ path, message }) => ({ path, message })), size: 0 };
  const size = sizeOf(customer as Customer);
  if (size > MAX_CUSTOMER_BYTES) return { problems: [{ path: "", message: `${size} bytes as JSON; the mock keeps customers of at most ${MAX_CUSTOMER_BYTES} bytes` }], size };
  return { problems: [], size };
}

/** The problems of one customer, each with a path inside it; empty when the store may keep it. */
export const customerProblems = (customer: unknown): OwnProblem[] => inspect(customer).problems;

/** Every problem of a list of customers the store would start with, or replace its own with; empty when it may. */
export function customerListProblems(customers: readonly unknown[], maxStoreBytes = MAX_STORE_BYTES): CustomerProblem[] {
  const problems: CustomerProblem[] = [];
  const ids = new Set<string>();
  const sourceIds = new Set<string>();
  let total = 0;
  customers.forEach((customer, index) => {
    const own = inspect(customer);
    for (const problem of own.problems) problems.push({ index, ...problem });
    total += own.size;
    if (own.size === 0) return; // not a valid Customer: its id and source_id mean nothing yet
    const { id, source_id } = customer as Customer;
    if (ids.has(id)) problems.push({ index, path: "/id", message: `${id} appears twice` });
    if (source_id && sourceIds.has(source_id)) problems.push({ index, path: "/source_id", message: `${source_id} appears twice` });
    ids.add(id);
    if (source_id) sourceIds.add(source_id);
  });
  if (total > maxStoreBytes) problems.push({ path: "", message: `the customers take ${total} bytes as JSON together; the mock keeps at most ${maxStoreBytes} bytes in all` });
  return problems;
}

/** A problem as one line: `customers[1]/created_at: must be a date-time …`. */
export const problemLine = (problem: CustomerProblem): string =>
  problem.index === undefined ? problem.message : `customers[${problem.index}]${problem.path}: ${problem.message}`;
