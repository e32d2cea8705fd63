// Query keys are data: whatever a key or value holds (`&`, `=`, `#`, `+`, `%`,
// spaces, unicode, `__proto__`), the server receives exactly the parameters
// the caller meant, checked on the wire against a local server for `list`
// (flat names, some with the spec's own brackets) and `listRedeemables`
// (nested `filters`). A key that cannot be expressed is refused before
// anything is sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient } from "../src/client.js";
import { CustomerListPage, CustomerRedeemablePage } from "../src/examples.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const client = () => createCustomersClient({ appId: "app", appToken: "token-0123456789", baseUrl: server.url });

/** The query string as it reached the server, after the `?`. */
const receivedQuery = () => {
  expect(server.requests).toHaveLength(1);
  const url = server.requests[0]!.url;
  return url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
};

/**
 * Reads a query the way `qs` (Voucherify's SDK, Express) does: decode each
 * name, then split it at its brackets into a path. Null-prototype objects, so
 * a `__proto__` key is data here too.
 */
function parseNested(search: string): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null);
  for (const [name, value] of new URLSearchParams(search)) {
    const [, base, rest] = /^([^[]+)(.*)$/.exec(name)!;
    const path = [base!, ...[...rest!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node = root;
    path.slice(0, -1).forEach((segment) => (node = (node[segment] ??= Object.create(null)) as Record<string, unknown>));
    node[path.at(-1)!] = value;
  }
  return root;
}

/** A plain copy with ordinary prototypes, for toEqual; objects keyed 0..n-1 read as arrays, as `qs` reads them. */
const plain = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(plain);
  const entries = Object.entries(value).map(([k, v]) => [k, plain(v)] as const);
  if (entries.length && entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v);
  return Object.fromEntries(entries);
};

describe("list: keys and values are encoded as data", () => {
  it.each([
    ["& and =", "a&b=c", "x&y=z", "a%26b%3Dc=x%26y%3Dz"],
    ["#", "k#frag", "v#1", "k%23frag=v%231"],
    ["+", "a+b", "1+1", "a%2Bb=1%2B1"],
    ["%", "100%", "50%", "100%25=50%25"],
    ["spaces", "two words", "x y", "two%20words=x%20y"],
    ["unicode", "naïve ✓", "日本", "na%C3%AFve%20%E2%9C%93=%E6%97%A5%E6%9C%AC"],
    ["the spec's bracketed names, brackets kept", "created_at[after]", "2024-01-01T00:00:00Z", "created_at[after]=2024-01-01T00%3A00%3A00Z"],
    ["a bracketed name with & in a segment", "created_at[a&b]", "x", "created_at[a%26b]=x"],
  ])("%s", async (_, key, value, expected) => {
    server.answer(reply.json(200, CustomerListPage));
    await client().customers.list({ [key]: value } as never);
    expect(receivedQuery()).toBe(expected);
    expect([...new URLSearchParams(receivedQuery())]).toEqual([[key, value]]);
  });

  it("__proto__ as a key is an ordinary parameter and pollutes nothing", async () => {
    server.answer(reply.json(200, CustomerListPage));
    await client().customers.list(JSON.parse('{"__proto__": "polluted", "limit": 5}'));
    expect(receivedQuery()).toBe("__proto__=polluted&limit=5");
    expect([...new URLSearchParams(receivedQuery())]).toEqual([
      ["__proto__", "polluted"],
      ["limit", "5"],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("one hostile key adds no parameter of its own", async () => {
    server.answer(reply.json(200, CustomerListPage));
    await client().customers.list({ "email&limit=100#": "a@b.co", limit: 10 } as never);
    const params = new URLSearchParams(receivedQuery());
    expect(params.getAll("limit")).toEqual(["10"]);
    expect(params.get("email&limit=100#")).toBe("a@b.co");
  });
});

describe("listRedeemables: nested filter keys are encoded segment by segment", () => {
  it.each([
    ["& and =", { "a&b=c": { conditions: { $in: ["x&y=z"] } } }, "filters[a%26b%3Dc][conditions][$in][0]=x%26y%3Dz"],
    ["#", { "role#1": { conditions: { $is: "v#" } } }, "filters[role%231][conditions][$is]=v%23"],
    ["+", { "a+b": { conditions: { $is: "1+1" } } }, "filters[a%2Bb][conditions][$is]=1%2B1"],
    ["%", { "100%": { conditions: { $is: "%zz" } } }, "filters[100%25][conditions][$is]=%25zz"],
    ["spaces", { "holder role": { conditions: { $is: "an owner" } } }, "filters[holder%20role][conditions][$is]=an%20owner"],
    ["unicode", { "rôle": { conditions: { $in: ["✓"] } } }, "filters[r%C3%B4le][conditions][$in][0]=%E2%9C%93"],
    ["__proto__", JSON.parse('{"__proto__": {"conditions": {"$is": "x"}}}'), "filters[__proto__][conditions][$is]=x"],
    [
      "the documented shape",
      { holder_role: { conditions: { $in: ["OWNER", "REFERRER"] } }, junction: "and" },
      "filters[holder_role][conditions][$in][0]=OWNER&filters[holder_role][conditions][$in][1]=REFERRER&filters[junction]=and",
    ],
  ])("%s", async (_, filters, expected) => {
    server.answer(reply.json(200, CustomerRedeemablePage));
    await client().customers.listRedeemables("cust_1", { filters, limit: 3 });
    expect(receivedQuery()).toBe(`${expected}&limit=3`);
    expect(server.requests[0]!.url.startsWith("/v1/customers/cust_1/redeemables?")).toBe(true);
    // The server reads back exactly the filters that were meant, and limit stays the caller's.
    const parsed = parseNested(receivedQuery());
    expect(plain(parsed.filters)).toEqual(plain(filters));
    expect(parsed.limit).toBe("3");
    expect(Object.keys(parsed)).toEqual(["filters", "limit"]);
  });
});

describe("client.http (plain openapi-fetch) uses the same encoder", () => {
  it("encodes keys and nested filters, and refuses what cannot be expressed", async () => {
    server.answer(reply.json(200, CustomerRedeemablePage));
    const { http } = client();
    await http.GET("/v1/customers/{customerId}/redeemables", {
      params: { path: { customerId: "c1" }, query: { filters: { "a&b": { conditions: { $is: "x#y" } } }, limit: 2 } },
    });
    expect(receivedQuery()).toBe("filters[a%26b][conditions][$is]=x%23y&limit=2");
    await expect(http.GET("/v1/customers", { params: { query: { "x]&y[": 1 } as never } })).rejects.toThrow(/a key must be a name/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("keys that cannot be expressed are refused before anything is sent", () => {
  const cyclic: Record<string, unknown> = { conditions: {} };
  (cyclic.conditions as Record<string, unknown>).again = cyclic;

  it.each([
    ["a filter key that closes its bracket", () => client().customers.listRedeemables("c1", { filters: { "holder_role]&limit=1000&x[": { conditions: { $is: "OWNER" } } } }), /query "filters"\["holder_role\]&limit=1000&x\["\]: a nested key cannot contain \[ or \]/],
    ["a filter key with an opening bracket", () => client().customers.listRedeemables("c1", { filters: { "a[b": 1 } }), /nested key cannot contain \[ or \]/],
    ["an empty filter key", () => client().customers.listRedeemables("c1", { filters: { "": 1 } }), /an empty key would read as an array append/],
    ["a top-level key with stray brackets", () => client().customers.list({ "x]&limit=1000&y[": 1 } as never), /query "x\]&limit=1000&y\[": a key must be a name optionally followed by \[segments\]/],
    ["a top-level key that is only a bracket pair", () => client().customers.list({ "[a]": 1 } as never), /a key must be a name/],
    ["an empty top-level key", () => client().customers.list({ "": 1 } as never), /a key must be a name/],
    ["a lone surrogate in a key", () => client().customers.list({ "a\ud800": 1 } as never), /not well-formed Unicode/],
    ["a lone surrogate in a value", () => client().customers.list({ email: "\udc00" } as never), /query "email": contains text that is not well-formed Unicode/],
    ["a circular filter", () => client().customers.listRedeemables("c1", { filters: cyclic }), /refers to itself/],
    ["a function value", () => client().customers.list({ email: () => "x" } as never), /a function cannot be sent in a query/],
    ["an invalid Date", () => client().customers.list({ "created_at[after]": new Date(Number.NaN) } as never), /is an invalid Date/],
    ["a query that is not an object", () => client().customers.list("limit=5" as never), /the query must be an object, got string/],
  ])("%s", async (_, call, message) => {
    server.answer(reply.json(200, CustomerListPage));
    const outcome = await call().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(TypeError);
    expect((outcome as Error).message).toMatch(message);
    expect((outcome as Error).message).toMatch(/nothing was sent\.$/);
    expect(server.requests).toHaveLength(0);
  });
});
