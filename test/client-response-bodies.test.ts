// What a 2xx must be for a call to resolve: the JSON body the operation
// documents at that status (or nothing, where it documents none). An empty,
// cut-short or HTML 2xx rejects with kind "response-validation" and its text
// in rawBody, whatever `validate` says; with validate.response on, so does a
// 2xx status the operation does not document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomersClient, CustomersApiError, type CustomersClientOptions } from "../src/client.js";
import { CustomerSeed } from "../src/examples.js";
import { reply, startFakeServer, type FakeServer } from "./support/fake-server.js";
import { rejection } from "./support/rejection.js";

const TOKEN = "app-token-bodies-0123456789";
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const client = (extra: Partial<CustomersClientOptions> = {}) => createCustomersClient({ appId: "app-1", appToken: TOKEN, baseUrl: server.url, ...extra } as CustomersClientOptions);

describe("a 2xx that is not the JSON the operation documents", () => {
  const notJson = [
    ["an HTML page", reply.text(200, `<html><body>Sign in to the Wi-Fi (${TOKEN})</body></html>`), `<html><body>Sign in to the Wi-Fi ([REDACTED])</body></html>`, "text that is not JSON"],
    ["JSON cut short", reply.text(200, '{"id":"cust_1","obj', "application/json"), '{"id":"cust_1","obj', "text that is not JSON"],
    ["an empty body", reply.empty(200), "", "an empty body"],
  ] as const;

  it.each(notJson)("%s rejects with kind response-validation, not retried, its text in rawBody", async (_, answer, rawBody, got) => {
    server.answer(answer);
    const error = await rejection(client({ retries: { max: 3, baseDelayMs: 1 } }).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "response-validation", status: 200, body: undefined, rawBody, attempts: 1 });
    expect(error.issues).toEqual([{ path: "", keyword: "json", message: `must be the JSON the operation documents (Customer), got ${got}` }]);
    expect(error.message).toBe(`getCustomer (GET /v1/customers/{customerId}) returned 200 with a response that does not match the spec: (root) must be the JSON the operation documents (Customer), got ${got}`);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects the same way with validation on", async () => {
    server.answer(reply.text(200, "<html>oops</html>"));
    const error = await rejection(client({ validate: true }).customers.create({ source_id: "s" }));
    expect(error).toMatchObject({ kind: "response-validation", status: 200, rawBody: "<html>oops</html>", issues: [{ keyword: "json" }] });
  });

  it("makes listAll reject with a CustomersApiError, not a TypeError from inside the walk", async () => {
    server.answer(reply.text(200, "<!doctype html><div id=app></div>"));
    const walk = (async () => {
      for await (const customer of client().customers.listAll()) void customer;
    })();
    const error = await walk.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(CustomersApiError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: "response-validation", status: 200, operationId: "listCustomers" });
  });

  it("an operation documented with no body (delete's 204) still resolves with undefined", async () => {
    server.answer(reply.empty(204));
    await expect(client().customers.delete("cust_1")).resolves.toBeUndefined();
    await expect(client({ validate: true }).customers.delete("cust_1")).resolves.toBeUndefined();
  });
});

describe("with validate.response, a 2xx status the operation does not document", () => {
  it.each([
    [201, reply.json(201, CustomerSeed)],
    [203, reply.json(203, { garbage: true })],
    [204, reply.empty(204)],
    [201, reply.text(201, "<html>oops</html>")],
  ])("a %i on get rejects, saying the status is not documented", async (status, answer) => {
    server.answer(answer);
    const error = await rejection(client({ validate: { response: true } }).customers.get("cust_1"));
    expect(error).toMatchObject({ kind: "response-validation", status, attempts: 1 });
    expect(error.issues).toEqual([{ path: "", keyword: "status", message: `status ${status} is not one the operation documents` }]);
  });

  it("keeps the body: parsed when it was JSON, as rawBody when it was not", async () => {
    server.answer(reply.json(201, CustomerSeed));
    expect(await rejection(client({ validate: { response: true } }).customers.get("c"))).toMatchObject({ body: CustomerSeed, rawBody: undefined });
    server.answer(reply.text(201, "<html>oops</html>"));
    expect(await rejection(client({ validate: { response: true } }).customers.get("c"))).toMatchObject({ body: undefined, rawBody: "<html>oops</html>" });
  });

  it("resolves as before with validation off", async () => {
    server.answer(reply.json(201, CustomerSeed));
    await expect(client().customers.get("cust_1")).resolves.toEqual(CustomerSeed);
  });
});
