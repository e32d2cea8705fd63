// The docs page as a reader uses it: generated/docs/index.html served from
// 127.0.0.1 and opened in headless Chromium. Every request the page makes is
// recorded; only the page's own origin, data: and blob: URLs are allowed.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { serveDocs } from "../scripts/lib/docs/serve-docs.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";
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
let browser: ChromiumSession;
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

/**
 * Opens an operation from the navigation of the page as it is (each load of
 * the page is seconds of Redoc rendering): its tag is expanded first when its
 * items are hidden.
 */
async function openOperation(operationId: string) {
  const op = operations.find((o) => o.operationId === operationId)!;
  const item = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation').filter({ hasText: op.summary }).first();
  if (!(await item.isVisible())) await page.getByRole("link", { name: op.tag, exact: true }).first().click();
  await item.click();
  await page.getByRole("heading", { name: op.summary }).first().waitFor();
}

/** How long a condition may take to come true on a busy machine (below the 60 s test timeout). */
const SETTLE = { timeout: 40_000, interval: 250 };

/**
 * Resolves once the section the URL names is at the top of the window (or
 * the window is scrolled to its end). Redoc scrolls to it a moment after a
 * click in the navigation, seconds later on a busy machine, and that scroll
 * closes the search dialog: a search opened before it is closed under the
 * query, and no results come.
 */
async function scrolledToRoute(): Promise<void> {
  await page.waitForFunction(
    () => {
      const route = decodeURIComponent(location.hash.replace(/^#/, ""));
      const section = route ? document.querySelector(`[data-section-id="${CSS.escape(route)}"]`) : null;
      if (!section) return true;
      const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1;
      return Math.abs(section.getBoundingClientRect().top) < 1 || atEnd;
    },
    undefined,
    { timeout: SETTLE.timeout, polling: SETTLE.interval },
  );
}

/**
 * Opens the search dialog and returns its input. Control+K is the page's only
 * way in, and the page listens for it only once its scripts have run, which on
 * a busy machine can be after "networkidle": a press before that is lost. So
 * press, wait for the dialog, and press again (waiting longer each time) until
 * it shows.
 */
async function openSearch(): Promise<Locator> {
  const input = page.locator('[data-component-name="Search/SearchInput"] input');
  if (await input.isVisible()) return input;
  // The search trigger reads "Loading..." until the page's search is ready,
  // then "Search Ctrl+K": wait for that, then open the search as a reader
  // does. (A key press before the page listens for it is lost, and pressing
  // again at intervals can close a search that was only slow to open.)
  const ready = page.getByTestId("search-trigger").filter({ hasText: /Ctrl\+K|⌘K/, visible: true }).first();
  await ready.waitFor({ state: "visible", timeout: SETTLE.timeout });
  await ready.click();
  await input.waitFor({ state: "visible", timeout: SETTLE.timeout });
  return input;
}

beforeAll(async () => {
  const docs = await serveDocs("127.0.0.1", 0);
  server = docs.server;
  docsUrl = docs.url;
  browser = await chromiumSession();
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
    // A tag's items render after its click is handled: wait for all of them.
    await expect.poll(async () => (await navItems()).length, SETTLE).toBe(operations.length);
    const items = await navItems();
    for (const op of operations) expect(items.some((text) => text.split("\n")[0]!.trim() === op.summary), op.operationId).toBe(true);
  });

  it('finds "upsert" with the search and opens the operation', async () => {
    const expected = operations.filter((o) => `${o.summary} ${o.description}`.toLowerCase().includes("upsert"));
    expect(expected.length).toBeGreaterThan(0);
    // The page as the navigation test left it: its search index loaded long
    // ago, but the scroll its last click starts may be still to come.
    await scrolledToRoute();
    const results = page.locator('[data-component-name="Search/SearchItem"]');
    // The page can answer a query only once its search index has loaded, and
    // on a busy machine a query typed before may find nothing for good. So,
    // until every expected operation is listed: open the search if it is not
    // open (again), and type the query afresh when it has listed nothing for
    // a few seconds (not sooner: typing restarts the page's own wait).
    let typedAt = 0;
    const missing = async () => {
      const input = await openSearch();
      const texts = await results.evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText));
      const stale = texts.length === 0 && performance.now() - typedAt > 3_000;
      if (stale || (await input.inputValue()) !== "upsert") {
        // fill() itself waits for the input to be visible, enabled and editable.
        await input.fill("");
        await input.fill("upsert");
        typedAt = performance.now();
      }
      return expected.map((op) => op.summary).filter((summary) => !texts.some((text) => text.includes(summary)));
    };
    await expect.poll(missing, SETTLE).toEqual([]);
    await results.filter({ hasText: expected[0]!.summary }).first().click();
    await page.waitForURL(new RegExp(`${expected[0]!.operationId}$`, "i"));
  });

  // One opening of createCustomer's section for the three checks on it; the language switch comes last.
  describe("createCustomer's section", () => {
    beforeAll(() => openOperation("createCustomer"), 60_000);

    it("shows the seed's response in the example panel", async () => {
      const seed = specExamples.find((e) => e.operationId === "createCustomer" && e.status === "200" && e.key === "seed");
      expect(seed).toBeDefined();
      const panel = section("createCustomer").locator("[data-component-name='JsonViewer/JsonViewer']").filter({ hasText: '"id"' }).first();
      const text = (await panel.innerText()).replace(/\s+/g, " ");
      for (const [key, value] of Object.entries(seed!.value as Record<string, unknown>)) {
        if (value === null || typeof value !== "object") expect(text, key).toContain(`"${key}": ${JSON.stringify(value)}`);
      }
    });

    it("writes a full-page screenshot for the README", async () => {
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      const png = readFileSync(SCREENSHOT);
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
      expect(png.readUInt32BE(16)).toBe(1400);
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(900);
      expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
    });

    it("shows the generated curl and TypeScript samples", async () => {
      const request = section("createCustomer").locator(".panel-request-samples");
      await expect.poll(() => request.innerText(), SETTLE).toContain("curl --request POST");
      await request.getByRole("button", { name: "curl", exact: true }).click();
      // The language menu opens in a layer of its own, outside the panel.
      await page.getByRole("menuitem", { name: "TypeScript", exact: true }).filter({ visible: true }).click();
      // The panel re-renders after the click is handled.
      await expect.poll(() => request.innerText(), SETTLE).toContain("createCustomersClient");
      expect(await request.innerText()).toContain("client.customers.create(");
    });
  });

  it("made no outside or failed request and threw no error, through all of the above", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !isLocal(url))).toEqual([]);
    expect(failures).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
