// Hostile input cannot take the mock down or poison it (issue 11). One table:
// each entry is a request, the status and error it must get in each mode, and
// after each one the mock must still answer and its store still be readable
// (every customer listed and fetched, every answer valid). The whole table
// runs against the engine in process; the rows that only a real server can
// receive (raw request lines, TRACE, a Prism crash) run against one
// `npm run mock -- --stateful` process, whose Prism serves a small spec
// (support/small-prism-spec.ts): these rows check that nothing malformed
// reaches Prism and that a dead Prism is restarted, not what it answers
// (Prism on the real spec: mock-modes.test.ts). Last, the command is killed
// with SIGKILL and must leave no Prism behind (the process-management check
// of mock-cli.test.ts, made here so that it needs no command of its own).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { validators } from "../src/validators.js";
import { createCustomersMock, MAX_BODY_BYTES, MAX_BODY_DEPTH, type CustomersMock, type CustomersMockMode } from "../src/mock.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { allGone, descendants, prisms } from "./support/process-tree.js";
import { rawExchange } from "./support/raw-http.js";
import { writeSmallPrismSpec } from "./support/small-prism-spec.js";

const KEYS = { "x-app-id": "hostile-app", "x-app-token": "hostile-token" };
const JSON_KEYS = { ...KEYS, "content-type": "application/json" };

interface Row {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer> | FormData;
  /** Status per mode (one number: the same in both). */
  status: number | Record<CustomersMockMode, number>;
  /** What the ApiError's details (or key) must say, when the answer is an error. */
  says?: RegExp;
  /** Extra headers the answer must carry. */
  answerHeaders?: Record<string, RegExp>;
}

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const bytes = (size: number, fill = "x") => JSON.stringify({ source_id: "big", metadata: { blob: fill.repeat(size) } });

const ROWS: Row[] = [
  { name: "a bare % in the path", path: "/v1/customers/100%", status: 400, says: /the path is not valid percent-encoding/ },
  { name: "%ZZ at the root", path: "/%ZZ", status: 400, says: /not valid percent-encoding/ },
  { name: "a cut-off UTF-8 escape", path: "/%E0%A4%A", status: 400, says: /not valid percent-encoding/ },
  { name: "a malformed escape in the query", path: "/v1/customers?name=%E0%A4%A", status: 400, says: /the query is not valid percent-encoding/ },
  { name: "an escaped NUL as an ID", path: "/v1/customers/%00", status: { static: 200, stateful: 404 } },
  { name: "a NUL in a query value", path: "/v1/customers?name=%00", status: 200 },
  { name: "a 10,000-character ID", path: `/v1/customers/${"i".repeat(10_000)}`, status: { static: 200, stateful: 404 } },
  { name: "a 10,000-character source_id", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: JSON.stringify({ source_id: "s".repeat(10_000) }), status: 200 },
  { name: "a 5 MB body (a customer too big to keep)", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: bytes(5 * 1024 * 1024), status: { static: 200, stateful: 400 }, says: /customer_too_large|the mock keeps customers of at most/ },
  { name: "a huge array in metadata", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: JSON.stringify({ source_id: "arr", metadata: { list: Array(500_000).fill(7) } }), status: { static: 200, stateful: 400 }, says: /the mock keeps customers of at most/ },
  { name: "a 12 MB body", method: "POST", path: "/v1/customers/bulk/async", headers: JSON_KEYS, body: bytes(12 * 1024 * 1024), status: 413, says: /exceeds the limit of 10 MB/ },
  { name: "JSON nested 100,000 levels", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: deep(100_000), status: 400, says: new RegExp(`more than ${MAX_BODY_DEPTH} levels deep`) },
  { name: "metadata nested 2,000 levels", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: JSON.stringify({ source_id: "deep", metadata: JSON.parse(deep(2000)) }), status: 400, says: /levels deep/ },
  { name: "metadata nested to the limit", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: JSON.stringify({ source_id: "deep-ok", metadata: JSON.parse(deep(MAX_BODY_DEPTH - 2)) }), status: 200 },
  { name: "__proto__ as a body property", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: '{"__proto__":{"polluted":true}}', status: 400, says: /\/__proto__: is not an allowed property/ },
  { name: "__proto__ inside metadata", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: '{"source_id":"proto","metadata":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}', status: 200 },
  { name: "__proto__ and constructor as query names", path: "/v1/customers?__proto__=x&constructor=y&__code[__proto__]=1", status: 200 },
  { name: "invalid UTF-8 in a JSON body", method: "POST", path: "/v1/customers", headers: JSON_KEYS, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), status: 400, says: /is not valid JSON/ },
  { name: "a JSON body sent as text/plain", method: "POST", path: "/v1/customers", headers: { ...KEYS, "content-type": "text/plain" }, body: "{}", status: 400, says: /must be sent as application\/json, not text\/plain/ },
  { name: "a JSON body without a content type", method: "PUT", path: "/v1/customers/source_123", headers: KEYS, body: new Uint8Array(Buffer.from("{}")), status: 400, says: /must be sent as application\/json, not without a Content-Type/ },
  { name: "JSON sent to the CSV import", method: "POST", path: "/v1/customers/importCSV", headers: JSON_KEYS, body: "{}", status: 400, says: /must be sent as multipart\/form-data/ },
  { name: "a broken multipart body", method: "POST", path: "/v1/customers/importCSV", headers: { ...KEYS, "content-type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\nnonsense", status: 400, says: /is not valid multipart\/form-data/ },
  { name: "HEAD on a list", method: "HEAD", path: "/v1/customers", status: 200 },
  { name: "OPTIONS on a customer", method: "OPTIONS", path: "/v1/customers/source_123", status: 204, answerHeaders: { allow: /^GET, PUT, DELETE, HEAD, OPTIONS$/ } },
  { name: "PATCH on a customer", method: "PATCH", path: "/v1/customers/source_123", headers: JSON_KEYS, body: "{}", status: 405, says: /PATCH is not allowed/, answerHeaders: { allow: /^GET, PUT, DELETE, HEAD, OPTIONS$/ } },
  { name: "DELETE on the list", method: "DELETE", path: "/v1/customers", status: 405, answerHeaders: { allow: /^GET, POST, HEAD, OPTIONS$/ } },
  { name: "an unknown route", path: "/v1/vouchers", status: 404, says: /no operation at \/v1\/vouchers/ },
  { name: "a 100,000-character query value", path: `/v1/customers?email=${"e".repeat(100_000)}`, status: 200 },
  { name: "a 100,000-character date", path: `/v1/customers?created_at[before]=${"9".repeat(100_000)}`, status: 400, says: /\/query\/created_at\[before\]: must be a valid ISO 8601 date-time/ },
  { name: "a limit too large to be a number", path: "/v1/customers?limit=1e999", status: 400, says: /\/query\/limit: must be a finite number/ },
];

/** Still up and still readable: a list of every customer, and each one by ID, all valid. */
async function expectHealthy(mock: CustomersMock): Promise<void> {
  const call = (path: string) => mock.handle(new Request(`http://hostile.test${path}`, { headers: KEYS }));
  const list = await call("/v1/customers?limit=100");
  expect(list.status).toBe(200);
  const body = await list.json();
  expect(validators.CustomerList(body)).toMatchObject({ ok: true });
  if (!mock.store) return;
  expect(body.total).toBe(mock.store.size);
  for (let page = 2; (page - 1) * 100 < body.total; page++) expect((await call(`/v1/customers?limit=100&page=${page}`)).status).toBe(200);
  for (const customer of body.customers) {
    const one = await call(`/v1/customers/${encodeURIComponent(customer.id)}`);
    expect(one.status).toBe(200);
    expect(validators.Customer(await one.json())).toMatchObject({ ok: true });
  }
}

async function expectAnswer(row: Row, mode: CustomersMockMode, response: Response): Promise<void> {
  const status = typeof row.status === "number" ? row.status : row.status[mode];
  const text = await response.text();
  expect(response.status, text.slice(0, 300)).toBe(status);
  for (const [name, pattern] of Object.entries(row.answerHeaders ?? {})) expect(response.headers.get(name)).toMatch(pattern);
  if (status >= 400) {
    const error = JSON.parse(text);
    expect(validators.ApiError(error)).toMatchObject({ ok: true });
    expect(error.code).toBe(status);
    if (row.says) expect(`${error.key} ${error.details}`).toMatch(row.says);
  }
}

describe.each(["static", "stateful"] as const)("the engine (%s) against the hostile-input table", (mode) => {
  const mock = createCustomersMock({ mode, seed: "hostile" });

  it.each(ROWS)("$name", async (row) => {
    const before = mock.store?.size;
    const request = new Request(`http://hostile.test${row.path}`, { method: row.method ?? "GET", headers: row.headers ?? KEYS, ...(row.body !== undefined ? { body: row.body } : {}) });
    await expectAnswer(row, mode, await mock.handle(request));
    if (mock.store && (typeof row.status === "number" ? row.status : row.status[mode]) >= 400) expect(mock.store.size, "nothing stored").toBe(before);
    await expectHealthy(mock);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

it("keeps __proto__ in stored metadata as a plain key, not a prototype", async () => {
  const mock = createCustomersMock({ mode: "stateful" });
  const body = '{"source_id":"proto","metadata":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}';
  expect((await mock.handle(new Request("http://hostile.test/v1/customers", { method: "POST", headers: JSON_KEYS, body }))).status).toBe(200);
  const got = await mock.handle(new Request("http://hostile.test/v1/customers/proto", { headers: KEYS }));
  const metadata = (await got.json()).metadata;
  expect(Object.keys(metadata)).toEqual(["__proto__", "constructor"]);
  expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(mock.store!.get("proto").metadata)).toBe(Object.prototype);
});

/** One raw exchange with the app keys and a Content-Length, 0 included: what fetch cannot send (a bare `%`, a NUL, TRACE). */
const rawRequest = (port: number, head: string, body: Buffer = Buffer.alloc(0)) => rawExchange(port, `${head}\r\nX-App-Id: a\r\nX-App-Token: b`, body);

describe("`npm run mock -- --stateful` against the rows only a real server receives", () => {
  let child: ChildProcess;
  let url = "";
  let port = 0;
  let output = "";
  const work = mkdtempSync(join(tmpdir(), "customers-mock-hostile-"));

  const health = async () => (await fetch(`${url}/__health`)).json();

  beforeAll(async () => {
    const prismSpec = writeSmallPrismSpec(work);
    child = spawn(process.execPath, ["scripts/run.mjs", "scripts/mock.ts", "--port", "0", "--stateful", "--quiet", "--prism-spec", prismSpec], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    // Waits for the readiness line, or for the process to end.
    url = await new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = /\(stateful\): (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on("data", check);
      child.once("exit", (code) => reject(new Error(`npm run mock exited with ${code}:\n${output}`)));
    });
    port = Number(new URL(url).port);
    // The mock answers at once; Prism comes up behind it, and these rows check it stays up.
    await vi.waitFor(async () => expect((await health()).prism.status).toBe("up"), { timeout: 110_000, interval: 200 });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  const stillServing = async () => {
    const list = await fetch(`${url}/v1/customers?limit=100`, { headers: KEYS });
    expect(list.status).toBe(200);
    expect(validators.CustomerList(await list.json())).toMatchObject({ ok: true });
    expect(await health()).toMatchObject({ status: "ok", prism: { status: "up" } });
  };

  it.each([
    ["GET /v1/customers/100% HTTP/1.1", 400, /not valid percent-encoding/],
    ["GET /%ZZ HTTP/1.1", 400, /not valid percent-encoding/],
    ["GET /%E0%A4%A HTTP/1.1", 400, /not valid percent-encoding/],
    ["GET /v1/customers/100%?__dynamic=true HTTP/1.1", 400, /not valid percent-encoding/],
    ["GET /v1/customers/a\u0000b HTTP/1.1", 400, /could not be parsed/],
    ["TRACE /v1/customers HTTP/1.1", 405, /TRACE is not allowed/],
    ["TRACE /nowhere HTTP/1.1", 404, /no operation at \/nowhere/],
  ])("%s → %i, and it keeps serving", async (head, status, says) => {
    const { pid } = (await health()).prism;
    const answer = await rawRequest(port, head);
    expect(answer.status).toBe(status);
    const error = JSON.parse(answer.body);
    expect(validators.ApiError(error)).toMatchObject({ ok: true });
    expect(error.details).toMatch(says);
    await stillServing();
    // Nothing malformed reaches Prism: the same Prism process is still serving.
    expect((await health()).prism.pid).toBe(pid);
  });

  it("answers 413 to a 12 MB body and 400 to 100,000-deep JSON", async () => {
    const big = await fetch(`${url}/v1/customers/bulk/async`, { method: "POST", headers: JSON_KEYS, body: bytes(12 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(validators.ApiError(await big.json())).toMatchObject({ ok: true });
    const nested = await fetch(`${url}/v1/customers`, { method: "POST", headers: JSON_KEYS, body: deep(100_000) });
    expect(nested.status).toBe(400);
    expect((await nested.json()).details).toMatch(/levels deep/);
    expect(MAX_BODY_BYTES).toBeLessThan(12 * 1024 * 1024);
    await stillServing();
  });

  it("when Prism dies, says so on /__health, starts it again, and keeps serving meanwhile", async () => {
    const before = (await health()).prism;
    expect(before).toMatchObject({ status: "up", restarts: 0 });
    process.kill(before.pid, "SIGKILL");
    // The engine's own answers do not need Prism.
    expect((await fetch(`${url}/v1/customers`, { headers: KEYS })).status).toBe(200);
    for (;;) {
      const now = (await health()).prism;
      if (now.status === "up" && now.restarts === 1) {
        expect(now.pid).not.toBe(before.pid);
        expect(now.lastExit).toBe("signal SIGKILL");
        break;
      }
      expect(["up", "restarting"]).toContain(now.status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const dynamic = await fetch(`${url}/v1/customers/source_123?__dynamic=true`, { headers: KEYS });
    expect(dynamic.status).toBe(200);
    expect(validators.Customer(await dynamic.json())).toMatchObject({ ok: true });
    expect(child.exitCode).toBeNull();
  }, 120_000);

  it("leaves no Prism behind when the command is killed with SIGKILL", async () => {
    // Killed once its Prism is up: Prism's guard ends it when its event loop
    // is free, so a Prism killed mid-start would finish starting first anyway.
    const { prism } = await vi.waitFor(
      async () => {
        const body = await health();
        expect(body.prism.status).toBe("up");
        return body;
      },
      { timeout: 90_000, interval: 200 },
    );
    const started = descendants(child.pid!);
    expect(prisms(started)).toEqual([prism.pid]);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(await allGone(started)).toEqual([]);
  });
});
