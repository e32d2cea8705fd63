// The offline docs page keeps its promises whatever the spec's descriptions
// hold, and works where a reader opens it: from disk (file://).
//  - A Content-Security-Policy in the page lets only the page's own inline
//    scripts run and lets nothing load from anywhere: an image, a stylesheet,
//    an iframe, a media file or a form target that a description names is
//    blocked by the browser, not only absent from today's spec. (Redoc renders
//    a description's HTML: it drops scripts and event handlers, but keeps
//    <img src>, <iframe>, <object>, <video>, <form>.)
//  - HTML that acts on the whole page, which no policy stops (<meta
//    http-equiv="refresh"> sends every reader elsewhere), fails the build.
//  - Deep links (#operation/…, #tag/…) land on their section, and the
//    sidebar's server-rendered links point inside the page, not at file:///.
// The page is built of one path of the spec (as docs-build.test.ts's, so one
// Redoc build serves both in a run), plus one page whose description holds
// the probes.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { lintAndBundle } from "../scripts/lib/spec/bundle-spec.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { withCodeSamples } from "../scripts/lib/docs/code-samples.js";
import { generateDocs } from "../scripts/lib/docs/generate-docs.js";
import { checkPageLevelHtml } from "../scripts/lib/docs/page-level-html.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";

const KEPT_PATH = "/v1/customers/{customerId}";
/** Where the probes point: a name that never resolves, and every request to it is refused below anyway. */
const OUTSIDE = "http://outside.invalid";
/** HTML a description may hold that Redoc renders as it is, each element loading something from outside. */
const PROBES = `Probes.

<img id="probe-img" src="${OUTSIDE}/img.png">

![probe](${OUTSIDE}/markdown.png)

<iframe id="probe-frame" src="${OUTSIDE}/frame.html"></iframe>

<object id="probe-object" data="${OUTSIDE}/object"></object>

<embed id="probe-embed" src="${OUTSIDE}/embed">

<video id="probe-video" src="${OUTSIDE}/video.mp4" autoplay muted></video>

<div id="probe-style" style="background: url(${OUTSIDE}/style.png)">styled</div>

<form id="probe-form" action="${OUTSIDE}/form"><button>send</button></form>
`;
/** Each probe's address, and the policy directive that refuses it. */
const PROBED: ReadonlyArray<[url: string, directive: string]> = [
  ["img.png", "img-src"],
  ["markdown.png", "img-src"],
  ["frame.html", "frame-src"],
  ["object", "object-src"],
  ["embed", "object-src"],
  ["video.mp4", "media-src"],
  ["style.png", "img-src"],
].map(([file, directive]) => [`${OUTSIDE}/${file}`, directive!]);

const work = mkdtempSync(join(tmpdir(), "customers-docs-safety-"));
let page = "";
let probePage = "";
let browser: ChromiumSession;

/** The docs page of `document`, also written to work/<name>/index.html (opened from there as file://). */
async function buildPage(name: string, document: any): Promise<string> {
  const html = await generateDocs(withCodeSamples(document));
  mkdirSync(join(work, name));
  writeFileSync(join(work, name, "index.html"), html);
  return html;
}

beforeAll(async () => {
  cpSync(join(ROOT, "openapi"), join(work, "openapi"), { recursive: true });
  const rootFile = join(work, "openapi/openapi.yaml");
  const root = parseDocument(readFileSync(rootFile, "utf8"));
  for (const path of Object.keys(root.toJS().paths)) if (path !== KEPT_PATH) root.deleteIn(["paths", path]);
  writeFileSync(rootFile, root.toString());
  const { document } = await lintAndBundle(rootFile);
  const probed = structuredClone(document);
  probed.info.description = PROBES;
  [page, probePage, browser] = await Promise.all([buildPage("page", document), buildPage("probe", probed), chromiumSession()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The page's policy, from the <meta http-equiv> that must come first in <head>. */
function policyOf(html: string): Map<string, string[]> {
  const meta = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!meta) throw new Error("the page has no Content-Security-Policy <meta> first in its <head>");
  return new Map(meta[1]!.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe("the docs page's Content-Security-Policy", () => {
  it("allows the page's own inline scripts by hash, and loads nothing from anywhere", () => {
    const policy = policyOf(page);
    const scripts = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(policy.get("script-src")?.sort()).toEqual([...scripts].sort());
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
    for (const [directive, values] of policy) {
      for (const value of values) expect(value, directive).toMatch(/^('none'|'unsafe-inline'|'sha256-[A-Za-z0-9+/=]+'|data:|blob:)$/);
    }
  });
});

describe("HTML that acts on the whole page", () => {
  const withDescription = (text: string) => ({ openapi: "3.1.1", info: { title: "t", version: "1.0.0" }, tags: [{ name: "Customers", description: text }], paths: {} });

  it("fails the docs build, naming where it is", () => {
    for (const [element, html] of [
      ["meta", '<meta http-equiv="refresh" content="0;url=https://example.org">'],
      ["base", '<BASE href="https://example.org/">'],
      ["link", '<link rel="stylesheet" href="https://example.org/x.css">'],
      ["style", "<style>body{display:none}</style>"],
      ["title", "<title>Another title</title>"],
      ["script", "<script>alert(1)</script>"],
    ] as const) {
      expect(() => checkPageLevelHtml(withDescription(`Before.\n\n${html}\n`)), element).toThrow(SpecError);
      expect(() => checkPageLevelHtml(withDescription(html)), element).toThrow(`tags[0].description: a <${element}> element acts on the whole docs page`);
    }
  });

  it("is refused before Redoc runs, as the spec's problem", async () => {
    const document = { ...withDescription("ok"), info: { title: "t", version: "1.0.0", description: '<meta http-equiv="refresh" content="0;url=https://example.org">' } };
    await expect(generateDocs(document)).rejects.toThrow(new SpecError(["info.description: a <meta> element acts on the whole docs page (Redoc puts it in the page's <head>); write it as text, or in `code`"]));
  });

  it("may be named in code, and other HTML stays allowed", () => {
    expect(() => checkPageLevelHtml(withDescription("Sent as `<meta>`, or\n\n```html\n<meta charset=\"utf-8\">\n<base href=\"/\">\n```\n\n<details><summary>More</summary>text</details> <br> <b>bold</b> <metadata-name>"))).not.toThrow();
  });
});

/** A tab on `url` with the policy violations and page errors it reports, and every http(s) request refused and recorded. */
async function open(url: string): Promise<{ tab: Page; context: BrowserContext; outside: string[]; errors: string[]; violations: () => Promise<string[]> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: "block" });
  const outside: string[] = [];
  await context.route(/^https?:/, (route) => {
    outside.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as any).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  const tab = await context.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  await tab.goto(url, { waitUntil: "load" });
  return { tab, context, outside, errors, violations: () => tab.evaluate(() => [...(window as any).__violations] as string[]) };
}

/** How long a condition may take on a busy machine. */
const SETTLE = { timeout: 40_000, interval: 250 };

/**
 * Redoc's search probes for a worker by compiling a function from a string
 * (flexsearch), which the policy refuses; it then searches without one. That
 * one refusal is expected.
 */
const unexpected = (violations: string[]) => violations.filter((v) => v !== "script-src eval");

/** Resolves once Redoc's section of `route` (its data-section-id), headed `heading`, is at the top of the window. */
async function scrolledTo(tab: Page, route: string, heading: string): Promise<void> {
  await tab.waitForFunction(
    ([route, heading]) => {
      const section = document.querySelector(`[data-section-id="${CSS.escape(route!)}"]`);
      const top = section?.getBoundingClientRect().top;
      return top !== undefined && Math.abs(top) < 120 && (section as HTMLElement).innerText.startsWith(heading!);
    },
    [route, heading],
    { timeout: SETTLE.timeout, polling: SETTLE.interval },
  );
}

describe("the docs page opened from disk, in Chromium", () => {
  const fileUrl = () => pathToFileURL(join(work, "page/index.html")).href;

  it("keeps the sidebar's links inside the page, server-rendered ones included", async () => {
    // Opened without a route, the sidebar is the one the server rendered (hydration keeps its links).
    const { tab, context, outside, errors, violations } = await open(fileUrl());
    await tab.locator(".menu-content").first().waitFor();
    const sidebar = await tab.locator(".menu-content a[href]").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    const own = sidebar.filter((h) => !h.startsWith("https://"));
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const href of own) expect(href.startsWith(`${fileUrl()}#/`), href).toBe(true);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    expect(unexpected(await violations())).toEqual([]);
    await context.close();
  });

  it("lands a #operation/… link on the operation", async () => {
    const { tab, context, errors, violations } = await open(`${fileUrl()}#operation/getCustomer`);
    // Redoc turns the old-style anchor into its route and scrolls there.
    await tab.waitForURL(`${fileUrl()}#/customers/getcustomer`, { timeout: SETTLE.timeout });
    await scrolledTo(tab, "/customers/getcustomer", "Get a customer");
    expect(errors).toEqual([]);
    expect(unexpected(await violations())).toEqual([]);
    await context.close();
  });

  it("lands a #tag/… link on the tag", async () => {
    const { tab, context } = await open(`${fileUrl()}#tag/Customers`);
    await tab.waitForURL(`${fileUrl()}#/customers`, { timeout: SETTLE.timeout });
    await scrolledTo(tab, "/customers", "Customers");
    await context.close();
  });

  it("loads nothing a description names from outside: each probe is rendered and refused", async () => {
    const { tab, context, outside, violations } = await open(pathToFileURL(join(work, "probe/index.html")).href);
    // Rendered (so the page did not just drop them) ...
    for (const id of ["probe-img", "probe-frame", "probe-object", "probe-embed", "probe-video", "probe-style", "probe-form"]) await tab.locator(`#${id}`).waitFor({ state: "attached" });
    // ... and each load either left the page or was refused by the policy
    // (which names a frame's or a plugin's origin only, not its address).
    const settled = async () => {
      const refused = await violations();
      return PROBED.filter(([url, directive]) => !outside.includes(url) && !refused.includes(`${directive} ${url}`) && !refused.includes(`${directive} ${OUTSIDE}`)).map(([url]) => url);
    };
    await expect.poll(settled, SETTLE).toEqual([]);
    expect(outside).toEqual([]);
    // A form's target is refused on submit, before any request. (Submitted
    // from the page: a click would wait for a navigation that never comes.)
    await tab.locator("#probe-form").evaluate((form) => (form as HTMLFormElement).requestSubmit());
    await expect.poll(async () => (await violations()).some((v) => v.startsWith("form-action ")), SETTLE).toBe(true);
    expect(outside).toEqual([]);
    await context.close();
  });
});
