// CORS for real: a page served from one local origin, in headless Chromium,
// calls the mock on another with fetch and reads the answers, as a frontend
// in development does. The mock's own log shows which calls needed a
// preflight, and that the mock (not Playwright) answered it. Every request the
// browser makes is recorded: none may leave 127.0.0.1.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerCreateRequestSeed, CustomerListEmpty, ErrorTooManyRequests, ErrorUnauthorized } from "../generated/examples.js";
import { startMock, type RunningMock } from "../scripts/lib/mock/mock-server.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";

const AUTH = { "X-App-Id": "browser-app", "X-App-Token": "browser-token" };

let site: Server;
let siteOrigin = "";
let staticMock: RunningMock;
let statefulMock: RunningMock;
let browser: ChromiumSession;
let page: Page;
const mockLog: string[] = [];
const requests: string[] = [];

interface PageAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** fetch() inside the page; the answer's status, parsed body and one exposed header. */
function fetchInPage(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PageAnswer> {
  return page.evaluate(async ({ url, init }) => {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, retryAfter: response.headers.get("Retry-After") };
  }, { url, init });
}

const preflights = (path: string) => mockLog.filter((line) => line.startsWith(`OPTIONS ${path}`)).length;

beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end('<!doctype html><meta charset="utf-8"><title>frontend</title><link rel="icon" href="data:,">'));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const log = (line: string) => mockLog.push(line);
  // No case asks for --dynamic data, so Prism never needs to start.
  [staticMock, statefulMock, browser] = await Promise.all([startMock({ port: 0, log, prismStart: "on-demand" }), startMock({ port: 0, stateful: true, log, prismStart: "on-demand" }), chromiumSession()]);
  const context = await browser.newContext();
  // Recorded, not routed: Playwright answers CORS preflights itself for routed
  // requests, which would hide the mock's own preflight handling.
  context.on("request", (request) => requests.push(request.url()));
  page = await context.newPage();
  await page.goto(`${siteOrigin}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([staticMock?.stop(), statefulMock?.stop(), new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)))]);
});

describe("the mock from a page on another origin", () => {
  it("is another origin indeed", () => {
    expect(new URL(staticMock.url).origin).not.toBe(siteOrigin);
  });

  it("picks a status and example with ?__code and ?__example, with no preflight for a plain GET", async () => {
    const answer = await fetchInPage(`${staticMock.url}/v1/customers?__code=401&__example=unauthorized`);
    expect(answer).toMatchObject({ status: 401, body: ErrorUnauthorized });
    expect(preflights("/v1/customers?__code=401")).toBe(0);
  });

  it("serves a chosen example to a call with the app keys, after the preflight the keys need", async () => {
    const answer = await fetchInPage(`${staticMock.url}/v1/customers?__example=empty`, { headers: AUTH });
    expect(answer).toMatchObject({ status: 200, body: CustomerListEmpty });
    expect(preflights("/v1/customers?__example=empty")).toBe(1);
  });

  it("honours Prefer from the browser and exposes the response headers", async () => {
    const answer = await fetchInPage(`${staticMock.url}/v1/customers`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json", Prefer: "code=429, example=tooManyRequests" },
      body: JSON.stringify(CustomerCreateRequestSeed),
    });
    expect(answer).toMatchObject({ status: 429, body: ErrorTooManyRequests });
    expect(answer.retryAfter).not.toBeNull();
  });

  it("reads the stateful mock's own answers: create, then get", async () => {
    const created = await fetchInPage(`${statefulMock.url}/v1/customers`, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: JSON.stringify({ source_id: "from-the-browser", name: "Browser Customer" }),
    });
    expect(created).toMatchObject({ status: 200, body: { source_id: "from-the-browser", object: "customer" } });
    const read = await fetchInPage(`${statefulMock.url}/v1/customers/from-the-browser`, { headers: AUTH });
    expect(read).toMatchObject({ status: 200, body: created.body as object });
    const missing = await fetchInPage(`${statefulMock.url}/v1/customers/nobody`, { headers: AUTH });
    expect(missing).toMatchObject({ status: 404, body: { code: 404, key: "not_found" } });
  });

  it("sent every request to 127.0.0.1 and nowhere else", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => new URL(url).hostname !== "127.0.0.1")).toEqual([]);
  });
});
