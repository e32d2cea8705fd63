// The static docs site (`npm run site`), built from a throwaway git repository
// with one release tag, served from 127.0.0.1 and opened in Chromium: every
// page loads with nothing from the network, every link resolves, the version
// menu links the versions, the changelog lists the current version first and
// marks its breaking change, each version page's downloads are its own
// version's, Redoc's sidebar links stay inside the page, deep links land on
// the hosted site (served under a sub-path) and from disk, every page has a
// Content-Security-Policy, a link checker finds no link outside the site, and
// a site built from an older checkout (a backport's tag) still shows the
// newest version first.
// The site is built of one path of the spec: what
// is tested is how the site is put together, and the whole spec would cost
// several times the CPU (lint, two Redoc builds, two renders in Chromium).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, posix } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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
/** Where the site is hosted: a sub-path, so a link that assumes the host's root fails. */
const SUB_PATH = "/contracts/customers";
/** The site's address, `http://127.0.0.1:<port>/contracts/customers` (no slash at the end). */
let siteUrl = "";
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
  // A plain static host that serves the site under a sub-path, as a team's
  // host does (https://example.org/contracts/customers/): files as they are,
  // 404 for anything else, outside the sub-path too.
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "application/yaml" };
  server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (!pathname.startsWith(`${SUB_PATH}/`)) return void res.writeHead(404).end();
    const path = normalize(pathname.slice(SUB_PATH.length)).replace(/^\/+/, "");
    const file = join(siteDir, path.endsWith("/") || path === "" ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}${SUB_PATH}`;
  // The menu and the site's own pages are HTML and CSS alone: the tab without scripts shows they work so.
  const openTab = async (javaScriptEnabled: boolean) => {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      // The site as served, or as opened from disk.
      if (url.startsWith(siteUrl) || url.startsWith(pathToFileURL(siteDir).href) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
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

  it("links every page, and loads every resource, inside the site: a file of it, or a section of the page", () => {
    const problems = siteLinkProblems(files);
    expect(problems).toEqual([]);
    // The checker sees the links that matter: the menu's, the changelog's, the schemas', Redoc's "Next steps".
    const checked = [...files].filter(([file]) => file.endsWith(".html")).flatMap(([file, html]) => pageLinks(html).map((link) => `${file} ${link}`));
    for (const expected of [`changelog.html v/${CURRENT}/index.html`, "schemas/index.html Customer.json", `v/${RELEASED}/index.html ../../changelog.html`]) {
      expect(checked, expected).toContain(expected);
    }
    expect(checked.filter((link) => link.startsWith("index.html #operation/")).length).toBeGreaterThan(0);
    // And it finds what is wrong: a link from the host's root, a missing file, a section no page has.
    const broken = new Map(files).set("changelog.html", `${files.get("changelog.html")!}<a href="/v/${CURRENT}/index.html"></a><a href="v/9.9.9/index.html"></a><a href="#nowhere"></a><img src="https://example.org/x.png">`);
    broken.set("index.html", files.get("index.html")!.replace(/\]\(#operation\/\w+\)/, "](#operation/noSuchOperation)"));
    expect(siteLinkProblems(broken).sort()).toEqual(
      [
        `changelog.html: /v/${CURRENT}/index.html starts at the host's root (the site may live under a sub-path)`,
        "changelog.html: v/9.9.9/index.html is no file of the site",
        "changelog.html: #nowhere is no section of changelog.html",
        "changelog.html: https://example.org/x.png loads from outside the site",
        "index.html: #operation/noSuchOperation names no operation of index.html",
      ].sort(),
    );
  });

  it("gives every page a Content-Security-Policy that loads nothing from outside", () => {
    for (const [file, html] of files) {
      if (!file.endsWith(".html")) continue;
      const policy = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
      expect(policy, file).toMatch(/^default-src 'none';/);
      expect(policy, file).not.toMatch(/https?:|'self'|\*/);
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

/**
 * The page's links (href) and the addresses it loads (src, data, action),
 * outside its scripts and styles, and the in-page links of the markdown that
 * Redoc renders only in the browser (the "Next steps" lists: `](#operation/…)`
 * in the spec its script carries).
 */
function pageReferences(html: string): Array<{ attribute: string; link: string }> {
  const markup = html.replace(/<script\b[\s\S]*?<\/script>/gi, "").replace(/<style\b[\s\S]*?<\/style>/gi, "");
  const attributes = [...markup.matchAll(/\s(href|src|action|data)="([^"]*)"/g)].map((m) => ({
    attribute: m[1]!,
    link: m[2]!.replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"'),
  }));
  const markdown = [...html.matchAll(/\]\((#[^)\s"\\]+)\)/g)].map((m) => ({ attribute: "href", link: m[1]! }));
  return [...attributes, ...markdown];
}
const pageLinks = (html: string) => pageReferences(html).map((r) => r.link);

/**
 * A link checker over the built site: each page's links and resources resolve
 * to a file of the site (relative, so the site works under any path and from
 * disk), and each fragment to a section of its page: an element id, a route of
 * Redoc's router (#/…), or an operation of the page's own spec (#operation/…,
 * the form the "Next steps" lists use). Links out (https:) are fine; resources
 * from outside are not.
 */
function siteLinkProblems(site: Map<string, string>): string[] {
  const problems: string[] = [];
  const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
  const isRedoc = (file: string) => /^(v\/[^/]+\/)?index\.html$/.test(file);
  const operationIds = (file: string) => {
    const spec = JSON.parse(site.get(file.replace(/index\.html$/, "openapi.json")) ?? "{}");
    return new Set(Object.values<any>(spec.paths ?? {}).flatMap((item) => Object.values<any>(item).map((op) => op?.operationId)));
  };
  const checkFragment = (file: string, fragment: string, link: string) => {
    if (fragment === "") return;
    if (isRedoc(file) && fragment.startsWith("/")) return; // a route of Redoc's router
    if (isRedoc(file) && fragment.startsWith("operation/")) {
      if (!operationIds(file).has(decodeURIComponent(fragment.slice("operation/".length)))) problems.push(`${file}: ${link} names no operation of ${file}`);
      return;
    }
    if (!ids(site.get(file)!).has(decodeURIComponent(fragment))) problems.push(`${file}: ${link} is no section of ${file}`);
  };
  for (const [file, html] of site) {
    if (!file.endsWith(".html")) continue;
    for (const { attribute, link } of pageReferences(html)) {
      if (link.startsWith("data:") || link.startsWith("blob:")) continue;
      if (/^[a-z][a-z+.-]*:/i.test(link)) {
        // Redoc's sidebar credit and the spec's contact are links out; anything the page loads is not.
        if (attribute !== "href") problems.push(`${file}: ${link} loads from outside the site`);
        continue;
      }
      if (link.startsWith("/")) {
        problems.push(`${file}: ${link} starts at the host's root (the site may live under a sub-path)`);
        continue;
      }
      const [path, fragment = ""] = link.split("#") as [string, string?];
      if (path === "") {
        checkFragment(file, fragment, link);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(path)));
      if (!site.has(target)) problems.push(`${file}: ${link} is no file of the site`);
      else if (target.endsWith(".html")) checkFragment(target, fragment, link);
    }
  }
  return problems;
}

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
      const response = await page.goto(`${siteUrl}/${file}`, { waitUntil: "load" });
      expect(response?.status(), file).toBe(200);
      await page.locator("#site-menu").waitFor({ state: "attached" });
      if (isRedoc) await page.locator(".menu-content").first().waitFor();
      // The site's own links: the menu everywhere, and every link of the pages it writes itself.
      // (Redoc's sidebar links are routes of its client-side router, not files.)
      const ownLinks = isRedoc || file === "index.html" ? "#site-menu a[href]" : "a[href]";
      const hrefs = await page.locator(ownLinks).evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) if (href.startsWith(siteUrl)) links.add(href.split("#")[0]!);
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
    await plain.goto(`${siteUrl}/v/${RELEASED}/index.html`);
    await plain.locator("#site-menu summary").click();
    await plain.getByRole("link", { name: `${CURRENT} (current)` }).click();
    await plain.waitForURL(`${siteUrl}/v/${CURRENT}/index.html`);
    await expect(plain.locator("#site-menu summary").innerText()).resolves.toBe(`Version ${CURRENT}`);
    for (const file of pages()) {
      const html = files.get(file)!;
      expect(html, file).toContain(`v/${RELEASED}/index.html`);
      expect(html, file).toContain(`v/${CURRENT}/index.html`);
    }
  });

  it("links each version page's menu to that version's spec and JSON Schemas", async () => {
    await plain.goto(`${siteUrl}/v/${RELEASED}/index.html`);
    await plain.locator("#site-menu summary").click();
    const json = await plain.getByRole("link", { name: "openapi.json" }).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(json).toBe(`${siteUrl}/v/${RELEASED}/openapi.json`);
    expect((await (await fetch(json)).json()).info.version).toBe(RELEASED);
    await plain.getByRole("link", { name: "JSON Schemas" }).click();
    await plain.waitForURL(`${siteUrl}/v/${RELEASED}/schemas/index.html`);
    await expect(plain.locator("#site-menu summary").innerText()).resolves.toBe(`Version ${RELEASED}`);
    await plain.locator("#site-menu summary").click();
    const yaml = await plain.getByRole("link", { name: "openapi.yaml" }).evaluate((a) => (a as HTMLAnchorElement).href);
    expect(yaml).toBe(`${siteUrl}/v/${RELEASED}/openapi.yaml`);
  });

  it("lists the current version first in the changelog, with its breaking change marked", async () => {
    await plain.goto(`${siteUrl}/changelog.html`);
    const headings = await plain.locator("section h2").allInnerTexts();
    expect(headings[0]).toMatch(new RegExp(`^${CURRENT.replace(/\./g, "\\.")} current, not yet tagged \\d+ breaking$`));
    expect(headings[1]).toMatch(new RegExp(`^${RELEASED.replace(/\./g, "\\.")} \\d{4}-\\d{2}-\\d{2}$`));
    const current = plain.locator(`section#v${CURRENT.replace(/\./g, "\\.")}`);
    await expect(current.locator("h3.breaking").innerText()).resolves.toBe("Breaking changes");
    await expect(current.locator("ul").first().innerText()).resolves.toContain(DROPPED_PATH);
    await expect(plain.locator(`section#v${RELEASED.replace(/\./g, "\\.")} .against`).innerText()).resolves.toContain("first release");
  });
});

describe("deep links, under the sub-path and from disk", () => {
  /** Resolves once Redoc shows the operation `getCustomer` at the top of the window. */
  const onGetCustomer = () =>
    rendered.waitForFunction(() => {
      const section = document.querySelector('[data-section-id="/customers/getcustomer"]');
      return !!section && Math.abs(section.getBoundingClientRect().top) < 120;
    }, undefined, { timeout: 40_000, polling: 250 });

  it("lands #operation/… on the operation, on the hosted site", async () => {
    await rendered.goto(`${siteUrl}/#operation/getCustomer`);
    await rendered.waitForURL(`${siteUrl}/#/customers/getcustomer`);
    await onGetCustomer();
    await rendered.goto(`${siteUrl}/v/${RELEASED}/index.html#tag/Customers`);
    await rendered.waitForURL(`${siteUrl}/v/${RELEASED}/index.html#/customers`);
    expect(outside).toEqual([]);
  });

  it("works opened from disk: the menu links files of the site, and #operation/… lands", async () => {
    await plain.goto(pathToFileURL(join(siteDir, `v/${RELEASED}/schemas/index.html`)).href);
    const hrefs = await plain.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(8);
    for (const href of hrefs) expect(existsSync(fileURLToPath(href.split("#")[0]!)), href).toBe(true);
    const current = pathToFileURL(join(siteDir, "index.html")).href;
    await rendered.goto(`${current}#operation/getCustomer`);
    await rendered.waitForURL(`${current}#/customers/getcustomer`);
    await onGetCustomer();
    expect(errors).toEqual([]);
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
