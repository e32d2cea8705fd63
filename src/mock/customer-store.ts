// The stateful mock's memory: customers by ID, findable by ID or source ID,
// changed the way the spec's operation descriptions say. Everything it hands
// out is typed by generated/schema.d.ts and, before it is sent, validated by
// the generated validators (see engine.ts). A change is made on a copy and
// kept only if the result can still be sent (MAX_CUSTOMER_BYTES), so nothing
// accepted can make a later read fail.
import { CustomerMinimal } from "../../generated/examples.js";
import { validateCustomer } from "../../generated/validators.js";
import type {
  Customer,
  CustomerAddress,
  CustomerAddressInput,
  CustomerBulkUpdateItem,
  CustomerCreateRequest,
  CustomerList,
  CustomerUpdateRequest,
  operations,
} from "../types.js";
import type { IdSource } from "./ids.js";
import { MAX_CUSTOMER_BYTES } from "./limits.js";

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

/** A customer the API has just created: the spec's minimal-create response (same fields, same order) with a new identity. */
function newCustomer(id: string, createdAt: string): Customer {
  const customer = structuredClone(CustomerMinimal) as Customer;
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

/** Data `import()` refuses; `issues` name each problem (`customers[1]/email: must be …`). The store is left as it was. */
export class StoreImportError extends TypeError {
  constructor(readonly issues: string[]) {
    super(`not a customer store snapshot: ${issues.slice(0, 10).join("; ")}${issues.length > 10 ? `; … and ${issues.length - 10} more` : ""}`);
    this.name = "StoreImportError";
  }
}

/** The customers of a snapshot, each checked as the store would keep it; throws StoreImportError listing every problem. */
export function checkSnapshot(data: unknown): Customer[] {
  if (data === null || typeof data !== "object" || Array.isArray(data) || !Array.isArray((data as { customers?: unknown }).customers)) {
    throw new StoreImportError(['expected an object { "customers": [ … ] }']);
  }
  const customers = (data as { customers: unknown[] }).customers;
  const issues: string[] = [];
  const ids = new Set<string>();
  const sourceIds = new Set<string>();
  customers.forEach((customer, i) => {
    const result = validateCustomer(customer);
    if (!result.ok) {
      for (const issue of result.errors) issues.push(`customers[${i}]${issue.path}: ${issue.message}`);
      return;
    }
    const { id, source_id } = customer as Customer;
    if (ids.has(id)) issues.push(`customers[${i}]/id: ${id} appears twice`);
    if (source_id && sourceIds.has(source_id)) issues.push(`customers[${i}]/source_id: ${source_id} appears twice`);
    ids.add(id);
    if (source_id) sourceIds.add(source_id);
    const size = JSON.stringify(customer).length;
    if (size > MAX_CUSTOMER_BYTES) issues.push(`customers[${i}]: ${size} bytes as JSON; the mock keeps customers of at most ${MAX_CUSTOMER_BYTES} bytes`);
  });
  if (issues.length) throw new StoreImportError(issues);
  return customers as Customer[];
}

const ORDERS = new Set(["created_at", "-created_at", "updated_at", "-updated_at", "source_id", "-source_id"]);

export class CustomerStore {
  readonly #byId = new Map<string, Customer>();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly ids: IdSource,
    initial: readonly Customer[] = [],
  ) {
    for (const customer of initial) this.#byId.set(customer.id, structuredClone(customer));
  }

  /** Every customer, in the order they were stored, as plain JSON (what a `--state` file holds). */
  export(): CustomerStoreSnapshot {
    return { customers: [...this.#byId.values()].map((c) => structuredClone(c)) };
  }

  /**
   * Replaces every customer with the snapshot's (what `export()` returns).
   * All or nothing: each customer is checked by the package's validators
   * first, and on any problem a StoreImportError lists them all and the
   * store is left as it was.
   */
  import(data: unknown): void {
    const customers = checkSnapshot(data);
    this.#byId.clear();
    for (const customer of customers) this.#byId.set(customer.id, structuredClone(customer));
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

  /** By Voucherify's ID first, then by source ID, as the path parameter allows both. */
  find(idOrSourceId: string): Customer | undefined {
    return this.#byId.get(idOrSourceId) ?? this.#bySourceId(idOrSourceId);
  }

  get(idOrSourceId: string): Customer {
    const customer = this.find(idOrSourceId);
    if (!customer) throw notFound(idOrSourceId);
    return structuredClone(customer);
  }

  /** Create, or update the customer the body's `id` (first) or `source_id` names. */
  upsert(request: CustomerCreateRequest): { customer: Customer; created: boolean } {
    const { id, ...changes } = request;
    if (id !== undefined) {
      if (!this.#byId.has(id)) throw new StoreError(404, "not_found", `Cannot find customer with id ${id} to update`, id); // the spec documents 404 for an unknown id
      return { customer: this.#change(this.#byId.get(id)!, changes), created: false };
    }
    const existing = changes.source_id ? this.#bySourceId(changes.source_id) : undefined;
    if (existing) return { customer: this.#change(existing, changes), created: false };
    // Stored by #change, and only if the changes can be kept.
    const customer = newCustomer(this.ids.customer(), this.ids.now());
    return { customer: this.#change(customer, changes, false), created: true };
  }

  update(idOrSourceId: string, changes: CustomerUpdateRequest): Customer {
    const customer = this.find(idOrSourceId);
    if (!customer) throw notFound(idOrSourceId);
    return this.#change(customer, changes);
  }

  remove(idOrSourceId: string): Customer {
    const customer = this.find(idOrSourceId);
    if (!customer) throw notFound(idOrSourceId);
    this.#byId.delete(customer.id);
    this.#changed();
    return customer;
  }

  /** Each item is matched by source ID; a new one creates a customer. */
  bulkUpsert(items: readonly CustomerBulkUpdateItem[]): void {
    for (const item of items) this.upsert(item);
  }

  /** Merges the keys into the metadata of every listed customer that exists; the others are skipped. */
  mergeMetadata(sourceIds: readonly string[], metadata: Record<string, unknown>): void {
    for (const sourceId of sourceIds) {
      const customer = this.#bySourceId(sourceId);
      if (customer) this.#change(customer, { metadata: { ...(customer.metadata ?? {}), ...metadata } });
    }
  }

  list(query: ListQuery = {}): CustomerList {
    const order = query.order ?? "-created_at";
    if (!ORDERS.has(order)) throw new StoreError(400, "invalid_order", `Unknown order ${order}`);
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
      customers: window.slice(start, start + limit).map((c) => structuredClone(c)),
      total: matching.length,
      has_more: window.length > start + limit,
    };
  }

  #bySourceId(sourceId: string): Customer | undefined {
    for (const customer of this.#byId.values()) if (customer.source_id === sourceId) return customer;
    return undefined;
  }

  /** Applies the sent fields to a copy, stores it if it can be sent again, and returns another copy; `touch` sets updated_at. */
  #change(current: Customer, changes: Changes, touch = true): Customer {
    if (changes.source_id && changes.source_id !== current.source_id) {
      const holder = this.#bySourceId(changes.source_id);
      if (holder && holder.id !== current.id) {
        throw new StoreError(400, "duplicate_source_id", `Another customer (${holder.id}) already has source_id ${changes.source_id}`, holder.id);
      }
    }
    const customer = structuredClone(current);
    const { address, metadata, birthday, ...simple } = changes;
    for (const [field, value] of Object.entries(simple)) if (value !== undefined) (customer as Record<string, unknown>)[field] = value;
    // `birthday` is the deprecated name of `birthdate`: the same date, stored once.
    if (birthday !== undefined && changes.birthdate === undefined) customer.birthdate = birthday;
    customer.address = mergeAddress(customer.address ?? null, address);
    if (metadata !== undefined) customer.metadata = metadata ?? {};
    if (touch) customer.updated_at = this.ids.now();
    const size = JSON.stringify(customer).length;
    if (size > MAX_CUSTOMER_BYTES) {
      throw new StoreError(400, "customer_too_large", `The customer would be ${size} bytes as JSON; the mock keeps customers of at most ${MAX_CUSTOMER_BYTES} bytes`, this.#byId.has(current.id) ? current.id : undefined);
    }
    this.#byId.set(customer.id, customer);
    this.#changed();
    return structuredClone(customer);
  }
}

/**
 * The stored customer itself, for an answer the engine serializes at once:
 * no copy (a third of a stateful get's time), since the store never changes
 * a stored object in place: every change stores a new one. A module
 * function, not a method, so the public store keeps handing out copies.
 */
export function storedCustomer(store: CustomerStore, idOrSourceId: string): Readonly<Customer> {
  const customer = store.find(idOrSourceId);
  if (!customer) throw notFound(idOrSourceId);
  return customer;
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
