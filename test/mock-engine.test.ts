// The mock engine (`voucherify-customers-contract/mock`) called in process:
// every operation, every documented status and example, in both modes,
// answers with a status the spec documents and a body that validates; both
// modes judge a request the same way; importCSV takes CSV files as browsers
// and spreadsheet tools label them; HEAD, OPTIONS and latency behave.
import { afterEach, describe, expect, it, vi } from "vitest";
import { documentedResponses, responseValidators } from "../generated/mock-data.js";
import { CustomerListPage } from "../generated/examples.js";
import { operationTable, type OperationId } from "../generated/operations.js";
import { validators } from "../src/validators.js";
import { createCustomersMock, type CustomersMock, type CustomersMockMode } from "../src/mock.js";
import { specExamples } from "./support/spec.js";

const ORIGIN = "https://api.voucherify.io";
const KEYS = { "X-App-Id": "engine-app", "X-App-Token": "engine-token" };
const known = CustomerListPage.customers[0]!;
const operations = Object.entries(operationTable) as Array<[OperationId, (typeof operationTable)[OperationId]]>;
const MODES: CustomersMockMode[] = ["static", "stateful"];

/** A valid request for the operation: its documented request example, a customer the stateful store has. */
function validRequest(operationId: OperationId, headers: Record<string, string> = {}, query = ""): Request {
  const facts = operationTable[operationId];
  const example = specExamples.find((e) => e.operationId === operationId && e.status === "request");
  const path = facts.path.replace("{customerId}", encodeURIComponent(known.id));
  const init: RequestInit = { method: facts.method.toUpperCase(), headers: { ...KEYS, ...headers } };
  if (facts.requestMediaType === "application/json" && example) {
    init.body = JSON.stringify(example.value);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  } else if (facts.requestMediaType === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new Blob(["source_id,name\ncrm-1,Ann\n"], { type: "text/csv" }), "customers.csv");
    init.body = form;
  }
  return new Request(`${ORIGIN}${path}${query}`, init);
}

async function expectDocumented(operationId: OperationId, response: Response): Promise<unknown> {
  // The spec's own schema for the status (a component, or an anyOf of them), compiled by the generator.
  const schema = responseValidators[operationId][String(response.status)];
  const text = await response.text();
  expect(schema, `${operationId} answered ${response.status}: ${text.slice(0, 300)}`).not.toBeUndefined();
  if (schema === null) {
    expect(text).toBe("");
    return undefined;
  }
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = JSON.parse(text);
  expect(schema!(body), `${operationId} ${response.status}`).toMatchObject({ ok: true });
  if (response.status >= 400 && (body as { code?: unknown }).code !== undefined) expect(validators.ApiError(body)).toMatchObject({ ok: true });
  return body;
}

describe.each(MODES)("every answer validates against the spec (%s)", (mode) => {
  it.each(operations)("%s: the default answer to a valid request", async (operationId) => {
    const mock = createCustomersMock({ mode, seed: 1 });
    const response = await mock.handle(validRequest(operationId));
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    await expectDocumented(operationId, response);
  });

  it.each(operations)("%s: every documented status and example, by Prefer and by __code/__example", async (operationId) => {
    const mock = createCustomersMock({ mode, seed: 1 });
    for (const [status, documented] of Object.entries(documentedResponses[operationId])) {
      for (const example of Object.keys(documented.examples ?? { "": undefined })) {
        const prefer = example ? `code=${status}, example=${example}` : `code=${status}`;
        const byHeader = await mock.handle(validRequest(operationId, { Prefer: prefer }));
        expect(byHeader.status, prefer).toBe(Number(status));
        const body = await expectDocumented(operationId, byHeader);
        if (example) expect(body).toEqual(documented.examples![example]);
        for (const [name, value] of Object.entries(documented.headers)) expect(byHeader.headers.get(name)).toBe(value);
        const query = `?__code=${status}${example ? `&__example=${example}` : ""}`;
        const byQuery = await mock.handle(validRequest(operationId, {}, query));
        expect(byQuery.status, query).toBe(Number(status));
        await expectDocumented(operationId, byQuery);
      }
    }
  });

  it.each(operations)("%s: 401 without the app keys, 400 for an unknown example, both as ApiError", async (operationId) => {
    const mock = createCustomersMock({ mode });
    const request = validRequest(operationId);
    const headers = new Headers(request.headers);
    headers.delete("x-app-token");
    const unauthorized = await mock.handle(new Request(request, { headers }));
    expect(unauthorized.status).toBe(401);
    await expectDocumented(operationId, unauthorized);
    const unknown = await mock.handle(validRequest(operationId, { Prefer: "example=noSuchExample" }));
    expect(unknown.status).toBe(400);
    expect(((await expectDocumented(operationId, unknown)) as { details: string }).details).toContain("noSuchExample");
  });
});

describe("static and stateful modes judge a request the same way", () => {
  const mocks = MODES.map((mode) => createCustomersMock({ mode, seed: "same" }));
  const json = { ...KEYS, "Content-Type": "application/json" };
  const cases: Array<[string, string, RequestInit, number, RegExp]> = [
    ["a date that is not one", "/v1/customers?created_at[before]=notadate", { headers: KEYS }, 400, /^\/query\/created_at\[before\]: must be a valid ISO 8601 date-time/],
    ["a limit over 100", "/v1/customers?limit=101", { headers: KEYS }, 400, /^\/query\/limit: /],
    ["an unknown order", "/v1/customers?order=name", { headers: KEYS }, 400, /^\/query\/order: /],
    ["a typo in the body", "/v1/customers", { method: "POST", headers: json, body: JSON.stringify({ adress: {} }) }, 400, /adress/],
    ["an email that is not one", "/v1/customers", { method: "POST", headers: json, body: JSON.stringify({ email: "nope" }) }, 400, /^\/email: must be a valid email address$/],
    ["JSON that does not parse", "/v1/customers", { method: "POST", headers: json, body: "{" }, 400, /is not valid JSON/],
    ["a body that is not JSON", "/v1/customers", { method: "POST", headers: { ...KEYS, "Content-Type": "text/plain" }, body: "{}" }, 400, /must be sent as application\/json, not text\/plain/],
    ["no body where one is required", "/v1/customers", { method: "POST", headers: json }, 400, /a request body is required/],
    ["a malformed escape", "/v1/customers/100%", { headers: KEYS }, 400, /not valid percent-encoding/],
    ["a malformed escape in the query", "/v1/customers?email=%E0%A4%A", { headers: KEYS }, 400, /not valid percent-encoding/],
    ["an unknown path", "/v1/nothing", { headers: KEYS }, 404, /no operation at \/v1\/nothing/],
    ["an unsupported method", "/v1/customers", { method: "PATCH", headers: KEYS }, 405, /PATCH is not allowed on \/v1\/customers; use GET, POST/],
  ];

  it.each(cases)("%s: %s", async (_name, path, init, status, details) => {
    const answers = await Promise.all(mocks.map((mock) => mock.handle(new Request(`${ORIGIN}${path}`, init))));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    for (const [i, answer] of answers.entries()) {
      expect(answer.status, MODES[i]).toBe(status);
      expect(validators.ApiError(bodies[i]), MODES[i]).toMatchObject({ ok: true });
      expect(bodies[i].code).toBe(status);
      expect(bodies[i].details, MODES[i]).toMatch(details);
    }
    const { request_id: _a, ...first } = bodies[0];
    const { request_id: _b, ...second } = bodies[1];
    expect(second).toEqual(first);
    if (status === 405) expect(answers[0]!.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });
});

describe("importCSV", () => {
  const importWith = (mock: CustomersMock, type: string | undefined) => {
    const form = new FormData();
    form.append("file", new Blob(["source_id\ncrm-1\n"], type === undefined ? {} : { type }), "customers.csv");
    return mock.handle(new Request(`${ORIGIN}/v1/customers/importCSV`, { method: "POST", headers: KEYS, body: form }));
  };

  it.each(MODES)("takes a file part labelled text/csv, application/vnd.ms-excel, application/octet-stream, text/plain (as the spec's encoding lists them) or nothing (%s)", async (mode) => {
    const mock = createCustomersMock({ mode });
    for (const type of ["text/csv", "application/vnd.ms-excel", "application/octet-stream", "text/plain", undefined]) {
      const response = await importWith(mock, type);
      expect(response.status, String(type)).toBe(202);
      await expectDocumented("importCustomersCsv", response);
    }
  });

  it("refuses a file that is not CSV, a missing file part and a JSON body, naming what is wrong", async () => {
    const mock = createCustomersMock();
    const image = await importWith(mock, "image/png");
    expect(image.status).toBe(400);
    expect((await image.json()).details).toMatch(/^\/file: must be a CSV file .*not image\/png$/);
    const form = new FormData();
    form.append("other", "x");
    const missing = await mock.handle(new Request(`${ORIGIN}/v1/customers/importCSV`, { method: "POST", headers: KEYS, body: form }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).details).toMatch(/file/);
    const json = await mock.handle(new Request(`${ORIGIN}/v1/customers/importCSV`, { method: "POST", headers: { ...KEYS, "Content-Type": "application/json" }, body: "{}" }));
    expect(json.status).toBe(400);
    expect((await json.json()).details).toMatch(/must be sent as multipart\/form-data/);
  });
});

describe("methods, origins and latency", () => {
  afterEach(() => void vi.useRealTimers());

  it("answers HEAD like GET without a body, and OPTIONS with the path's methods", async () => {
    const mock = createCustomersMock();
    const head = await mock.handle(new Request(`${ORIGIN}/v1/customers/${known.id}`, { method: "HEAD", headers: KEYS }));
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/json");
    expect(await head.text()).toBe("");
    const options = await mock.handle(new Request(`${ORIGIN}/v1/customers/${known.id}`, { method: "OPTIONS" }));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, PUT, DELETE, HEAD, OPTIONS");
  });

  it("reads only the path and query: any origin works", async () => {
    const mock = createCustomersMock();
    for (const origin of ["https://us1.api.voucherify.io", "http://localhost:3000", "https://api.voucherify.io"]) {
      expect((await mock.handle(new Request(`${origin}/v1/customers`, { headers: KEYS }))).status).toBe(200);
    }
  });

  it("waits latencyMs before answering", async () => {
    vi.useFakeTimers();
    const mock = createCustomersMock({ latencyMs: 250 });
    let settled = false;
    const answer = mock.handle(new Request(`${ORIGIN}/v1/customers`, { headers: KEYS })).then((r) => ((settled = true), r));
    await vi.advanceTimersByTimeAsync(249);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await answer).status).toBe(200);
  });

  it("refuses options it cannot use with a clear error", () => {
    expect(() => createCustomersMock({ mode: "dynamic" as CustomersMockMode })).toThrow(/mode must be "static" or "stateful"/);
    expect(() => createCustomersMock({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
