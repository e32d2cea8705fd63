// The mock's default and dynamic modes, as a frontend calls them: static
// examples, a chosen example or status by `__example`/`__code` or `Prefer`,
// the health check, and repeatable generated data with --dynamic --seed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerListEmpty, CustomerListPage, ErrorNotFound, ErrorTooManyRequests, ErrorUnauthorized } from "../generated/examples.js";
import { contractVersion, operationTable } from "../generated/operations.js";
import { validators } from "../src/validators.js";
import { startMock, type RunningMock } from "../scripts/lib/mock-server.js";
import { specExamples } from "./support/spec.js";

const HEADERS = { "X-App-Id": "modes-app", "X-App-Token": "modes-token" };
let staticMock: RunningMock;
let seeded: RunningMock[] = [];
const staticLog: string[] = [];

const getJson = async (url: string, headers: Record<string, string> = HEADERS) => {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
};

beforeAll(async () => {
  [staticMock, ...seeded] = await Promise.all([
    startMock({ port: 0, log: (line) => staticLog.push(line) }),
    startMock({ port: 0, dynamic: true, seed: "42" }),
    startMock({ port: 0, dynamic: true, seed: "42" }),
    startMock({ port: 0, dynamic: true, seed: "43" }),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all([staticMock, ...seeded].filter(Boolean).map((mock) => mock.stop()));
});

describe("mock, static (the default)", () => {
  it("answers the health check with its mode and contract version", async () => {
    const { status, body } = await getJson(`${staticMock.url}/__health`, {});
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok", mode: "static", contractVersion, operations: Object.keys(operationTable).length });
  });

  it("serves the first documented example", async () => {
    await expect(getJson(`${staticMock.url}/v1/customers`)).resolves.toMatchObject({ status: 200, body: CustomerListPage });
  });

  it("picks an example with ?__example= and a status with ?__code=", async () => {
    await expect(getJson(`${staticMock.url}/v1/customers?__example=empty`)).resolves.toMatchObject({ status: 200, body: CustomerListEmpty });
    await expect(getJson(`${staticMock.url}/v1/customers/cust_1?__code=404`)).resolves.toMatchObject({ status: 404, body: ErrorNotFound });
  });

  it("picks them with the Prefer header too, which wins over the query", async () => {
    const response = await getJson(`${staticMock.url}/v1/customers?__code=404`, { ...HEADERS, Prefer: "code=429, example=tooManyRequests" });
    expect(response).toMatchObject({ status: 429, body: ErrorTooManyRequests });
  });

  it("answers an unknown example name with an error that names it, not a crash", async () => {
    const response = await getJson(`${staticMock.url}/v1/customers?__example=nope`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(response.body)).toContain("nope");
  });

  it("answers 401 with the documented error without both app keys", async () => {
    await expect(getJson(`${staticMock.url}/v1/customers`, {})).resolves.toMatchObject({ status: 401, body: ErrorUnauthorized });
  });
});

describe("mock, static: the in-process answers are Prism's answers", () => {
  const operations = Object.entries(operationTable);

  it.each(operations)("%s", async (operationId, facts) => {
    const request = specExamples.find((e) => e.operationId === operationId && e.status === "request");
    const json = facts.requestMediaType === "application/json" && request !== undefined;
    const init = {
      method: facts.method.toUpperCase(),
      headers: { ...HEADERS, ...(json ? { "Content-Type": "application/json" } : {}) },
      ...(json ? { body: JSON.stringify(request.value) } : {}),
    };
    const path = facts.path.replace(/\{[^}]+\}/g, "source_123");
    const [mine, prism] = await Promise.all([fetch(`${staticMock.url}${path}`, init), fetch(`${staticMock.prism.url}${path}`, init)]);
    expect(mine.status).toBe(prism.status);
    expect(await mine.text()).toBe(await prism.text());
    expect(mine.headers.get("content-type") ?? "").toContain(prism.headers.get("content-type")?.split(";")[0] ?? "");
    // Multipart bodies are left to Prism; every JSON operation is answered in process.
    const answeredInProcess = staticLog.some((line) => line.startsWith(`${init.method} ${path} `) && line.includes(`(example ${operationId})`));
    expect(answeredInProcess).toBe(facts.requestMediaType === undefined || facts.requestMediaType === "application/json");
  });
});

describe("mock, --dynamic --seed", () => {
  const customer = (mock: RunningMock) => getJson(`${mock.url}/v1/customers/cust_1`).then((r) => r.body);

  it("generates bodies that validate, the same ones for the same seed", async () => {
    const [a, b, other] = seeded as [RunningMock, RunningMock, RunningMock];
    const first = await Promise.all([customer(a), customer(b), customer(other)]);
    expect(validators.Customer(first[0])).toMatchObject({ ok: true });
    expect(first[0]).not.toEqual(CustomerListPage.customers[1]);
    expect(first[1]).toEqual(first[0]);
    expect(first[2]).not.toEqual(first[0]);
    // The sequence repeats too, not only the first answer.
    expect(await customer(b)).toEqual(await customer(a));
  });
});
