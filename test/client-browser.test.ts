// The client entry in a real browser: bundled by esbuild for the browser
// (which fails on any `node:` import), loaded by headless Chromium from one
// local origin and calling the run's shared Prism mock (global-setup.ts) on
// another, so CORS is exercised.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename } from "node:path";
import { build, type OutputFile } from "esbuild";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/lib/mock/prism-process.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";
import { startFakeServer, type FakeServer } from "./support/fake-server.js";
import { SHARED_PRISM_TIMEOUT_MS, sharedPrism } from "./support/shared-prism.js";

const PAGE = `<!doctype html><meta charset="utf-8"><title>client</title>
<script type="module">import * as client from "/client.js"; window.customersClient = client;</script>`;

/** A module worker calling the site's own origin through a path baseUrl; it posts back what the call gave. */
const WORKER = `import { createCustomersClient } from "/client.js";
createCustomersClient({ appId: "worker-app", appToken: "worker-token-123456", baseUrl: "/api" }).customers.get("from-worker").then(
  (value) => postMessage({ value }),
  (error) => postMessage({ error: { name: error.name, kind: error.kind, message: error.message } }),
);`;

let prismUrl = "";
let slow: FakeServer | undefined;
let site: Server | undefined;
let siteUrl = "";
let browser: ChromiumSession | undefined;
let page: Page;
let inputs: string[] = [];
const fetched: string[] = [];

async function serve(files: OutputFile[]): Promise<Server> {
  const byPath = new Map(files.map((file) => [`/${basename(file.path)}`, file.text]));
  const server = createServer((req, res) => {
    if (req.url === "/") return void res.writeHead(200, { "Content-Type": "text/html" }).end(PAGE);
    if (req.url === "/worker.js") return void res.writeHead(200, { "Content-Type": "text/javascript" }).end(WORKER);
    // The same-origin proxy a path baseUrl points at: it echoes where the call arrived.
    if (req.url?.startsWith("/api/")) return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ object: "customer", id: "proxied", arrivedAt: `${req.method} ${req.url}` }));
    const body = byPath.get(req.url ?? "");
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "text/javascript" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  const bundle = await build({
    entryPoints: { client: "src/client.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    splitting: true,
    minify: true,
    outdir: "browser-bundle",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  inputs = Object.keys(bundle.metafile.inputs);
  [prismUrl, site, browser, slow] = await Promise.all([sharedPrism(), serve(bundle.outputFiles), chromiumSession(), startFakeServer()]);
  // Allows the cross-origin call, then never answers it.
  slow.answer((res, req) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "*");
    res.setHeader("Access-Control-Allow-Methods", "*");
    if (req.method === "OPTIONS") res.writeHead(204).end();
  });
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  page = await browser.newPage();
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${siteUrl}/`);
  await page.waitForFunction(() => "customersClient" in window);
}, SHARED_PRISM_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await slow?.close();
});

/** Runs one client call in the page; returns what it resolved with or the error's fields. */
function inPage(scenario: { baseUrl: string; body: unknown; prefer?: string; validate?: boolean; timeoutMs?: number }) {
  return page.evaluate(async ({ baseUrl, body, prefer, validate, timeoutMs }) => {
    const { createCustomersClient, CustomersApiError } = (window as any).customersClient;
    const client = createCustomersClient({ appId: "browser-app", appToken: "browser-token-123456", baseUrl, validate: { request: validate === true }, ...(timeoutMs ? { timeoutMs } : {}) });
    try {
      const value = await client.customers.create(body, prefer ? { headers: { Prefer: prefer } } : {});
      return { value };
    } catch (error: any) {
      return { error: { isCustomersApiError: error instanceof CustomersApiError, kind: error.kind, status: error.status, key: error.key, issues: error.issues, message: error.message } };
    }
  }, scenario);
}

describe("the client in headless Chromium", () => {
  it("bundles for the browser without any node: module", () => {
    expect(inputs.filter((input) => input.startsWith("node:"))).toEqual([]);
    expect(inputs).toContain("src/client.ts");
  });

  it("is served from a different origin than the mock", () => {
    expect(new URL(siteUrl).origin).not.toBe(new URL(prismUrl).origin);
  });

  it("creates a customer across origins (CORS preflight with the auth headers passes)", async () => {
    const result = await inPage({ baseUrl: prismUrl, body: { source_id: "browser-1", name: "Ann" } });
    expect(result).toMatchObject({ value: { object: "customer" } });
  });

  it("rejects a documented error with a CustomersApiError carrying status and key", async () => {
    const result = await inPage({ baseUrl: prismUrl, body: { source_id: "browser-1" }, prefer: "code=429, example=tooManyRequests" });
    expect(result.error).toMatchObject({ isCustomersApiError: true, kind: "api", status: 429, key: "too_many_requests" });
  });

  it("loads the validators only once validation is used, and sends nothing invalid", async () => {
    expect(fetched.some((path) => path.startsWith("/validators"))).toBe(false);
    const result = await inPage({ baseUrl: prismUrl, body: { source_id: "s", email: "nope" }, validate: true });
    expect(result.error).toMatchObject({ kind: "request-validation", issues: [{ path: "/email", keyword: "format", message: "must be a valid email address" }] });
    expect(fetched.some((path) => path.startsWith("/validators"))).toBe(true);
  });

  it("times out with kind timeout", async () => {
    const result = await inPage({ baseUrl: slow!.url, body: { source_id: "s" }, timeoutMs: 200 });
    expect(result.error).toMatchObject({ isCustomersApiError: true, kind: "timeout" });
    expect(slow!.requests.map((r) => r.method)).toContain("POST");
  });

  it("sends a path baseUrl to the page's own origin (a same-origin proxy)", async () => {
    const result = await inPage({ baseUrl: "/api", body: { source_id: "s" } });
    expect(result).toEqual({ value: { object: "customer", id: "proxied", arrivedAt: "POST /api/v1/customers" } });
  });

  it("sends a path baseUrl to the worker's own origin from a module worker", async () => {
    const result = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker("/worker.js", { type: "module" });
          worker.onmessage = (event) => (worker.terminate(), resolve(event.data));
          worker.onerror = (event) => (worker.terminate(), reject(new Error(event.message || "the worker failed to load")));
        }),
    );
    expect(result).toEqual({ value: { object: "customer", id: "proxied", arrivedAt: "GET /api/v1/customers/from-worker" } });
  });

  it("reports an unreachable server as kind network", async () => {
    const result = await inPage({ baseUrl: `http://127.0.0.1:${await freePort()}`, body: { source_id: "s" } });
    expect(result.error).toMatchObject({ isCustomersApiError: true, kind: "network", status: undefined });
  });
});
