// The static docs site (`npm run site`), built from a throwaway git repository
// with one release tag, served from 127.0.0.1 and opened in Chromium: every
// page loads with nothing from the network, every link resolves, the version
// menu links the versions, the changelog lists the current version first and
// marks its breaking change, each version page's downloads are its own
// version's, Redoc's sidebar links stay inside the page, and a site built from
// an older checkout (a backport's tag) still shows the newest version first.
// The site is built of one path of the spec: what
// is tested is how the site is put together, and the whole spec would cost
// several times the CPU (lint, two Redoc builds, two renders in Chromium).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import type { Page } from "playwright-core";
import { parse, parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { buildSite } from "../scripts/lib/site/build-site.js";
import { compareVersions, releaseTags } from "../scripts/lib/site/release-specs.js";
import { parseVersion } from "../scripts/lib/breaking/semver.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";

/**
 * The spec's own version, so the current page is built of the same document
 * as docs-build.test.ts's one-path page: in one run Redocly builds it once
 * (scripts/lib/docs/docs-page-cache.ts).
 */
const CURRENT = String(parse(readFileSync(join(ROOT, "openapi/openapi.yaml"), "utf8")).info.version);
const RELEASED = "0.0.1";
/** The one path of the spec the site is built of (its responses link only to its own operations). */
const KEPT_PATH = "/v1/customers/{customerId}";
/** Only in the release: its removal is the current version's breaking change. */
const DROPPED_PATH = "/v1/customers-legacy/{customerId}";

const work = mkdtempSync(join(tmpdir(), "customers-site-"));
const repo = join(work, "repo");
const siteDir = join(work, "site");
const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.email=site@test", "-c", "user.name=site test", ...args], { encoding: "utf8" });

/** Rewrites a repository's openapi/openapi.yaml: its version, KEPT_PATH alone, and optionally one extra path. */
function setRootFile(version: string, extraPath: boolean, folder = repo) {
  const file = join(folder, "openapi/openapi.yaml");
  const document = parseDocument(readFileSync(join(ROOT, "openapi/openapi.yaml"), "utf8"));
  document.setIn(["info", "version"], version);
  const paths = document.toJS().paths;
  if (!paths[KEPT_PATH]) throw new Error(`openapi/openapi.yaml has no ${KEPT_PATH} path`);
  for (const path of Object.keys(paths)) if (path !== KEPT_PATH) document.deleteIn(["paths", path]);
  if (extraPath) document.setIn(["paths", DROPPED_PATH], document.createNode(paths[KEPT_PATH]));
  writeFileSync(file, document.toString());
}

let files: Map<string, string>;
let server: Server;
let origin = "";
let browser: ChromiumSession;
/** One tab with scripts and one without, for every check (each new tab is a renderer process to start). */
let rendered: Page;
let plain: Page;
/** Requests for anything but this site (answered with an error), and the scripts' errors, of both tabs. */
const outside: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  if (compareVersions(parseVersion(CURRENT), parseVersion(RELEASED)) >= 0) throw new Error(`the spec's version ${CURRENT} is not newer than the release ${RELEASED} this test tags`);
  mkdirSync(repo);
  cpSync(join(ROOT, "openapi"), join(repo, "openapi"), { recursive: true });
  git("init", "-q");
  setRootFile(RELEASED, true);
  git("add", "-A");
  git("commit", "-qm", "release");
  git("tag", `v${RELEASED}`);
  git("tag", "vnext"); // not a version: not a release
  setRootFile(CURRENT, false);
  const [built, chromium] = await Promise.all([buildSite({ repo, specRoot: join(repo, "openapi/openapi.yaml") }), chromiumSession()]);
  files = built;
  browser = chromium;
  for (const [file, content] of files) {
    mkdirSync(dirname(join(siteDir, file)), { recursive: true });
    writeFileSync(join(siteDir, file), content);
  }
  // A plain static host: files as they are, 404 for anything else.
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "application/yaml" };
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^\/+/, "");
    const file = join(siteDir, path.endsWith("/") || path === "" ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // The menu and the site's own pages are HTML and CSS alone: the tab without scripts shows they work so.
  const openTab = async (javaScriptEnabled: boolean) => {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    return page;
  };
  [rendered, plain] = await Promise.all([openTab(true), openTab(false)]);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(work, { recursive: true, force: true });
});

describe("the site's files", () => {
  it("has the current docs, a page per version, the changelog, the spec and the schemas", () => {
    for (const file of ["index.html", `v/${CURRENT}/index.html`, `v/${RELEASED}/index.html`, "changelog.html", "openapi.json", "openapi.yaml", "schemas/index.html", "schemas/Customer.json"]) {
      expect(files.has(file), file).toBe(true);
    }
    expect(versionPages(files)).toEqual([`v/${CURRENT}/index.html`, `v/${RELEASED}/index.html`].sort());
    // The working tree's spec given as specRoot (one path), not openapi/ (every path) nor the tag's.
    const spec = JSON.parse(files.get("openapi.json")!);
    expect(spec.info.version).toBe(CURRENT);
    expect(Object.keys(spec.paths)).toEqual([KEPT_PATH]);
    expect(files.get(`v/${RELEASED}/index.html`)).toContain(DROPPED_PATH);
    expect(files.get(`v/${CURRENT}/index.html`)).not.toContain(DROPPED_PATH);
  });

  it("has each version's own spec and JSON Schemas under v/<version>/, the root's being the current one's", () => {
    const released = JSON.parse(files.get(`v/${RELEASED}/openapi.json`)!);
    expect(released.info.version).toBe(RELEASED);
    expect(Object.keys(released.paths).sort()).toEqual([DROPPED_PATH, KEPT_PATH].sort());
    expect(parse(files.get(`v/${RELEASED}/openapi.yaml`)!)).toEqual(released);
    for (const folder of [`v/${RELEASED}/`, `v/${CURRENT}/`, ""]) {
      expect(files.get(`${folder}schemas/index.html`), folder).toContain('href="Customer.json"');
      expect(JSON.parse(files.get(`${folder}schemas/Customer.json`)!).title, folder).toBe("Customer");
    }
    for (const file of ["openapi.json", "openapi.yaml", "schemas/Customer.json"]) expect(files.get(file), file).toBe(files.get(`v/${CURRENT}/${file}`));
  });

  it("points Redoc's sidebar links inside the page, as Redoc's own router does", () => {
    for (const file of versionPages(files)) {
      const links = [...files.get(file)!.matchAll(/<a\b[^>]*\bdata-discover="true"[^>]*>/g)].map((m) => /href="([^"]*)"/.exec(m[0])?.[1]);
      expect(links, file).toEqual(["#/", "#/customers"]);
    }
  });

  it("orders versions newest first and ignores tags that are not versions", () => {
    expect(releaseTags(repo)).toEqual([{ tag: `v${RELEASED}`, version: RELEASED }]);
    const sorted = ["0.2.0", "1.0.0-rc.1", "0.10.0", "1.0.0"].map(parseVersion).sort(compareVersions);
    expect(sorted.map((v) => `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ""}`)).toEqual(["1.0.0", "1.0.0-rc.1", "0.10.0", "0.2.0"]);
  });

  it("finds no releases in a repository without tags, or in a folder that is not one", () => {
    const bare = join(work, "no-tags");
    mkdirSync(bare);
    expect(releaseTags(bare)).toEqual([]);
    execFileSync("git", ["-C", bare, "init", "-q"]);
    expect(releaseTags(bare)).toEqual([]);
  });
});

/** The docs page of each version, sorted. */
const versionPages = (site: Map<string, string>) => [...site.keys()].filter((f) => /^v\/[^/]+\/index\.html$/.test(f)).sort();

/** A page's HTML without the version menu (the one part that differs between index.html and v/<current>/). */
const withoutMenu = (html: string) => html.replace(/<nav id="site-menu"[\s\S]*?<\/nav>/, "");

describe("the site in Chromium", () => {
  const pages = () => [...files.keys()].filter((f) => f.endsWith(".html"));

  it("loads every page with nothing from the network, and every link on it resolves", async () => {
    // index.html is the current version's page with another menu: Redoc would
    // render it the same (seconds of CPU), so it is opened without scripts.
    expect(withoutMenu(files.get("index.html")!)).toBe(withoutMenu(files.get(`v/${CURRENT}/index.html`)!));
    const links = new Set<string>();
    for (const file of pages()) {
      const isRedoc = /^v\/[^/]+\/index\.html$/.test(file);
      const page = isRedoc ? rendered : plain;
      const response = await page.goto(`${origin}/${file}`, { waitUntil: "load" });
      expect(response?.status(), file).toBe(200);
      await page.locator("#site-menu").waitFor({ state: "attached" });
      if (isRedoc) await page.locator(".menu-content").first().waitFor();
      // The site's own links: the menu everywhere, and every link of the pages it writes itself.
      // (Redoc's sidebar links are routes of its client-side router, not files.)
      const ownLinks = isRedoc || file === "index.html" ? "#site-menu a[href]" : "a[href]";
      const hrefs = await page.locator(ownLinks).evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) if (href.startsWith(origin)) links.add(href.split("#")[0]!);
      if (isRedoc) {
        // Rendered: the sidebar's links, the server-rendered ones included, are routes after "#" on this page.
        const sidebar = await page.locator(".menu-content a[href]").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")!));
        expect(sidebar.filter((href) => !href.startsWith("https://")), file).toContain("#/customers");
        for (const href of sidebar) expect(href, file).toMatch(/^(#\/|https:\/\/)/);
      }
    }
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    expect(links.size).toBeGreaterThan(10);
    for (const link of links) expect((await fetch(link)).status, link).toBe(200);
  });

  it("has a version menu on every page that links each version", async () => {
    await plain.goto(`${origin}/v/${RELEASED}/index.html`);
    await plain.locator("#site-menu summary").click();
    await plain.getByRole("link", { name: `${CURRENT} (current)` }).click();
    await plain.waitForURL(`${origin}/v/${CURRENT}/index.html`);
    await expect(plain.locator("#site-menu summary").innerText()).resolves.toBe(`Version ${CURRENT}`);
    for (const file of pages()) {
      const html = files.get(file)!;
      expect(html, file).toContain(`v/${RELEASED}/index.html`);
      expect(html, file).toContain(`v/${CURRENT}/index.html`);
    }
  });

  it("links each version page's menu to that version's spec and JSON Schemas", async () => {
    await plain.goto(`${origin}/v/${RELEASED}/index.html`);
    await plain.locator("#site-menu summary").click();
    const json = await plain.getByRole("link", { name: "openapi.json" }).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(json).toBe(`${origin}/v/${RELEASED}/openapi.json`);
    expect((await (await fetch(json)).json()).info.version).toBe(RELEASED);
    await plain.getByRole("link", { name: "JSON Schemas" }).click();
    await plain.waitForURL(`${origin}/v/${RELEASED}/schemas/index.html`);
    await expect(plain.locator("#site-menu summary").innerText()).resolves.toBe(`Version ${RELEASED}`);
    await plain.locator("#site-menu summary").click();
    const yaml = await plain.getByRole("link", { name: "openapi.yaml" }).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(yaml).toBe(`${origin}/v/${RELEASED}/openapi.yaml`);
  });

  it("lists the current version first in the changelog, with its breaking change marked", async () => {
    await plain.goto(`${origin}/changelog.html`);
    const headings = await plain.locator("section h2").allInnerTexts();
    expect(headings[0]).toMatch(new RegExp(`^${CURRENT.replace(/\./g, "\\.")} current, not yet tagged \\d+ breaking$`));
    expect(headings[1]).toMatch(new RegExp(`^${RELEASED.replace(/\./g, "\\.")} \\d{4}-\\d{2}-\\d{2}$`));
    const current = plain.locator(`section#v${CURRENT.replace(/\./g, "\\.")}`);
    await expect(current.locator("h3.breaking").innerText()).resolves.toBe("Breaking changes");
    await expect(current.locator("ul").first().innerText()).resolves.toContain(DROPPED_PATH);
    await expect(plain.locator(`section#v${RELEASED.replace(/\./g, "\\.")} .against`).innerText()).resolves.toContain("first release");
  });
});

/**
 * The same releases, built from an older checkout: a clone whose newest tag is
 * the current version and whose working tree is the release (the tag a
 * backport's release checks out, as the Pages workflow does). Both docs pages
 * are of the same documents as above, so Redocly builds neither again.
 */
describe("a site built from a checkout older than the newest tag", () => {
  let backport: Map<string, string>;

  beforeAll(async () => {
    const clone = join(work, "backport");
    execFileSync("git", ["clone", "-q", repo, clone]);
    const cloneGit = (...args: string[]) => execFileSync("git", ["-C", clone, "-c", "user.email=site@test", "-c", "user.name=site test", ...args], { encoding: "utf8" });
    setRootFile(CURRENT, false, clone);
    cloneGit("commit", "-qam", "current");
    cloneGit("tag", `v${CURRENT}`);
    cloneGit("checkout", "-q", `v${RELEASED}`);
    backport = await buildSite({ repo: clone, specRoot: join(clone, "openapi/openapi.yaml") });
  });

  it("still makes the newest version the current one: the root's page, spec and schemas, and the menu's (current)", () => {
    expect(versionPages(backport)).toEqual([`v/${CURRENT}/index.html`, `v/${RELEASED}/index.html`].sort());
    expect(withoutMenu(backport.get("index.html")!)).toBe(withoutMenu(backport.get(`v/${CURRENT}/index.html`)!));
    expect(JSON.parse(backport.get("openapi.json")!).info.version).toBe(CURRENT);
    for (const file of ["openapi.json", "openapi.yaml", "schemas/Customer.json"]) expect(backport.get(file), file).toBe(backport.get(`v/${CURRENT}/${file}`));
    expect(JSON.parse(backport.get(`v/${RELEASED}/openapi.json`)!).info.version).toBe(RELEASED);
    for (const file of ["index.html", `v/${RELEASED}/index.html`, "changelog.html"]) {
      expect(backport.get(file), file).toContain(`>${CURRENT} (current)</a>`);
      expect(backport.get(file), file).not.toContain(`${RELEASED} (current)`);
    }
    // The same site as built from the newest checkout, but for the changelog's "not yet tagged".
    expect([...backport.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [file, content] of backport) if (file !== "changelog.html") expect(withoutMenu(content), file).toBe(withoutMenu(files.get(file)!));
  });
});
