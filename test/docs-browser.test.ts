// The docs page as a reader uses it: generated/docs/index.html served from
// 127.0.0.1 and opened in headless Chromium. Every request the page makes is
// recorded; only the page's own origin, data: and blob: URLs are allowed.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { serveDocs } from "../scripts/lib/serve-docs.js";
import { launchChromium } from "./support/chromium.js";
import { bundledSpec, specExamples } from "./support/spec.js";

/** Where the full-page screenshot goes (ignored by git); the README names it. */
const SCREENSHOT = join(ROOT, "test-results/docs-screenshot.png");

interface SpecOperation {
  operationId: string;
  summary: string;
  description: string;
  tag: string;
}

const operations: SpecOperation[] = Object.values<any>(bundledSpec.paths).flatMap((item) =>
  Object.entries<any>(item)
    .filter(([key, op]) => key !== "parameters" && op?.operationId)
    .map(([, op]) => ({ operationId: op.operationId, summary: op.summary, description: op.description ?? "", tag: op.tags[0] })),
);

let server: Server;
let docsUrl = "";
let browser: Browser;
let page: Page;
const requests: string[] = [];
const failures: string[] = [];
const pageErrors: string[] = [];

/** Local means the docs server itself, or a URL that never leaves the page. */
function isLocal(url: string): boolean {
  const { protocol, origin } = new URL(url);
  return protocol === "data:" || protocol === "blob:" || protocol === "about:" || origin === docsUrl;
}

const navItems = () =>
  page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation').evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText));

/** Redoc's section of one operation; its id is the tag and operationId, lowercased. */
const section = (operationId: string) => page.locator(`[data-item-kind="httpItem"][data-section-id$="/${operationId.toLowerCase()}"]`);

async function openOperation(operationId: string) {
  const op = operations.find((o) => o.operationId === operationId)!;
  await page.goto(`${docsUrl}/`, { waitUntil: "networkidle" });
  await page.getByRole("link", { name: op.tag, exact: true }).first().click();
  await page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation').filter({ hasText: op.summary }).first().click();
  await page.getByRole("heading", { name: op.summary }).first().waitFor();
}

beforeAll(async () => {
  const docs = await serveDocs("127.0.0.1", 0);
  server = docs.server;
  docsUrl = docs.url;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
  // Record every request of every page and worker in the context; answer
  // nothing from outside, so a leak shows up here and never reaches the network.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    return isLocal(url) ? route.continue() : route.abort("blockedbyclient");
  });
  context.on("requestfailed", (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
  context.on("response", (response) => {
    if (response.status() >= 400) failures.push(`${response.url()}: HTTP ${response.status()}`);
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${docsUrl}/`, { waitUntil: "networkidle" });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("docs page in Chromium", () => {
  it("shows the API's title", async () => {
    await expect(page.getByRole("heading", { level: 1 }).first().innerText()).resolves.toContain(bundledSpec.info.title);
  });

  it("lists every operation of the spec in the navigation", async () => {
    for (const tag of new Set(operations.map((o) => o.tag))) await page.getByRole("link", { name: tag, exact: true }).first().click();
    const items = await navItems();
    expect(items).toHaveLength(operations.length);
    for (const op of operations) expect(items.some((text) => text.split("\n")[0]!.trim() === op.summary), op.operationId).toBe(true);
  });

  it('finds "upsert" with the search and opens the operation', async () => {
    const expected = operations.filter((o) => `${o.summary} ${o.description}`.toLowerCase().includes("upsert"));
    expect(expected.length).toBeGreaterThan(0);
    await page.goto(`${docsUrl}/`, { waitUntil: "networkidle" });
    await page.keyboard.press("Control+k");
    await page.locator('[data-component-name="Search/SearchInput"] input, input[type="search"]').first().fill("upsert");
    const results = page.locator('[data-component-name="Search/SearchItem"]');
    await results.first().waitFor();
    const texts = await results.evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText));
    for (const op of expected) expect(texts.some((text) => text.includes(op.summary)), op.summary).toBe(true);
    await results.filter({ hasText: expected[0]!.summary }).first().click();
    await page.waitForURL(new RegExp(`${expected[0]!.operationId}$`, "i"));
  });

  it("shows the seed's response in the example panel of createCustomer", async () => {
    const seed = specExamples.find((e) => e.operationId === "createCustomer" && e.status === "200" && e.key === "seed");
    expect(seed).toBeDefined();
    await openOperation("createCustomer");
    const panel = section("createCustomer").locator("[data-component-name='JsonViewer/JsonViewer']").filter({ hasText: '"id"' }).first();
    const text = (await panel.innerText()).replace(/\s+/g, " ");
    for (const [key, value] of Object.entries(seed!.value as Record<string, unknown>)) {
      if (value === null || typeof value !== "object") expect(text, key).toContain(`"${key}": ${JSON.stringify(value)}`);
    }
  });

  it("shows the generated curl and TypeScript samples for createCustomer", async () => {
    await openOperation("createCustomer");
    const request = section("createCustomer").locator(".panel-request-samples");
    await expect(request.innerText()).resolves.toContain("curl --request POST");
    await request.getByRole("button", { name: "curl", exact: true }).click();
    // The language menu opens in a layer of its own, outside the panel.
    await page.getByRole("menuitem", { name: "TypeScript", exact: true }).filter({ visible: true }).click();
    const code = await request.innerText();
    expect(code).toContain("createCustomersClient");
    expect(code).toContain("client.customers.create(");
  });

  it("writes a full-page screenshot for the README", async () => {
    await openOperation("createCustomer");
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1400);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(900);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });

  it("made no outside or failed request and threw no error, through all of the above", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !isLocal(url))).toEqual([]);
    expect(failures).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
