// Every way a call can fail, against a local fake server: the documented JSON
// errors of every operation, undocumented statuses, an HTML gateway page, an
// empty body, dropped connections. Each rejects with a CustomersApiError whose
// kind and fields say what happened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable, type OperationId } from "../generated/operations.js";
import { CustomersApiError } from "../src/client.js";
import { createTransport } from "../src/client/transport.js";
import { validateApiError } from "../src/validators.js";
import { freePort } from "../scripts/lib/mock/prism-process.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { expectedPath, inputFor, operationIds } from "./support/operation-input.js";
import { rejection } from "./support/rejection.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const call = (operationId: OperationId, baseUrl = server.url) =>
  createTransport({ appId: "app-1", appToken: "app-token-0123456789", baseUrl }).call(operationId, inputFor(operationId));

const documentedErrors = operationIds.flatMap((operationId) =>
  Object.entries(operationTable[operationId].responseSchemas)
    .filter(([, schema]) => schema === "ApiError")
    .map(([status]) => [`${operationId} ${status}`, operationId, Number(status)] as const),
);

describe("documented JSON errors", () => {
  it("covers at least one error status of every operation", () => {
    expect(new Set(documentedErrors.map(([, id]) => id))).toEqual(new Set(operationIds));
  });

  it.each(documentedErrors)("%s rejects with the parsed ApiError", async (_, operationId, status) => {
    const body = { code: status, key: `reason_${status}`, message: `Status ${status} explained`, details: "More words", request_id: `v-${status}-abc` };
    expect(validateApiError(body)).toMatchObject({ ok: true });
    server.answer(reply.json(status, body));

    const error = await rejection(call(operationId));

    expect(error).toMatchObject({ kind: "api", status, key: `reason_${status}`, requestId: `v-${status}-abc`, rawBody: undefined, attempts: 1 });
    expect(error.body).toEqual(body);
    expect(error.isApiError()).toBe(true);
    expect(error.message).toBe(
      `${operationId} (${operationTable[operationId].method.toUpperCase()} ${operationTable[operationId].path}) failed with ${status} reason_${status}: Status ${status} explained (More words) [request_id v-${status}-abc]`,
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: operationTable[operationId].method.toUpperCase(), url: expectedPath(operationId) });
  });
});

describe("errors the spec does not document", () => {
  it("types an undocumented status with an ApiError body too", async () => {
    server.answer(reply.json(409, { code: 409, key: "duplicate_source_id", message: "Duplicate" }));
    const error = await rejection(call("getCustomer"));
    expect(error).toMatchObject({ kind: "api", status: 409, key: "duplicate_source_id" });
    expect(error.isApiError()).toBe(true);
  });

  it("keeps a JSON body that is not an ApiError as unknown, without a key", async () => {
    server.answer(reply.json(418, { teapot: true }));
    const error = await rejection(call("getCustomer"));
    expect(error).toMatchObject({ kind: "api", status: 418, key: undefined, requestId: undefined, rawBody: undefined });
    expect(error.body).toEqual({ teapot: true });
    expect(error.isApiError()).toBe(false);
    expect(error.message).toBe('getCustomer (GET /v1/customers/{customerId}) failed with 418: {"teapot":true}');
  });

  it("quotes the error and message of a framework-shaped JSON body (the gateway's 413)", async () => {
    const body = { statusCode: 413, error: "Request Entity Too Large", message: "request entity too large" };
    server.answer(reply.json(413, body));
    const error = await rejection(call("updateCustomersInBulk"));
    expect(error).toMatchObject({ kind: "api", status: 413, key: undefined, body, rawBody: undefined });
    expect(error.isApiError()).toBe(false);
    expect(error.message).toBe("updateCustomersInBulk (POST /v1/customers/bulk/async) failed with 413: Request Entity Too Large: request entity too large");
  });

  it.each([
    ["only a message", { message: "quota exceeded" }, "failed with 429: quota exceeded"],
    ["only an error", { error: "Service Unavailable" }, "failed with 503: Service Unavailable"],
    ["an ApiError whose code is a string", { code: "too_many_requests", message: "Slow down" }, "failed with 429: Slow down"],
    ["a JSON string", "upstream timed out", 'failed with 504: "upstream timed out"'],
    ["a long JSON array, cut short", Array.from({ length: 100 }, (_, i) => `item ${i}`), /failed with 500: \["item 0","item 1",.*…$/],
  ])("quotes a JSON body with %s", async (_, body, expected) => {
    const status = Number(/failed with (\d+)/.exec(String(expected))![1] ?? 500) || 500;
    server.answer(reply.json(status, body));
    const error = await rejection(call("getCustomer"));
    expect(error.body).toEqual(body);
    if (typeof expected === "string") expect(error.message.endsWith(expected)).toBe(true);
    else expect(error.message).toMatch(expected);
    expect(error.message.length).toBeLessThan(400);
  });

  it("keeps a gateway's HTML 502 page as rawBody and quotes its start in the message", async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>${"<p>upstream</p>".repeat(100)}</body></html>`;
    server.answer(reply.text(502, page));
    const error = await rejection(call("getCustomer"));
    expect(error).toMatchObject({ kind: "api", status: 502, body: undefined, key: undefined, rawBody: page });
    expect(error.message).toContain("failed with 502: <html><head><title>502 Bad Gateway</title>");
    expect(error.message.length).toBeLessThan(400);
  });

  it("says when an error response has an empty body", async () => {
    server.answer(reply.empty(500));
    const error = await rejection(call("createCustomer"));
    expect(error).toMatchObject({ kind: "api", status: 500, body: undefined, rawBody: "" });
    expect(error.message).toBe("createCustomer (POST /v1/customers) failed with 500 and an empty body");
  });

  it("says when a chunked error response has an empty body", async () => {
    server.answer((res) => void res.writeHead(503, { "Transfer-Encoding": "chunked" }).end());
    const error = await rejection(call("getCustomer"));
    expect(error).toMatchObject({ kind: "api", status: 503, rawBody: "" });
  });
});

describe("successful answers", () => {
  it("resolves a 204 with undefined", async () => {
    server.answer((res) => void res.writeHead(204).end());
    await expect(call("deleteCustomer")).resolves.toBeUndefined();
  });

  it("resolves a 2xx with its parsed JSON body", async () => {
    server.answer(reply.json(200, { object: "customer", id: "cust_1" }));
    await expect(call("getCustomer")).resolves.toEqual({ object: "customer", id: "cust_1" });
  });
});

describe("network failures", () => {
  it("a dropped connection is kind network, with no status, and says why", async () => {
    server.answer(reply.drop());
    const error = await rejection(call("getCustomer"));
    expect(error).toMatchObject({ kind: "network", status: undefined, body: undefined });
    expect(error.message).toMatch(/^getCustomer \(GET \/v1\/customers\/\{customerId\}\) failed without a complete response: fetch failed \(.+\)$/);
  });

  it("a connection dropped in the middle of the body is kind network", async () => {
    server.answer(reply.dropMidBody(200));
    const error = await rejection(call("getCustomer"));
    expect(error.kind).toBe("network");
  });

  it("a refused connection is kind network and names the reason", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const error = await rejection(call("getCustomer", closed));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });
});
