// The customers a mock starts with (the `customers` option, `store.import()`,
// the command's `--state` file) pass the same rules as customers created
// over HTTP: each case below is refused at every door, and the same data
// sent as a create is refused too (400). What HTTP accepts at the limit, a
// start accepts; so does a record the API may hold but a create may not send.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CustomerListPage, CustomerMinimal } from "../generated/examples.js";
import { readStateFile, StateFileError } from "../src/bin/state-file.js";
import { customerListProblems } from "../src/mock/customer-checks.js";
import { createCustomersMock, MAX_BODY_DEPTH, MAX_CUSTOMER_BYTES, StoreImportError, type CustomersMock } from "../src/mock.js";
import type { Customer } from "../src/types.js";

const work = mkdtempSync(join(tmpdir(), "customers-mock-start-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const JSON_KEYS = { "X-App-Id": "start-app", "X-App-Token": "start-token", "Content-Type": "application/json" };
const create = (mock: CustomersMock, body: unknown) =>
  mock.handle(new Request("http://start.mock.test/v1/customers", { method: "POST", headers: JSON_KEYS, body: JSON.stringify(body) }));

const good = (id: string, fields: Partial<Customer> = {}): Customer => ({ ...structuredClone(CustomerMinimal), id, source_id: id, ...fields }) as Customer;

/** A value `levels` objects deep: `{ a: { a: … 1 } }`. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

// Nested too deep for JSON.stringify (a recursive walk overflows the stack), not for JSON.parse.
const ABYSS_TEXT = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
const ABYSS = JSON.parse(ABYSS_TEXT) as unknown;

/** The state file's text; ABYSS is written as its text, since JSON.stringify cannot. */
const stateText = (customers: Customer[]) =>
  JSON.stringify({ customers }, (_, value) => (value === ABYSS ? "__ABYSS__" : value)).replace('"__ABYSS__"', ABYSS_TEXT);

// The customer is level 1 and its metadata level 2, as a create body and its metadata are.
const tooDeep = nested(MAX_BODY_DEPTH - 1); // metadata.deep: level 3 + 30 more = 33 levels in all
const deepest = nested(MAX_BODY_DEPTH - 2); // 32 levels in all: the most a create may send
// Where the first level past the limit is: the customer is level 1, metadata 2, metadata.deep 3, then one `a` a level.
const PAST_LIMIT = `/metadata/deep${"/a".repeat(MAX_BODY_DEPTH - 2)}`;

// Each: what is wrong, the customer (second in the list), where in it the
// start says the problem is and a pattern of what it says, and the create
// body HTTP refuses for the same reason (none where no body can say it).
const refused: Array<[string, Customer, string, string, unknown]> = [
  ["metadata nested past the limit", good("c-deep", { metadata: { deep: tooDeep } }), PAST_LIMIT, `nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep`, { source_id: "c-deep", metadata: { deep: tooDeep } }],
  ["metadata nested thousands deep", good("c-abyss", { metadata: { deep: ABYSS } }), PAST_LIMIT, "nests objects or arrays more than", undefined],
  ["a customer larger than the store keeps", good("c-big", { metadata: { pad: "x".repeat(MAX_CUSTOMER_BYTES) } }), "", `\\d+ bytes as JSON; the mock keeps customers of at most ${MAX_CUSTOMER_BYTES} bytes`, { source_id: "c-big", metadata: { pad: "x".repeat(MAX_CUSTOMER_BYTES) } }],
  ["an id seen before", good("c-ok", { source_id: "other" }), "/id", "c-ok appears twice", undefined],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("customers a mock starts with", () => {
  it("include the spec's own list example, which passes every rule", () => {
    expect(customerListProblems(CustomerListPage.customers)).toEqual([]);
  });

  it.each(refused)("refuse %s at every door, as HTTP refuses it", async (_, customer, path, says, body) => {
    const customers = [good("c-ok"), customer];
    const issue = new RegExp(`${escape(`customers[1]${path}: `)}${says}`);
    // The engine's option: a TypeError naming the customer.
    expect(() => createCustomersMock({ mode: "stateful", customers })).toThrow(TypeError);
    expect(() => createCustomersMock({ mode: "stateful", customers })).toThrow(new RegExp(`^createCustomersMock: ${escape(`customers[1] is not a valid Customer: ${path ? `${path}: ` : ""}`)}${says}`));
    // store.import(), all or nothing.
    const mock = createCustomersMock({ mode: "stateful", seed: "start", customers: [] });
    expect(() => mock.store!.import({ customers })).toThrow(StoreImportError);
    expect(() => mock.store!.import({ customers })).toThrow(issue);
    expect(mock.store!.size).toBe(0);
    // The --state file: a StateFileError naming the file and the customer.
    const file = join(work, `${customer.id}.json`);
    writeFileSync(file, stateText(customers));
    await expect(readStateFile(file)).rejects.toThrow(StateFileError);
    await expect(readStateFile(file)).rejects.toThrow(new RegExp(`^the state file ${escape(file)} is not a customer store: ${issue.source}`));
    // HTTP refuses the same customer.
    if (body !== undefined) expect((await create(mock, body)).status).toBe(400);
    expect(mock.store!.size).toBe(0);
  });

  it("accept a record the API may return though a create could not send it: any email string, an address field added later", async () => {
    const exported = good("c-exported", { email: "not-an-email", address: { city: "Oslo", planet: "Earth" } as Customer["address"] });
    const mock = createCustomersMock({ mode: "stateful", seed: "start", customers: [good("c-ok"), exported] });
    const keys = { "X-App-Id": JSON_KEYS["X-App-Id"], "X-App-Token": JSON_KEYS["X-App-Token"] };
    const read = await mock.handle(new Request("http://start.mock.test/v1/customers/c-exported", { headers: keys }));
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ email: "not-an-email", address: { planet: "Earth" } });
    const file = join(work, "exported.json");
    writeFileSync(file, stateText([exported]));
    await expect(readStateFile(file)).resolves.toEqual([exported]);
    // The same fields sent as a create are refused: the create request is closed.
    expect((await create(mock, { source_id: "c-new", email: "not-an-email" })).status).toBe(400);
  });

  it("refuse values that are not JSON data where they are objects, not a file: the store keeps the JSON form, which would differ", () => {
    for (const [what, metadata, at] of [
      ["NaN", { score: Number.NaN }, "/metadata/score"],
      ["a Date", { since: new Date(0) }, "/metadata/since"],
      ["a toJSON method", { toJSON: () => ({}) }, "/metadata/toJSON"],
    ] as const) {
      const customers = [good("c-ok"), good("c-odd", { metadata: metadata as Record<string, unknown> })];
      expect(() => createCustomersMock({ mode: "stateful", customers }), what).toThrow(new RegExp(escape(`customers[1] is not a valid Customer: ${at}: `)));
      const mock = createCustomersMock({ mode: "stateful", seed: "start" });
      expect(() => mock.store!.import({ customers }), what).toThrow(StoreImportError);
      expect(mock.store!.size).toBe(2);
    }
  });

  it("refuse a sparse list at every door, naming the hole, and leave the store as it was", async () => {
    const sparse: Customer[] = [];
    sparse[1] = good("c-after-hole");
    expect(customerListProblems(sparse).map((p) => p.index)).toContain(0);
    expect(() => createCustomersMock({ mode: "stateful", customers: sparse })).toThrow(/customers\[0\]/);
    const mock = createCustomersMock({ mode: "stateful", seed: "start" });
    const before = mock.store!.export();
    expect(() => mock.store!.import({ customers: sparse })).toThrow(StoreImportError);
    expect(mock.store!.export()).toEqual(before);
  });

  it("accept what HTTP accepts at the limit: metadata as deep as a create may send it", async () => {
    const mock = createCustomersMock({ mode: "stateful", seed: "start", customers: [] });
    expect((await create(mock, { source_id: "c-deepest", metadata: { deep: deepest } })).status).toBe(200);
    const customers = mock.store!.export().customers;
    expect(() => createCustomersMock({ mode: "stateful", customers })).not.toThrow();
    const file = join(work, "deepest.json");
    writeFileSync(file, JSON.stringify({ customers }));
    await expect(readStateFile(file)).resolves.toEqual(customers);
  });
});
