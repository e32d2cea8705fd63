// The client against a real Prism mock of the bundled spec (started once per
// run by test/support/global-setup.ts). That Prism serves the spec without
// the schemas of responses that have examples (test/support/prism-static-spec.ts):
// it validates requests, security and Prefer as for the full spec, and the
// responses are checked here by the package's own validators.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createCustomersClient } from "../src/client.js";
import { createCustomersMock } from "../src/mock.js";
import { CustomerCreateRequestSeed } from "../src/examples.js";
import { operationTable } from "../generated/operations.js";
import { validateCustomer, validators } from "../src/validators.js";
import { customerMethods } from "../src/client/customers-resource.js";
import type { CallOptions } from "../src/client.js";
import { specExamples } from "./support/spec.js";
import { rejection } from "./support/rejection.js";
import { SHARED_PRISM_TIMEOUT_MS, sharedPrism } from "./support/shared-prism.js";

const baseUrl = inject("mockUrl");
beforeAll(() => sharedPrism(), SHARED_PRISM_TIMEOUT_MS);
const client = createCustomersClient({ appId: "test-app", appToken: "secret-token-123", baseUrl });

/** Calls an operation through its client method, with the spec's own request example as the body. */
function callOperation(operationId: string, options?: CallOptions): Promise<unknown> {
  const [method, spec] = Object.entries(customerMethods).find(([, m]) => m.operationId === operationId)!;
  const requestExample = specExamples.find((e) => e.operationId === operationId && e.status === "request")?.value;
  const args = spec.args.map((kind: string) =>
    kind === "body" ? requestExample : kind === "file" ? (requestExample as { file: string }).file : kind === "filename" ? "customers.csv" : kind === "query" ? undefined : "source_123",
  );
  return (client.customers[method as keyof typeof client.customers] as (...a: unknown[]) => Promise<unknown>)(...args, options);
}

describe("client against the mock", () => {
  it("creates a customer and resolves with a body that validates as Customer", async () => {
    const customer = await client.customers.create(CustomerCreateRequestSeed);
    expect(validateCustomer(customer)).toMatchObject({ ok: true });
    expect(customer.object).toBe("customer");
  });

  it("authenticates with an OAuth token the way the spec's oauth2 scheme asks, for Prism and for the package's own mock", async () => {
    const oauthClient = createCustomersClient({ oauthToken: "oauth-token-0123456789", baseUrl });
    expect(validators.CustomerList((await oauthClient.customers.list()) as unknown).ok).toBe(true);
    const mock = createCustomersMock({ mode: "static" });
    const viaEngine = createCustomersClient({ oauthToken: "oauth-token-0123456789", fetch: (request) => mock.handle(request) });
    expect(validators.CustomerList((await viaEngine.customers.list()) as unknown).ok).toBe(true);
  });

  it("rejects with 401 when the credentials are missing", async () => {
    const fetchWithoutAuth = (request: Request) => {
      request.headers.delete("X-App-Id");
      request.headers.delete("X-App-Token");
      return fetch(request);
    };
    const anonymous = createCustomersClient({ appId: "a", appToken: "secret-token-123", baseUrl, fetch: fetchWithoutAuth });
    const error = await rejection(anonymous.customers.create({ source_id: "s" }));
    expect(error.status).toBe(401);
    expect(error.kind).toBe("api");
    expect(error.key).toBe("unauthorized");
    expect(error.message).not.toContain("secret-token-123");
  });

  it("rejects an invalid body with the mock's 400, its violations readable from the error", async () => {
    const error = await rejection(client.customers.create({ source_id: "s", email: "not-an-email" }));
    // Prism answers with the documented 400 and lists what it found in a header.
    expect(error.status).toBe(400);
    expect(error.key).toBe("invalid_payload");
    expect(error.mockViolations).toEqual(['Request body property email must match format "email"']);
    expect(error.message).toContain('the mock reports: Request body property email must match format "email"');
  });

  it("with request validation on, never sends an invalid body", async () => {
    let sent = 0;
    const counting = (request: Request) => {
      sent++;
      return fetch(request);
    };
    const strict = createCustomersClient({ appId: "a", appToken: "t", baseUrl, fetch: counting, validate: true });
    const error = await rejection(strict.customers.create({ source_id: "s", adress: {} } as never));
    expect(error.kind).toBe("request-validation");
    expect(error.issues).toEqual([{ path: "/adress", keyword: "additionalProperties", message: 'is not an allowed property; did you mean "address"?' }]);
    expect(sent).toBe(0);
    await expect(strict.customers.create({ source_id: "s" })).resolves.toMatchObject({ object: "customer" });
    expect(sent).toBe(1);
  });

  const responseExamples = specExamples.filter((e) => e.status !== "request");
  it.each(responseExamples.map((e) => [`${e.operationId} ${e.status} ${e.key}`, e] as const))(
    "serves %s with Prefer, through the client method",
    async (_, example) => {
      const call = callOperation(example.operationId, { headers: { Prefer: `code=${example.status}, example=${example.key}` } });
      if (example.status.startsWith("2")) {
        await expect(call).resolves.toEqual(example.value);
      } else {
        const error = await rejection(call);
        expect(error.status).toBe(Number(example.status));
        expect(error.body).toEqual(example.value);
      }
    },
  );

  it.each(Object.keys(operationTable))("%s answers its default with a body that validates", async (operationId) => {
    const facts = operationTable[operationId as keyof typeof operationTable];
    const body = await callOperation(operationId);
    const success = Object.keys(facts.responseSchemas).find((status) => status.startsWith("2"))!;
    const schema = facts.responseSchemas[success];
    if (schema === null) expect(body).toBeUndefined();
    else expect(validators[schema!](body)).toEqual({ ok: true, value: body });
  });

  it("reaches the typed openapi-fetch client with auth for { data, error } calls", async () => {
    const { data, error, response } = await client.http.POST("/v1/customers", { body: { source_id: "s" } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.object).toBe("customer");
  });
});
