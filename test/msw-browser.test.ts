// The MSW handlers in a real service worker: headless Chromium loads a page
// from a local node:http server; the page (bundled by esbuild for the browser,
// which fails on any `node:` import) starts msw/browser's setupWorker with
// createCustomersHandlers() and calls the package's client at its default
// cluster URL. Nothing reaches the network: msw's own mockServiceWorker.js
// answers, and the mock engine runs in the page.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";

const ROOT = new URL("../", import.meta.url).pathname;

// What a frontend app would write; `window.app` lets the test drive it.
const APP = `
import { setupWorker } from "msw/browser";
import { createCustomersHandlers } from "./src/msw.ts";
import { createCustomersClient } from "./src/client.ts";

const handlers = createCustomersHandlers({ seed: "browser" });
const worker = setupWorker(...handlers);
const client = createCustomersClient({ appId: "browser-app", appToken: "browser-token" });

async function outcome(promise) {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, kind: error.kind, status: error.status, key: error.body && error.body.key };
  }
}

window.app = {
  async start() {
    await worker.start({ quiet: true, onUnhandledRequest: "bypass" });
    return navigator.serviceWorker.controller ? navigator.serviceWorker.controller.scriptURL : null;
  },
  async flow() {
    const created = await client.customers.create({ source_id: "browser-1", name: "Grace" });
    const bySourceId = await client.customers.get("browser-1");
    const updated = await client.customers.update(created.id, { name: "Grace Hopper" });
    const listed = await client.customers.list();
    await client.customers.delete(created.id);
    const afterDelete = await outcome(client.customers.get("browser-1"));
    return { created, bySourceId, updated, listedIds: listed.customers.map((c) => c.id), afterDelete };
  },
  async scenario() {
    worker.use(handlers.scenario("getCustomer", 429, { once: true }));
    const first = await outcome(client.customers.get("cust_anyone"));
    const second = await outcome(client.customers.get("cust_anyone"));
    return { first, second };
  },
  async sameOrigin() {
    // A path base URL resolves against the page: the dev server's own origin.
    const local = createCustomersHandlers({ baseUrl: "/api", mode: "static" });
    worker.use(...local);
    const page = await createCustomersClient({ appId: "a", appToken: "t", baseUrl: "/api" }).customers.list();
    return { baseUrls: local.baseUrls, count: page.customers.length };
  },
};
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>msw</title><script type="module" src="/app.js"></script>`;

let site: Server | undefined;
let siteUrl = "";
let browser: ChromiumSession | undefined;
let page: Page;
let bundledInputs: string[] = [];
/** Whether each response from a Voucherify host came from the service worker. */
const voucherifyResponses: Array<{ url: string; fromServiceWorker: boolean }> = [];

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: APP, resolveDir: ROOT, sourcefile: "msw-app.ts", loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  bundledInputs = Object.keys(bundle.metafile.inputs);
  // The worker script ships with msw; `npx msw init <public dir>` copies the same file.
  const workerScript = readFileSync(createRequire(import.meta.url).resolve("msw/mockServiceWorker.js"), "utf8");
  const files = new Map([
    ["/", { type: "text/html", body: PAGE }],
    ["/app.js", { type: "text/javascript", body: bundle.outputFiles[0]!.text }],
    ["/mockServiceWorker.js", { type: "text/javascript", body: workerScript }],
  ]);
  site = createServer((request, response) => {
    const file = files.get(request.url ?? "");
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": file.type, "Cache-Control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => site!.listen(0, "127.0.0.1", resolve));
  browser = await chromiumSession();
  page = await browser.newPage();
  page.on("response", (response) => {
    if (/^https:\/\/[a-z0-9.]*voucherify\.io\//.test(response.url())) voucherifyResponses.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() });
  });
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  await page.goto(`${siteUrl}/`);
  await page.waitForFunction(() => "app" in window);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
});

describe("createCustomersHandlers in a service worker (msw/browser, Chromium)", () => {
  it("bundles for the browser without Node built-ins", () => {
    expect(bundledInputs.some((input) => input.startsWith("src/msw/"))).toBe(true);
    expect(bundledInputs.filter((input) => input.startsWith("node:"))).toEqual([]);
  });

  it("registers msw's worker and keeps state through create, get by source_id, update, list, delete and a 404", async () => {
    const controller = await page.evaluate(() => (window as any).app.start());
    expect(controller).toMatch(/\/mockServiceWorker\.js$/);

    const result = await page.evaluate(() => (window as any).app.flow());
    expect(result.created.source_id).toBe("browser-1");
    expect(result.bySourceId.id).toBe(result.created.id);
    expect(result.updated.name).toBe("Grace Hopper");
    expect(result.listedIds).toContain(result.created.id);
    expect(result.afterDelete).toEqual({ ok: false, kind: "api", status: 404, key: "not_found" });

    // Every call went to the production host and was answered by the service worker.
    expect(voucherifyResponses.length).toBeGreaterThanOrEqual(6);
    expect(voucherifyResponses.every((r) => r.url.startsWith("https://api.voucherify.io/v1/customers") && r.fromServiceWorker)).toBe(true);
  });

  it("plays a one-off scenario, then the engine answers again", async () => {
    const result = await page.evaluate(() => (window as any).app.scenario());
    expect(result.first).toMatchObject({ ok: false, status: 429 });
    expect(result.second).toMatchObject({ ok: false, status: 404, key: "not_found" });
  });

  it("answers a path baseUrl on the page's own origin (the site would 404 it)", async () => {
    const result = await page.evaluate(() => (window as any).app.sameOrigin());
    expect(result.baseUrls).toEqual([`${siteUrl}/api`]);
    expect(result.count).toBeGreaterThan(0);
  });
});
