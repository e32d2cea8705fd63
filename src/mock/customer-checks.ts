// What the store takes, whatever the door it comes in by.
//
// Customers (the `customers` option, `store.import()`, the command's
// `--state` file): the limits a customer created over HTTP meets: no deeper
// than a request body may nest (MAX_BODY_DEPTH), at most MAX_CUSTOMER_BYTES
// as JSON; a valid `Customer`, so every later read of it is one the API could
// send; and for them all, no ID or source ID twice and at most the store's cap
// together. Not the create request's rules: a record exported from a real
// account may hold what a create would now refuse (the `Customer` schema
// says a stored email can be any string), and must still seed a mock.
//
// What test code passes the public store methods (`store.upsert`, `update`,
// `bulkUpsert`, `mergeMetadata`, and `list`'s query): what request-checks.ts
// asks of the same request over HTTP (the request schema or the query
// parameters, through the package's validators, and the depth limit), plus
// what a parsed HTTP body always is and an object in memory may not be: JSON
// data. The size limits depend on what is stored, so the store checks those
// as it applies a change.
import { parameterValidators } from "../../generated/mock-data.js";
import { validateCustomer, validators, type SchemaName, type ValidationIssue } from "../../generated/validators.js";
import type { Customer } from "../types.js";
import { MAX_BODY_DEPTH, MAX_CUSTOMER_BYTES, MAX_REPORTED_ISSUES, MAX_STORE_BYTES, tooDeep } from "./limits.js";

/** One problem of a list of customers: `index` names the customer (none: the list as a whole), `path` a JSON Pointer in it. */
export interface CustomerProblem {
  index?: number;
  path: string;
  message: string;
}

/** A customer's size as JSON, as the limits count it: string length, which is what bounds a JavaScript string. */
export const sizeOf = (customer: Customer): number => JSON.stringify(customer).length;

type OwnProblem = Omit<CustomerProblem, "index">;

/** One customer's problems, and its size as JSON once it is known (0 until then). */
function inspect(customer: unknown): { problems: OwnProblem[]; size: number } {
  // First: the checks after it walk the value recursively. And JSON data only: the store keeps the JSON form,
  // so a NaN (null), a Date (a string) or a toJSON method would store something other than what was checked.
  const notData = jsonDataProblem(customer, MAX_BODY_DEPTH);
  if (notData) return { problems: [{ path: notData.path, message: notData.message }], size: 0 };
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
  // Every index, holes in a sparse array included (forEach would skip them, and the store would not).
  for (let index = 0; index < customers.length; index++) {
    const customer = customers[index];
    const own = inspect(customer);
    for (const problem of own.problems) problems.push({ index, ...problem });
    total += own.size;
    if (own.size === 0) continue; // not a valid Customer: its id and source_id mean nothing yet
    const { id, source_id } = customer as Customer;
    if (ids.has(id)) problems.push({ index, path: "/id", message: `${id} appears twice` });
    if (source_id && sourceIds.has(source_id)) problems.push({ index, path: "/source_id", message: `${source_id} appears twice` });
    ids.add(id);
    if (source_id) sourceIds.add(source_id);
  }
  if (total > maxStoreBytes) problems.push({ path: "", message: `the customers take ${total} bytes as JSON together; the mock keeps at most ${maxStoreBytes} bytes in all` });
  return problems;
}

/** A problem as one line: `customers[1]/created_at: must be a date-time …`. */
export const problemLine = (problem: CustomerProblem): string =>
  problem.index === undefined ? problem.message : `customers[${problem.index}]${problem.path}: ${problem.message}`;

/** A value on the way through jsonDataProblem(): where it sits (its parent and key), built into a JSON Pointer only for a problem. */
interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | undefined;
  key: string;
}

const pointerOf = (visit: Visit): string => {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) keys.push(at.key.replace(/~/g, "~0").replace(/\//g, "~1"));
  return keys.reverse().map((key) => `/${key}`).join("");
};

/** What a value is, in words, when it is not JSON data (undefined when it is, or is an object or array to look into). */
function notJson(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `must be a finite number (JSON has no ${String(value)})`;
    case "object": {
      if (value === null || Array.isArray(value)) return undefined;
      const prototype: unknown = Object.getPrototypeOf(value);
      // A plain object's prototype is Object.prototype, whose own prototype is null (so objects from another realm pass too).
      if (prototype === null || Object.getPrototypeOf(prototype) === null) return undefined;
      const name: unknown = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
      return `must be JSON data (a string, finite number, boolean, null, array or plain object), not ${typeof name === "string" && name ? `a ${name}` : "an object with a prototype"}`;
    }
    case "undefined":
      return "must be JSON data (a string, finite number, boolean, null, array or plain object), not undefined";
    default:
      return `must be JSON data (a string, finite number, boolean, null, array or plain object), not a ${typeof value}`;
  }
}

/**
 * The first place where `value` is not JSON data (what JSON.stringify would
 * drop or change: NaN, a Date, a function, undefined in an array …) or
 * nests objects and arrays more than `limit` levels (the value itself is
 * level 1); undefined when it is neither. A property whose value is
 * undefined is left out, as JSON.stringify leaves it out. Without recursion,
 * stopping at the first level past the limit, so a value nested thousands
 * deep (or a cycle) cannot overflow the stack before it is refused.
 */
export function jsonDataProblem(value: unknown, limit: number): ValidationIssue | undefined {
  const pending: Visit[] = [{ value, depth: 1, parent: undefined, key: "" }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const item = visit.value;
    const problem = notJson(item);
    if (problem !== undefined) return { path: pointerOf(visit), message: problem, keyword: "json" };
    if (item === null || typeof item !== "object") continue;
    if (visit.depth > limit) return { path: pointerOf(visit), message: tooDeep(limit), keyword: "maxDepth" };
    const depth = visit.depth + 1;
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push({ value: item[i], depth, parent: visit, key: String(i) });
    } else {
      const keys = Object.keys(item);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child = (item as Record<string, unknown>)[keys[i]!];
        if (child !== undefined) pending.push({ value: child, depth, parent: visit, key: keys[i]! });
      }
    }
  }
  return undefined;
}

/**
 * The problems of a request body a public store method stands for, as
 * request-checks.ts finds them over HTTP: not JSON data or nested past
 * MAX_BODY_DEPTH (first: the schema check after it must not meet a cycle),
 * then the request schema `schema`, at most MAX_REPORTED_ISSUES issues and
 * a count of the rest. Empty when the store may apply it.
 */
export function requestProblems(schema: SchemaName, body: unknown): ValidationIssue[] {
  const notData = jsonDataProblem(body, MAX_BODY_DEPTH);
  if (notData) return [notData];
  const result = validators[schema](body, { maxIssues: MAX_REPORTED_ISSUES });
  return result.ok ? [] : result.errors;
}

/**
 * A list query as the list operation's query parameters are checked over
 * HTTP (generated/mock-data.js): the query, coerced ("5" is 5) on a copy, or
 * its problems. Names the operation does not take are ignored, as the API
 * ignores them.
 */
export function checkListQuery(query: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] } {
  const copy = query !== null && typeof query === "object" && !Array.isArray(query) ? { ...query } : query;
  const result = parameterValidators.listCustomers.query(copy);
  return result.ok ? { ok: true, value: result.value } : { ok: false, issues: result.errors };
}
