// The stateful mock's memory: customers by ID, findable by ID or source ID,
// changed the way the spec's operation descriptions say. Everything it hands
// out is typed by generated/schema.d.ts and, before it is sent, validated by
// the generated validators (see stateful-app.ts).
import { CustomerMinimal } from "../../../generated/examples.js";
import type {
  Customer,
  CustomerAddress,
  CustomerAddressInput,
  CustomerBulkUpdateItem,
  CustomerCreateRequest,
  CustomerList,
  CustomerUpdateRequest,
  operations,
} from "../../../src/types.js";
import type { IdSource } from "./ids.js";

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

const ORDERS = new Set(["created_at", "-created_at", "updated_at", "-updated_at", "source_id", "-source_id"]);

export class CustomerStore {
  readonly #byId = new Map<string, Customer>();

  constructor(
    private readonly ids: IdSource,
    initial: readonly Customer[] = [],
  ) {
    for (const customer of initial) this.#byId.set(customer.id, structuredClone(customer));
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
      if (!this.#byId.has(id)) throw new StoreError(400, "not_found", `Cannot find customer with id ${id} to update`, id);
      return { customer: this.#change(this.#byId.get(id)!, changes), created: false };
    }
    const existing = changes.source_id ? this.#bySourceId(changes.source_id) : undefined;
    if (existing) return { customer: this.#change(existing, changes), created: false };
    const customer = newCustomer(this.ids.customer(), this.ids.now());
    this.#byId.set(customer.id, customer);
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

  /** Applies the sent fields in place and returns a copy; `touch` sets updated_at. */
  #change(customer: Customer, changes: Changes, touch = true): Customer {
    if (changes.source_id && changes.source_id !== customer.source_id) {
      const holder = this.#bySourceId(changes.source_id);
      if (holder && holder.id !== customer.id) {
        throw new StoreError(400, "duplicate_source_id", `Another customer (${holder.id}) already has source_id ${changes.source_id}`, holder.id);
      }
    }
    const { address, metadata, birthday, ...simple } = changes;
    for (const [field, value] of Object.entries(simple)) if (value !== undefined) (customer as Record<string, unknown>)[field] = value;
    // `birthday` is the deprecated name of `birthdate`: the same date, stored once.
    if (birthday !== undefined && changes.birthdate === undefined) customer.birthdate = birthday;
    customer.address = mergeAddress(customer.address ?? null, address);
    if (metadata !== undefined) customer.metadata = metadata ?? {};
    if (touch) customer.updated_at = this.ids.now();
    return structuredClone(customer);
  }
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
