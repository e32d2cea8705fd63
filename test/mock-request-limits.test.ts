// What a rejected request may cost the engine: no more than an accepted one.
// The error lists at most MAX_REPORTED_ISSUES issues and counts the rest; the
// depth limit is checked on the raw text before anything is parsed; the query
// is read in one pass; and handle() answers whatever it is given, a Request or
// not, without rejecting.
import { describe, expect, it, vi } from "vitest";
import { createCustomersMock, MAX_BODY_DEPTH } from "../src/mock.js";
import { MAX_REPORTED_ISSUES } from "../src/mock/limits.js";
import { checkParameters } from "../src/mock/request-checks.js";
import { validators } from "../src/validators.js";

const KEYS = { "x-app-id": "limits-app", "x-app-token": "limits-token" };
const JSON_KEYS = { ...KEYS, "content-type": "application/json" };
const mock = createCustomersMock({ mode: "stateful", seed: "limits" });
const post = (path: string, body: string) => mock.handle(new Request(`http://limits.test${path}`, { method: "POST", headers: JSON_KEYS, body }));

/** The ApiError of a 400, checked against its schema. */
async function badRequest(response: Response): Promise<{ key: string; details: string }> {
  expect(response.status).toBe(400);
  const error = await response.json();
  expect(validators.ApiError(error)).toMatchObject({ ok: true });
  return error;
}

/** Median milliseconds of `a` and of `b` over `rounds` rounds, measured alternately so machine load falls on both. */
function medians(rounds: number, a: () => void, b: () => void): [number, number] {
  const times: [number[], number[]] = [[], []];
  const median = (list: number[]) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
  for (let round = 0; round < rounds; round++) {
    [a, b].forEach((run, k) => {
      const start = performance.now();
      run();
      times[k]!.push(performance.now() - start);
    });
  }
  return [median(times[0]), median(times[1])];
}

describe("the issues an error reports", () => {
  it("are the first MAX_REPORTED_ISSUES of a bulk body, and a count of the invalid items after them", async () => {
    // Each item has two issues (no source_id, an unknown property): 25 items fill the list, 175 more are counted.
    const error = await badRequest(await post("/v1/customers/bulk/async", JSON.stringify(Array.from({ length: 200 }, () => ({ x: 1 })))));
    const listed = error.details.split("; ").filter((part) => /^\/\d+\//.test(part));
    expect(listed).toHaveLength(MAX_REPORTED_ISSUES);
    expect(listed[0]).toBe("/0/source_id: is required");
    expect(listed.at(-1)).toMatch(/^\/24\/x: is not an allowed property/);
    expect(error.details).toMatch(/; … and 175 more invalid items$/);
  });

  it("name the right item when the bad ones are few and far apart", async () => {
    const items: unknown[] = Array.from({ length: 1_000 }, (_, i) => ({ source_id: `ok-${i}` }));
    items[7] = { source_id: "bad", email: 42 };
    items[999] = { name: "no source_id" };
    const error = await badRequest(await post("/v1/customers/bulk/async", JSON.stringify(items)));
    expect(error.details).toBe("/7/email: must be a string or null; /999/source_id: is required");
    expect(mock.store!.find("ok-0")).toBeUndefined();
  });

  it("still report what is wrong with the array itself", async () => {
    expect((await badRequest(await post("/v1/customers/bulk/async", "[]"))).details).toMatch(/^\(body\): /);
  });

  it("are counted past the cap for any other body", async () => {
    const body = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`unknown_${i}`, 1]));
    const error = await badRequest(await post("/v1/customers", JSON.stringify(body)));
    expect(error.details.split("; ").filter((part) => part.startsWith("/unknown_"))).toHaveLength(MAX_REPORTED_ISSUES);
    expect(error.details).toMatch(/; … and 30 more issues$/);
  });

  it("are counted past the validator's own cap too: 200 unknown keys are 50 listed and 150 more", async () => {
    const body = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`unknown_${i}`, 1]));
    const error = await badRequest(await post("/v1/customers", JSON.stringify(body)));
    expect(error.details.split("; ").filter((part) => part.startsWith("/unknown_"))).toHaveLength(MAX_REPORTED_ISSUES);
    expect(error.details).not.toMatch(/not listed/);
    expect(error.details).toMatch(/; … and 150 more issues$/);
  });

  it("are counted past the cap when single bulk items are wrong in many places", async () => {
    const item = Object.fromEntries([["source_id", "wide"], ...Array.from({ length: 150 }, (_, i) => [`unknown_${i}`, 1])]);
    const error = await badRequest(await post("/v1/customers/bulk/async", JSON.stringify([item])));
    expect(error.details.split("; ").filter((part) => part.startsWith("/0/unknown_"))).toHaveLength(MAX_REPORTED_ISSUES);
    expect(error.details).toMatch(/; … and 100 more issues$/);
  });
});

describe("the depth limit", () => {
  it("is checked on the raw text, before the body is parsed: a deep prefix is refused even where the rest is not JSON", async () => {
    const error = await badRequest(await post("/v1/customers", `${"[".repeat(MAX_BODY_DEPTH + 1)} and then no JSON at all`));
    expect(error.details).toMatch(new RegExp(`more than ${MAX_BODY_DEPTH} levels deep`));
  });

  it("does not count brackets inside strings, escaped quotes included", async () => {
    const brackets = `${"[{".repeat(MAX_BODY_DEPTH)}\\"${"[".repeat(MAX_BODY_DEPTH)}`;
    const response = await post("/v1/customers", JSON.stringify({ source_id: "brackets", name: brackets, metadata: { [brackets]: "}]" } }));
    expect(response.status).toBe(200);
    expect((await response.json()).name).toBe(brackets);
  });

  it("lets a body nested exactly to the limit through, and counts multi-byte text around the brackets right", async () => {
    let metadata: unknown = "żółć ✓ 😀";
    // The body is level 1, metadata level 2: 31 objects in metadata reach the limit exactly.
    for (let level = 0; level < MAX_BODY_DEPTH - 1; level++) metadata = { "ключ": metadata };
    expect((await post("/v1/customers", JSON.stringify({ source_id: "deep-utf8", metadata }))).status).toBe(200);
    const deeper = await badRequest(await post("/v1/customers", JSON.stringify({ source_id: "too-deep-utf8", metadata: { "ключ": metadata } })));
    expect(deeper.details).toMatch(/levels deep/);
  });
});

describe("query parameters", () => {
  it("are read in one pass: 8,000 distinct names cost about what building the same object with Object.fromEntries costs", () => {
    const search = new URLSearchParams(Array.from({ length: 8_000 }, (_, i) => [`k${i}`, "1"]));
    // A linear reference on the same pairs, timed alternately: machine load and
    // GC fall on both. getAll per name made this ratio over 100; one pass, 1 to 4.
    const [checkMs, referenceMs] = medians(
      5,
      () => checkParameters("listCustomers", {}, search),
      () => Object.fromEntries(search),
    );
    expect(checkMs / referenceMs).toBeLessThan(10);
  });

  it("keep the last value of a name, and every value of an array parameter", () => {
    const checked = checkParameters("listCustomers", {}, new URLSearchParams("limit=5&limit=7&email=a@example.com"));
    expect(checked).toMatchObject({ ok: true, value: { query: { limit: 7, email: "a@example.com" } } });
  });
});

describe("handle() given something other than a Request", () => {
  it.each([
    [undefined, "undefined"],
    [null, "null"],
    ["http://limits.test/v1/customers", 'the string "http://limits.test/v1/customers"'],
    [{}, "a plain object"],
    [new URL("http://limits.test/v1/customers"), "a URL"],
    [42, "the number 42"],
  ])("answers %s with a 500 ApiError saying what it was given, without rejecting", async (input, described) => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await mock.handle(input as unknown as Request);
      expect(response.status).toBe(500);
      const error = await response.json();
      expect(validators.ApiError(error)).toMatchObject({ ok: true });
      expect(error).toMatchObject({ code: 500, key: "mock_error", details: `handle(request) takes a Request; it was given ${described}` });
    } finally {
      stderr.mockRestore();
    }
  });

  it("answers a Request whose method cannot be read with a 500, not a rejection", async () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const hostile = new Proxy(new Request("http://limits.test/v1/customers", { headers: KEYS }), {
        get(target, name) {
          if (name === "method") throw new Error("no method here");
          const value = Reflect.get(target, name, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const response = await mock.handle(hostile);
      expect(response.status).toBe(500);
      expect((await response.json()).details).toMatch(/no method here/);
    } finally {
      stderr.mockRestore();
    }
  });
});
