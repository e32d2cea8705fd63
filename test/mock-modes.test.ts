// The mock's default and dynamic modes, as a frontend calls them: static
// examples, a chosen example or status by `__example`/`__code` or `Prefer`,
// the health check, and repeatable generated data with --dynamic --seed.
// The static answers are the engine's on node:http (what the front serves
// without Prism), compared with the run's shared Prism for every operation
// (global-setup.ts; it serves the spec without response schemas, see
// support/prism-static-spec.ts), and once with a Prism reading the real
// spec, generated/openapi.yaml: one of the --dynamic --seed mocks' Prisms,
// asked for its static answers (~8 s of CPU to start, so it is started once).
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerListEmpty, CustomerListPage, ErrorNotFound, ErrorTooManyRequests, ErrorUnauthorized } from "../generated/examples.js";
import { contractVersion, operationTable } from "../generated/operations.js";
import { validators } from "../src/validators.js";
import { startMock, type RunningMock } from "../scripts/lib/mock/mock-server.js";
import { closeServer, createEngineServer, listen, urlOf } from "../src/bin/node-server.js";
import { createCustomersMock } from "../src/mock.js";
import { specExamples } from "./support/spec.js";
import { SHARED_PRISM_TIMEOUT_MS, sharedPrism } from "./support/shared-prism.js";
import { writeSmallPrismSpec } from "./support/small-prism-spec.js";
import { TEST_PRISM_START_TIMEOUT_MS } from "./support/prism-deadlines.js";

const HEADERS = { "X-App-Id": "modes-app", "X-App-Token": "modes-token" };
let server: Server;
const staticMock = { url: "" };
const staticLog: string[] = [];

const getJson = async (url: string, headers: Record<string, string> = HEADERS) => {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
};

beforeAll(async () => {
  const engine = createCustomersMock();
  server = createEngineServer({ handle: engine.handle, health: () => ({ mode: engine.mode, contractVersion, operations: Object.keys(operationTable).length }), log: (line) => staticLog.push(line) });
  staticMock.url = urlOf("127.0.0.1", await listen(server, 0, "127.0.0.1"));
});

afterAll(async () => {
  if (server) await closeServer(server);
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

/**
 * The three --dynamic --seed mocks, started once (in parallel) for the two
 * describes that use them. The first one's Prism reads the real spec (the
 * default), and the last case of this file asks it for its static answers.
 * The others serve the spec cut to GET /v1/customers/{customerId} and the
 * components it reaches (~1.5 s of CPU a start, not ~8 s): the same Customer
 * schema, so the same bodies, which the seed-42 pair checks.
 */
let seeding: Promise<RunningMock[]> | undefined;
let work: string | undefined;
const seededMocks = () =>
  (seeding ??= (async () => {
    work = mkdtempSync(join(tmpdir(), "mock-modes-"));
    const prismSpec = writeSmallPrismSpec(work);
    const options = { port: 0, dynamic: true, prismStartTimeoutMs: TEST_PRISM_START_TIMEOUT_MS };
    return Promise.all([
      startMock({ ...options, seed: "42" }),
      startMock({ ...options, seed: "42", prismSpec }),
      startMock({ ...options, seed: "43", prismSpec }),
    ]);
  })());
const SEEDED_TIMEOUT_MS = TEST_PRISM_START_TIMEOUT_MS + 10_000;
afterAll(async () => {
  // allSettled: a mock that did start is stopped even when another did not.
  const started = seeding ? await Promise.allSettled([seeding]) : [];
  for (const result of started) if (result.status === "fulfilled") await Promise.all(result.value.map((mock) => mock.stop()));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("mock, --dynamic --seed", () => {
  let seeded: RunningMock[] = [];
  beforeAll(async () => {
    seeded = await seededMocks();
  }, SEEDED_TIMEOUT_MS);

  it("answers the health check with its mode and Prism's state", async () => {
    const front = await getJson(`${seeded[0]!.url}/__health`, {});
    expect(front.body).toEqual({ status: "ok", mode: "dynamic", contractVersion, operations: Object.keys(operationTable).length, prism: { status: "up", pid: expect.any(Number), restarts: 0 } });
  });

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

/** Asks the engine and the Prism at `prismUrl` the same request for `operationId` (its documented request body, if any; `prefer` as its Prefer header, plus `prismPrefers` for Prism alone) and expects the same answer. */
async function expectPrismsAnswer(operationId: string, prismUrl: string, prefer?: string, prismPrefers?: string) {
  const facts = operationTable[operationId as keyof typeof operationTable];
  const request = specExamples.find((e) => e.operationId === operationId && e.status === "request");
  const json = facts.requestMediaType === "application/json" && request !== undefined;
  const init = {
    method: facts.method.toUpperCase(),
    headers: { ...HEADERS, ...(json ? { "Content-Type": "application/json" } : {}), ...(prefer ? { Prefer: prefer } : {}) },
    ...(json ? { body: JSON.stringify(request.value) } : {}),
  };
  const path = facts.path.replace(/\{[^}]+\}/g, "source_123");
  const prismPrefer = [prefer, prismPrefers].filter(Boolean).join(", ");
  const prismInit = prismPrefer ? { ...init, headers: { ...init.headers, Prefer: prismPrefer } } : init;
  const [mine, prism] = await Promise.all([fetch(`${staticMock.url}${path}`, init), fetch(`${prismUrl}${path}`, prismInit)]);
  expect(mine.status, operationId).toBe(prism.status);
  if (prism.status === 400) {
    // Prism's 400 is the documented example; the engine's says what is actually wrong (issue 11).
    const error = await mine.json();
    expect(validators.ApiError(error), operationId).toMatchObject({ ok: true });
    expect(error.details, operationId).toMatch(/^(\(body\)|\/)/);
  } else expect(await mine.text(), operationId).toBe(await prism.text());
  expect(mine.headers.get("content-type") ?? "", operationId).toContain(prism.headers.get("content-type")?.split(";")[0] ?? "");
  // The engine answered, not Prism: its log has the request.
  expect(staticLog.some((line) => line.startsWith(`${init.method} ${path} -> `)), operationId).toBe(true);
}

describe("mock, static: the engine's answers are Prism's answers", () => {
  let prismUrl: string;
  beforeAll(async () => {
    prismUrl = await sharedPrism();
  }, SHARED_PRISM_TIMEOUT_MS);

  it.each(Object.keys(operationTable))("%s", (operationId) => expectPrismsAnswer(operationId, prismUrl));
});

describe("mock, static: Prism reading the real spec", () => {
  // Its first 200 of each activity list compiles the list's response schema,
  // ~10 s of CPU each: those two answer a documented 404 here, and their 200s
  // are compared with the shared Prism above.
  const COSTLY = ["listCustomerActivity", "listCustomerActivities"];
  let real = "";
  beforeAll(async () => {
    real = (await seededMocks())[0]!.prism.url;
  }, SEEDED_TIMEOUT_MS);

  it("serves generated/openapi.yaml with the engine's answers, for every operation", async () => {
    const operations = Object.keys(operationTable);
    expect(operations).toEqual(expect.arrayContaining(COSTLY));
    // Its mock runs with --dynamic: `Prefer: dynamic=false` asks Prism for the static answer, as without the flag.
    await Promise.all(operations.map((id) => expectPrismsAnswer(id, real, COSTLY.includes(id) ? "code=404" : undefined, "dynamic=false")));
  });
});
