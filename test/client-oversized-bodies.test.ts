// A response body too large for a JavaScript string (about 512 MB in V8) is
// the server's doing, not a flaky network: it rejects with kind
// "response-validation" (an issue with keyword "size") and is never retried
// (another attempt would fetch the same half gigabyte); a stream the client
// was reading itself is cancelled. A body whose stream fails part-way is a dropped connection: kind
// "network", retried like one.
//
// Nothing here allocates 512 MB: the fetches hand back bodies that fail the
// way the real ones do, as measured once against a local server sending
// 512 MB + 1 KB on Node 20: undici's response.text() rejects with
// `Error: Cannot create a string longer than 0x1fffffe8 characters` (code
// ERR_STRING_TOO_LONG), and the client's own reading of a custom fetch's
// stream with V8's `RangeError: Invalid string length`.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCustomersClient, type CustomersClientOptions } from "../src/client.js";
import { rejection } from "./support/rejection.js";

/** What undici's response.text() rejects with for a body over V8's string limit. */
const nodeTooLong = () => Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" });

/** A response whose text() fails as undici's does for a body over the limit (by then it has read the whole body). */
function oversized(status: number) {
  const response = new Response("{}", { status, headers: { "Content-Type": "application/json" } });
  Object.defineProperty(response, "text", { value: () => Promise.reject(nodeTooLong()) });
  return response;
}

const retries = { max: 2, baseDelayMs: 1 };
const client = (extra: Partial<CustomersClientOptions>) => createCustomersClient({ appId: "app", appToken: "app-token-oversized-0123", baseUrl: "http://api.test", retries, ...extra } as CustomersClientOptions);
const tooLarge = { path: "", keyword: "size", message: "is too large to read: over about 512 MB, the longest text a JavaScript string holds" };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("a body too large for a string", () => {
  it.each([200, 503])("from the built-in fetch (a %i) rejects with kind response-validation, once", async (status) => {
    const fetch = vi.fn(async () => oversized(status));
    vi.stubGlobal("fetch", fetch);
    const error = await rejection(client({}).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "response-validation", status, attempts: 1, body: undefined, rawBody: undefined, issues: [tooLarge] });
    expect(error.message).toBe(
      `getCustomer (GET /v1/customers/{customerId}) returned ${status} with a response that does not match the spec: (root) is too large to read: over about 512 MB, the longest text a JavaScript string holds`,
    );
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("from a custom fetch whose body has no stream rejects the same way, once", async () => {
    const fetch = vi.fn(async () => {
      const response = new Response("{}", { status: 200 });
      Object.defineProperties(response, { body: { value: null }, text: { value: () => Promise.reject(nodeTooLong()) } });
      return response;
    });
    const error = await rejection(client({ fetch }).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "response-validation", status: 200, attempts: 1, issues: [tooLarge] });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("read from a custom fetch's stream (V8's own RangeError) rejects the same way, once, and the body is cancelled", async () => {
    let cancelled!: () => void;
    const cancel = new Promise<void>((resolve) => (cancelled = resolve));
    const fetch = vi.fn(
      async () =>
        new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array([0x61])), cancel: () => cancelled() }), { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    // Where the client's reading would hit the limit: decoding a chunk onto text that is already at the limit.
    vi.spyOn(TextDecoder.prototype, "decode").mockImplementation(() => {
      throw new RangeError("Invalid string length");
    });
    const error = await rejection(client({ fetch }).customers.get("cust_1"));
    vi.restoreAllMocks();
    expect(error).toMatchObject({ kind: "response-validation", status: 200, attempts: 1, issues: [tooLarge] });
    expect(fetch).toHaveBeenCalledTimes(1);
    await cancel;
  });
});

describe("a body whose stream fails part-way", () => {
  it("rejects with kind network and is retried, as a dropped connection is", async () => {
    const fetch = vi.fn(
      async () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('{"object":"cust'));
              c.error(new TypeError("terminated"));
            },
          }),
          { status: 200, headers: { "Content-Type": "application/json" } },
        ),
    );
    const error = await rejection(client({ fetch }).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "network", status: undefined, attempts: 3 });
    expect(error.message).toMatch(/failed without a complete response: terminated \(after 3 attempts\)$/);
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});
