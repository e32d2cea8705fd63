// The stateful mock's memory: customers by ID, findable by ID or source ID
// (an index, so a bulk upsert is linear), changed the way the spec's
// operation descriptions say. Everything it hands out is typed by
// generated/schema.d.ts and, before it is sent, validated by the generated
// validators (see engine.ts). A change is made on a copy and kept only if the
// result can still be sent (MAX_CUSTOMER_BYTES) and the whole store still
// written as one JSON text (MAX_STORE_BYTES), so nothing accepted can make a
// later read fail. A change is all or nothing (a bulk one too), and a refused
// one gives back the IDs it drew. The store shares no object with its
// callers: what they pass in is copied, what they get back is a copy. What
// its public methods are given is checked first, by the rules the same
// request over HTTP meets (customer-checks.ts): refused input is a
// StoreInputError and changes nothing. The engine, which has checked its
// requests already, goes round that check (forCheckedRequests below).
import { CustomerMinimal } from "../../generated/examples.js";
import { issuesLeftOut } from "../../generated/validators.js";
import type {
  Customer,
  CustomerAddress,
  CustomerAddressInput,
  CustomerBulkUpdateItem,
  CustomerBulkUpdateRequest,
  CustomerCreateRequest,
  CustomerList,
  CustomerMetadataBulkUpdateRequest,
  CustomerUpdateRequest,
  operations,
  SchemaName,
  ValidationIssue,
} from "../types.js";
import { checkListQuery, customerListProblems, problemLine, requestProblems, sizeOf } from "./customer-checks.js";
import type { IdSource } from "./ids.js";
import { MAX_CUSTOMER_BYTES, MAX_STORE_BYTES } from "./limits.js";

export type ListQuery = NonNullable<operations["listCustomers"]["parameters"]["query"]>;

/** The fields a client may set, common to create, update and bulk items. */
type Changes = Omit<CustomerUpdateRequest, "source_id"> & { source_id?: string | null };

/** A change the API refuses; the app turns it into the documented ApiError. */
export class StoreError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly key: string,
    message: string,
    readonly resourceId?: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

/** The spec's minimal-create response as JSON: parsing it is a deep copy at a tenth of structuredClone's cost. */
const MINIMAL_CUSTOMER_JSON = JSON.stringify(CustomerMinimal);

/** A customer the API has just created: the spec's minimal-create response (same fields, same order) with a new identity. */
function newCustomer(id: string, createdAt: string): Customer {
  const customer = JSON.parse(MINIMAL_CUSTOMER_JSON) as Customer;
  customer.id = id;
  customer.source_id = null;
  customer.created_at = createdAt;
  delete customer.updated_at;
  return customer;
}

/** Address parts sent replace the stored ones, a part sent as null clears it, `address: null` clears all. */
function mergeAddress(current: Customer["address"], input: CustomerAddressInput | undefined): Customer["address"] {
  if (input === undefined) return current;
  if (input === null) return null;
  const merged: CustomerAddress = { ...(current ?? {}) };
  for (const [part, value] of Object.entries(input)) if (value !== undefined) (merged as Record<string, unknown>)[part] = value;
  return merged;
}

const notFound = (idOrSourceId: string) =>
  new StoreError(404, "not_found", `Cannot find customer with id ${idOrSourceId}`, idOrSourceId);

/** What `export()` returns and `import()` takes: plain JSON, the format of the command's `--state` file. */
export interface CustomerStoreSnapshot {
  customers: Customer[];
}

/** Data `import()` refuses; `issues` name each problem (`customers[1]/id: c-1 appears twice`). The store is left as it was. */
export class StoreImportError extends TypeError {
  constructor(readonly issues: string[]) {
    super(`not a customer store snapshot: ${issues.slice(0, 10).join("; ")}${issues.length > 10 ? `; … and ${issues.length - 10} more` : ""}`);
    this.name = "StoreImportError";
  }
}

/** The customers of a snapshot, each checked as the store would keep it (customer-checks.ts); throws StoreImportError listing every problem. */
export function checkSnapshot(data: unknown, maxStoreBytes = MAX_STORE_BYTES): Customer[] {
  if (data === null || typeof data !== "object" || Array.isArray(data) || !Array.isArray((data as { customers?: unknown }).customers)) {
    throw new StoreImportError(['expected an object { "customers": [ … ] }']);
  }
  const customers = (data as { customers: unknown[] }).customers;
  const problems = customerListProblems(customers, maxStoreBytes);
  if (problems.length) throw new StoreImportError(problems.map(problemLine));
  return customers as Customer[];
}

/**
 * Input a public store method refuses (a wrong type, an unknown field, data
 * that is not JSON, nesting past MAX_BODY_DEPTH, a bad list query, an ID that
 * is not a string). `issues` name each problem by JSON Pointer into the
 * request the method stands for (`/email`; `/1/phone` for bulkUpsert's second
 * item; `/source_ids/0` or `/metadata/…` for mergeMetadata). Nothing is stored.
 */
export class StoreInputError extends TypeError {
  constructor(
    readonly method: string,
    readonly issues: ValidationIssue[],
  ) {
    // The validators end a long list with a count of the issues past it (keyword "maxIssues"): the message counts those too.
    const lines = issues.filter((issue) => issue.keyword !== "maxIssues").map(({ path, message }) => (path ? `${path}: ${message}` : message));
    const more = Math.max(0, lines.length - 10) + issuesLeftOut(issues);
    super(`store.${method}: ${lines.slice(0, 10).join("; ")}${more > 0 ? `; … and ${more} more` : ""}`);
    this.name = "StoreInputError";
  }
}

/** `body` when the request schema `schema` and the depth limit take it, as a copy its caller does not hold; otherwise a StoreInputError. */
function checkedCopy<T>(method: string, schema: SchemaName, body: unknown): T {
  const problems = requestProblems(schema, body);
  if (problems.length > 0) throw new StoreInputError(method, problems);
  return copyIn(body) as T;
}

/** A customer's ID or source ID as a method was given it; anything but a string (a customer object passed by mistake) is refused. */
function checkedId(method: string, idOrSourceId: unknown): string {
  if (typeof idOrSourceId === "string") return idOrSourceId;
  const given = idOrSourceId === null ? "null" : Array.isArray(idOrSourceId) ? "an array" : typeof idOrSourceId === "object" ? "an object" : `a ${typeof idOrSourceId}`;
  throw new StoreInputError(method, [{ path: "", message: `idOrSourceId: must be a string (a customer's ID or source ID), not ${given}`, keyword: "type" }]);
}

/**
 * The store's operations for requests the engine has checked already
 * (request-checks.ts applies the rules the public methods check): no second
 * check and no copy of the body, which only the engine holds, and stored
 * customers out as they are, since the engine serializes them at once and a
 * stored customer is never changed in place. Not methods of the store: its
 * public callers' values are unchecked, and theirs to change afterwards.
 */
export interface CheckedRequestOperations {
  upsert(body: CustomerCreateRequest): { customer: Readonly<Customer>; created: boolean };
  update(idOrSourceId: string, body: CustomerUpdateRequest): Readonly<Customer>;
  bulkUpsert(body: CustomerBulkUpdateRequest): void;
  mergeMetadata(body: CustomerMetadataBulkUpdateRequest): void;
  list(query: ListQuery): CustomerList;
}

/** Limits of one store; tests set a small cap instead of filling 128 MB. */
export interface CustomerStoreLimits {
  /** The most its customers may take as JSON, together (default MAX_STORE_BYTES). */
  maxStoreBytes?: number;
}

/** A stored customer as it was before a batch touched it (undefined: it did not exist). */
type Before = { customer: Customer; size: number } | undefined;

/**
 * Each store's insides for the engine: its customers by ID, its lookup and the
 * operations for checked requests, for the module functions below without a
 * public method that hands them out.
 */
const insidesOf = new WeakMap<
  CustomerStore,
  { byId: ReadonlyMap<string, Customer>; find: (idOrSourceId: string) => Customer | undefined; checked: CheckedRequestOperations }
>();

/**
 * A deep copy of what a caller passes in, as the JSON it stands for: the
 * store keeps nothing its caller still holds (a create's `metadata` object
 * changed afterwards must not change the stored customer).
 */
const copyIn = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Runs one part of a bulk change; a refusal names the part (`item 2: The customer would be …`). */
function inItem(part: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    throw new StoreError(error.status, error.key, `${part}: ${error.message}`, error.resourceId);
  }
}

export class CustomerStore {
  readonly #byId = new Map<string, Customer>();
  /** source_id → ID of the customer holding it: a lookup by source ID is one step. #put and #delete, the only writers, keep it. */
  readonly #idBySourceId = new Map<string, string>();
  /** Each customer's size as JSON, and their sum (#bytes), for the store's cap. */
  readonly #sizes = new Map<string, number>();
  #bytes = 0;
  readonly #maxStoreBytes: number;
  readonly #listeners = new Set<() => void>();
  /** While a batch runs: each customer it touched, as it was before, to put back if the batch fails. */
  #undo: Map<string, Before> | undefined;

  constructor(
    private readonly ids: IdSource,
    initial: readonly Customer[] = [],
    limits: CustomerStoreLimits = {},
  ) {
    this.#maxStoreBytes = limits.maxStoreBytes ?? MAX_STORE_BYTES;
    this.#load(initial);
    insidesOf.set(this, {
      byId: this.#byId,
      find: (idOrSourceId) => this.#find(idOrSourceId),
      checked: {
        upsert: (body) => this.#batch(() => this.#upsert(body)),
        update: (idOrSourceId, body) => this.#update(idOrSourceId, body),
        bulkUpsert: (body) => this.#bulkUpsert(body),
        mergeMetadata: ({ source_ids, metadata }) => this.#mergeMetadata(source_ids, metadata),
        list: (query) => this.#list(query, (customer) => customer),
      },
    });
  }

  /** Every customer, in the order they were stored, as plain JSON (what a `--state` file holds). */
  export(): CustomerStoreSnapshot {
    return { customers: [...this.#byId.values()].map((c) => structuredClone(c)) };
  }

  /**
   * Replaces every customer with the snapshot's (what `export()` returns).
   * All or nothing: each customer is checked first as the `customers`
   * option is (customer-checks.ts: what a create over HTTP could store), and
   * on any problem a StoreImportError lists them all and the store is left
   * as it was.
   */
  import(data: unknown): void {
    const customers = checkSnapshot(data, this.#maxStoreBytes);
    this.#load(customers);
    this.#changed();
  }

  /** Calls `listener` after each change (the command saves its `--state` file this way). Returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        // A listener's failure is its own; the change is made and the answer goes out.
        console.error("customers mock: a store change listener failed:", error);
      }
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  /** By Voucherify's ID first, then by source ID, as the path parameter allows both. A copy: changing it changes nothing stored. */
  find(idOrSourceId: string): Customer | undefined {
    const customer = this.#find(checkedId("find", idOrSourceId));
    return customer && structuredClone(customer);
  }

  get(idOrSourceId: string): Customer {
    const customer = this.#find(checkedId("get", idOrSourceId));
    if (!customer) throw notFound(idOrSourceId);
    return structuredClone(customer);
  }

  // Every method that changes customers checks what it is given as the same
  // request over HTTP is checked, copies it (checkedCopy) and hands back copies.

  /** Create, or update the customer the body's `id` (first) or `source_id` names. */
  upsert(request: CustomerCreateRequest): { customer: Customer; created: boolean } {
    const body = checkedCopy<CustomerCreateRequest>("upsert", "CustomerCreateRequest", request);
    const { customer, created } = this.#batch(() => this.#upsert(body));
    return { customer: structuredClone(customer), created };
  }

  update(idOrSourceId: string, changes: CustomerUpdateRequest): Customer {
    const id = checkedId("update", idOrSourceId);
    return structuredClone(this.#update(id, checkedCopy<CustomerUpdateRequest>("update", "CustomerUpdateRequest", changes)));
  }

  /** Removes the customer; returns it as it was (a copy: what it shared with others stays theirs). */
  remove(idOrSourceId: string): Customer {
    const customer = this.#find(checkedId("remove", idOrSourceId));
    if (!customer) throw notFound(idOrSourceId);
    this.#delete(customer.id);
    this.#changed();
    return structuredClone(customer);
  }

  /** Each item is matched by source ID; a new one creates a customer. All or nothing: one refused item leaves the store as it was. */
  bulkUpsert(items: readonly CustomerBulkUpdateItem[]): void {
    this.#bulkUpsert(checkedCopy<CustomerBulkUpdateRequest>("bulkUpsert", "CustomerBulkUpdateRequest", items));
  }

  /**
   * Merges the keys into the metadata of every listed customer that exists;
   * the others are skipped. All or nothing, as bulkUpsert.
   */
  mergeMetadata(sourceIds: readonly string[], metadata: Record<string, unknown>): void {
    const body = checkedCopy<CustomerMetadataBulkUpdateRequest>("mergeMetadata", "CustomerMetadataBulkUpdateRequest", { source_ids: sourceIds, metadata });
    this.#mergeMetadata(body.source_ids, body.metadata);
  }

  /** A page of customers, as the list operation gives it for the same query parameters (checked as they are over HTTP). */
  list(query: ListQuery = {}): CustomerList {
    const checked = checkListQuery(query);
    if (!checked.ok) throw new StoreInputError("list", checked.issues);
    return this.#list(checked.value as ListQuery, (customer) => structuredClone(customer));
  }

  #update(idOrSourceId: string, changes: CustomerUpdateRequest): Customer {
    const customer = this.#find(idOrSourceId);
    if (!customer) throw notFound(idOrSourceId);
    return this.#batch(() => this.#apply(customer, changes));
  }

  #bulkUpsert(items: readonly CustomerBulkUpdateItem[]): void {
    this.#batch(() => {
      items.forEach((item, i) => inItem(`item ${i}`, () => this.#upsert(item)));
    });
  }

  #mergeMetadata(sourceIds: readonly string[], metadata: Record<string, unknown>): void {
    // One object for every customer: they may share it, since no stored object is ever edited in place.
    this.#batch(() => {
      for (const sourceId of sourceIds) {
        const customer = this.#bySourceId(sourceId);
        if (customer) inItem(`source_id ${sourceId}`, () => this.#apply(customer, { metadata: { ...(customer.metadata ?? {}), ...metadata } }));
      }
    });
  }

  /** A page for a checked query; `out` gives each listed customer (a copy, or the stored one for the engine). */
  #list(query: ListQuery, out: (customer: Customer) => Customer): CustomerList {
    const order = query.order ?? "-created_at";
    const matching = [...this.#byId.values()].filter((c) => matches(c, query)).sort(compareBy(order));
    const after = query.starting_after;
    // The cursor is a creation time: later ones for an ascending list, earlier ones otherwise.
    const cursor = after === undefined ? undefined : Date.parse(after);
    const window =
      cursor === undefined ? matching : matching.filter((c) => (order === "created_at" ? Date.parse(c.created_at) > cursor : Date.parse(c.created_at) < cursor));
    const limit = query.limit ?? 10;
    const start = ((query.page ?? 1) - 1) * limit;
    return {
      object: "list",
      data_ref: "customers",
      customers: window.slice(start, start + limit).map(out),
      total: matching.length,
      has_more: window.length > start + limit,
    };
  }

  /** The stored customer itself, by ID first, then by source ID. */
  #find(idOrSourceId: string): Customer | undefined {
    return this.#byId.get(idOrSourceId) ?? this.#bySourceId(idOrSourceId);
  }

  #bySourceId(sourceId: string): Customer | undefined {
    const id = this.#idBySourceId.get(sourceId);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** Replaces every customer (copies of `customers`); the first of a repeated source ID keeps it, as a scan in stored order found it. */
  #load(customers: readonly Customer[]): void {
    this.#byId.clear();
    this.#idBySourceId.clear();
    this.#sizes.clear();
    this.#bytes = 0;
    for (const customer of customers) {
      // The JSON text gives both the size and a deep copy (the data is JSON: validated customers or a snapshot).
      const text = JSON.stringify(customer);
      const copy = JSON.parse(text) as Customer;
      const sourceId = copy.source_id;
      const holder = sourceId ? this.#idBySourceId.get(sourceId) : undefined;
      this.#put(copy, text.length);
      if (sourceId && holder !== undefined && holder !== copy.id) this.#idBySourceId.set(sourceId, holder);
    }
  }

  /**
   * Runs changes as one: if any throws, every customer they touched is put
   * back, the IDs and times they drew are given back (the next create gets
   * the ID it would have got), and listeners hear of nothing; otherwise they
   * hear once.
   */
  #batch<T>(run: () => T): T {
    const undo = new Map<string, Before>();
    const giveBackIds = this.ids.mark();
    this.#undo = undo;
    let result: T;
    try {
      result = run();
    } catch (error) {
      this.#undo = undefined;
      // Every customer the batch touched, back as it was (a new one removed).
      for (const [id, before] of undo) {
        if (before) this.#put(before.customer, before.size);
        else this.#delete(id);
      }
      giveBackIds();
      throw error;
    } finally {
      this.#undo = undefined;
    }
    if (undo.size > 0) this.#changed();
    return result;
  }

  /** Stores a customer (new or replacing the one with its ID) and keeps the index, sizes and undo record in step. */
  #put(customer: Customer, size: number): void {
    const previous = this.#byId.get(customer.id);
    this.#remember(customer.id, previous);
    if (previous) this.#unindex(previous);
    this.#byId.set(customer.id, customer);
    if (customer.source_id) this.#idBySourceId.set(customer.source_id, customer.id);
    this.#bytes += size - (this.#sizes.get(customer.id) ?? 0);
    this.#sizes.set(customer.id, size);
  }

  #delete(id: string): void {
    const previous = this.#byId.get(id);
    if (!previous) return;
    this.#remember(id, previous);
    this.#unindex(previous);
    this.#byId.delete(id);
    this.#bytes -= this.#sizes.get(id) ?? 0;
    this.#sizes.delete(id);
  }

  #unindex(customer: Customer): void {
    if (customer.source_id && this.#idBySourceId.get(customer.source_id) === customer.id) this.#idBySourceId.delete(customer.source_id);
  }

  #remember(id: string, previous: Customer | undefined): void {
    if (this.#undo && !this.#undo.has(id)) this.#undo.set(id, previous && { customer: previous, size: this.#sizes.get(id)! });
  }

  /** Create, or update the customer the body's `id` (first) or `source_id` names; returns the stored customer itself. */
  #upsert(request: CustomerCreateRequest): { customer: Customer; created: boolean } {
    const { id, ...changes } = request;
    if (id !== undefined) {
      if (!this.#byId.has(id)) throw new StoreError(404, "not_found", `Cannot find customer with id ${id} to update`, id); // the spec documents 404 for an unknown id
      return { customer: this.#apply(this.#byId.get(id)!, changes), created: false };
    }
    const existing = changes.source_id ? this.#bySourceId(changes.source_id) : undefined;
    if (existing) return { customer: this.#apply(existing, changes), created: false };
    // Stored by #apply, and only if the changes can be kept.
    const customer = newCustomer(this.ids.customer(), this.ids.now());
    return { customer: this.#apply(customer, changes, false), created: true };
  }

  /** Applies the sent fields to a copy and stores it if it can be sent again; returns the stored customer itself. `touch` sets updated_at. */
  #apply(current: Customer, changes: Changes, touch = true): Customer {
    if (changes.source_id && changes.source_id !== current.source_id) {
      const holder = this.#bySourceId(changes.source_id);
      if (holder && holder.id !== current.id) {
        throw new StoreError(400, "duplicate_source_id", `Another customer (${holder.id}) already has source_id ${changes.source_id}`, holder.id);
      }
    }
    // A shallow copy is enough: a stored customer is never edited in place (every
    // change stores a new object), so the old and new one may share what did not change.
    const customer = { ...current };
    const { address, metadata, birthday, ...simple } = changes;
    for (const [field, value] of Object.entries(simple)) if (value !== undefined) (customer as Record<string, unknown>)[field] = value;
    // `birthday` is the deprecated name of `birthdate`: the same date, stored once.
    if (birthday !== undefined && changes.birthdate === undefined) customer.birthdate = birthday;
    customer.address = mergeAddress(customer.address ?? null, address);
    if (metadata !== undefined) customer.metadata = metadata ?? {};
    if (touch) customer.updated_at = this.ids.now();
    const stored = this.#byId.has(current.id);
    const size = sizeOf(customer);
    if (size > MAX_CUSTOMER_BYTES) {
      throw new StoreError(400, "customer_too_large", `The customer would be ${size} bytes as JSON; the mock keeps customers of at most ${MAX_CUSTOMER_BYTES} bytes`, stored ? current.id : undefined);
    }
    const bytes = this.#bytes - (this.#sizes.get(current.id) ?? 0) + size;
    if (bytes > this.#maxStoreBytes) {
      throw new StoreError(400, "store_full", `The mock's customers would take ${bytes} bytes as JSON together; it keeps at most ${this.#maxStoreBytes} bytes in all (delete some first)`, stored ? current.id : undefined);
    }
    this.#put(customer, size);
    return customer;
  }
}

/**
 * The stored customer itself, for an answer the engine serializes at once:
 * no copy (a third of a stateful get's time), since the store never changes
 * a stored object in place: every change stores a new one. A module
 * function, not a method, so the public store keeps handing out copies.
 */
export function storedCustomer(store: CustomerStore, idOrSourceId: string): Readonly<Customer> {
  const customer = insidesOf.get(store)!.find(idOrSourceId);
  if (!customer) throw notFound(idOrSourceId);
  return customer;
}

/** The store's operations for a request the engine has checked (CheckedRequestOperations). */
export const forCheckedRequests = (store: CustomerStore): CheckedRequestOperations => insidesOf.get(store)!.checked;

/** Whether the store holds the customer, without the copy `find` makes. */
export const hasCustomer = (store: CustomerStore, idOrSourceId: string): boolean => insidesOf.get(store)!.find(idOrSourceId) !== undefined;

/** Every stored customer itself, in stored order, on the same promise: for the `--state` writer, which serializes them once. */
export function storedCustomers(store: CustomerStore): ReadonlyArray<Readonly<Customer>> {
  return [...insidesOf.get(store)!.byId.values()];
}

function matches(customer: Customer, query: ListQuery): boolean {
  if (query.email !== undefined && customer.email !== query.email) return false;
  if (query.name !== undefined && customer.name !== query.name) return false;
  if (query.city !== undefined && customer.address?.city !== query.city) return false;
  // The mock keeps no segments, so no customer is in one.
  if (query.segment_id !== undefined) return false;
  const within = (value: string | null | undefined, before?: string, after?: string) =>
    (before === undefined || (value != null && Date.parse(value) < Date.parse(before))) &&
    (after === undefined || (value != null && Date.parse(value) > Date.parse(after)));
  return (
    within(customer.created_at, query["created_at[before]"], query["created_at[after]"]) &&
    within(customer.updated_at, query["updated_at[before]"], query["updated_at[after]"])
  );
}

function compareBy(order: string): (a: Customer, b: Customer) => number {
  const descending = order.startsWith("-");
  const field = (descending ? order.slice(1) : order) as "created_at" | "updated_at" | "source_id";
  return (a, b) => {
    const x = a[field] ?? "";
    const y = b[field] ?? "";
    const result = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
    return descending ? -result : result;
  };
}
