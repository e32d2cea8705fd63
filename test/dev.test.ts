// `npm run dev` on a copy of openapi/ and generated/: it says what it does
// while it starts, then each save reaches the docs (the page reloads itself),
// generated/ and the mock engine; a broken save shows its file:line in the
// terminal and on the page while the last good spec stays served, and undoing
// it neither reloads the page nor rewrites generated/. Each lint, each full
// rewrite of generated/ and each render of the page costs CPU in proportion to
// the spec, so the copy serves only the paths the saves below need (a tenth of
// the lint's work), one save edits both the title and an example, and Prism
// (which no test here needs) starts only on demand.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { bundledSpecFiles } from "../scripts/lib/generate/bundled-spec-files.js";
import { recordSyncState, SYNC_STATE_FILE } from "../scripts/lib/generate/sync-generated.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";
import { copySpec } from "./support/generation-spec-copy.js";

const work = mkdtempSync(join(tmpdir(), "customers-dev-"));
const specDir = join(work, "openapi");
const outDir = join(work, "generated");
/**
 * The paths the copy serves: the one the saves edit (getCustomer answers from
 * CustomerSeed; updateCustomer is the operationId the broken save reuses), the
 * list, whose examples the mock engine is built on, and the permanent
 * deletion, which a link of the list's responses names.
 */
const KEPT_PATHS = ["/v1/customers", "/v1/customers/{customerId}", "/v1/customers/{customerId}/permanent-deletion"];
const PATH_FILE = join(specDir, "paths/customers_{customerId}.yaml");
const EXAMPLE_FILE = join(specDir, "components/examples/CustomerSeed.yaml");
const ROOT_FILE = join(specDir, "openapi.yaml");
const originalPath = readFileSync(join(ROOT, "openapi/paths/customers_{customerId}.yaml"), "utf8");
/** The copy's root file as copySpec rewrote it, before any save. */
let originalRoot = "";
const TITLE = "Voucherify Customers API";
/** A save waits for a full rewrite of generated/ (a few seconds of CPU), which a busy two-core machine can stretch past the default 60 s. */
const SAVE_TIMEOUT = 180_000;

let dev: ChildProcess;
let output = "";
let docsUrl = "";
let mockUrl = "";
let browser: ChromiumSession;
/** The docs page, open from the start through every save. */
let page: Page;
let stopping = false;

/** Resolves once the process's output matches; rejects if it exits first. */
function outputMatches(pattern: RegExp, from = 0): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.slice(from).match(pattern);
      if (match) {
        dev.stdout!.off("data", check);
        dev.stderr!.off("data", check);
        dev.off("exit", exited);
        resolve(match);
      }
    };
    const exited = (code: number | null) => reject(new Error(`npm run dev exited (${code}) before printing ${pattern}:\n${output}`));
    dev.stdout!.on("data", check);
    dev.stderr!.on("data", check);
    dev.once("exit", exited);
    check();
  });
}

interface DocsState {
  version: number;
  problems: string[];
  document?: any;
}
/** Every file of `dir` (path → bytes as base64), but the record of the last sync. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== SYNC_STATE_FILE)
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), readFileSync(path).toString("base64")];
      }),
  );
}

const docsState = async (): Promise<DocsState> => (await fetch(`${docsUrl}/__dev/docs.json`)).json() as Promise<DocsState>;

/** Saves the root file with another title: what the docs page shows first. */
function saveTitle(title: string) {
  if (!originalRoot.includes(`  title: ${TITLE}\n`)) throw new Error(`the copy of openapi/openapi.yaml has no "title: ${TITLE}" line to edit`);
  writeFileSync(ROOT_FILE, originalRoot.replace(`  title: ${TITLE}\n`, `  title: ${title}\n`));
}

/** Saves the seed customer's example with another name: what the mock answers for cust_1. */
function saveSeedName(name: string) {
  const original = readFileSync(join(ROOT, "openapi/components/examples/CustomerSeed.yaml"), "utf8");
  if (!original.includes("  name: Bob Smith\n")) throw new Error('CustomerSeed.yaml has no "name: Bob Smith" line to edit');
  writeFileSync(EXAMPLE_FILE, original.replace("  name: Bob Smith\n", `  name: ${name}\n`));
}

const getSeedName = async () => (await (await fetch(`${mockUrl}/v1/customers/cust_1`, { headers: { "X-App-Id": "a", "X-App-Token": "b" } })).json()).name;

/** Saves the path file with getCustomer's operationId changed (or as it was). */
function saveOperationId(operationId = "getCustomer") {
  writeFileSync(PATH_FILE, originalPath.replace("operationId: getCustomer\n", `operationId: ${operationId}\n`));
}

beforeAll(async () => {
  copySpec(specDir, KEPT_PATHS);
  originalRoot = readFileSync(ROOT_FILE, "utf8");
  cpSync(GENERATED, outDir, { recursive: true });
  // The copy of generated/ stands for the output of the copy of openapi/ (generation.test.ts checks the
  // originals): its bundled spec, what the live docs show first, serves the kept paths alone, as the copy
  // does; the modules keep every path, and answer the kept ones as the copy's would.
  const bundled = JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  const kept = { ...bundled, paths: Object.fromEntries(KEPT_PATHS.map((path) => [path, bundled.paths[path]])) };
  for (const [file, content] of bundledSpecFiles(kept)) writeFileSync(join(outDir, file), content);
  await recordSyncState(outDir, ROOT_FILE);
  const args = ["--spec", ROOT_FILE, "--out", outDir, "--port", "0", "--docs-port", "0", "--quiet", "--prism-on-demand"];
  dev = spawn(process.execPath, ["scripts/run.mjs", "scripts/dev.ts", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A dev process that ends before afterAll stops it fails the tests with connection errors: say why.
  dev.once("exit", (code, signal) => {
    if (!stopping) console.error(`npm run dev ended early (${signal ?? `exit code ${code}`}):\n${output}`);
  });
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  dev.stdout!.on("data", collect);
  dev.stderr!.on("data", collect);
  const [[, docs], [, mock], chromium] = await Promise.all([
    outputMatches(/Docs: (http:\S+)/),
    outputMatches(/Mock \(static\): (http:\S+)/),
    chromiumSession(),
    outputMatches(/Watching /), // the last line of the start
  ]);
  docsUrl = docs!;
  mockUrl = mock!;
  browser = chromium;
  page = await browser.newPage();
  await page.goto(`${docsUrl}/`);
});

afterAll(async () => {
  await browser?.close();
  if (dev && dev.exitCode === null) {
    const exited = new Promise((resolve) => dev.once("exit", resolve));
    stopping = true;
    dev.kill("SIGTERM");
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe("npm run dev", () => {
  it("prints each step while it starts, and skips generation when nothing changed", () => {
    const steps = output.slice(0, output.indexOf("Docs:"));
    expect(steps).toMatch(/▸ Checking the spec[^\n]*\n\s+unchanged since the last generate \(\d+\.\d s\)\n▸ Starting the mock \(Prism\) and the live docs…\n\s+ready \(\d+\.\d s\)/);
    expect(output).toContain("Watching");
  });

  it("serves the live docs page, Redoc and the spec, and the mock answers without Prism", async () => {
    const docsPage = await fetch(`${docsUrl}/`);
    expect(docsPage.status).toBe(200);
    expect(await docsPage.text()).toContain('import { init } from "./__dev/redoc.js"');
    expect((await fetch(`${docsUrl}/__dev/redoc.js`)).headers.get("content-type")).toMatch(/javascript/);
    const state = await docsState();
    expect(state.problems).toEqual([]);
    expect(state.document.paths["/v1/customers/{customerId}"].get["x-codeSamples"].length).toBeGreaterThan(0);
    const health = await fetch(`${mockUrl}/__health`);
    expect(health.status).toBe(200);
    // --prism-on-demand: no request so far needed Prism, so it has not been started.
    expect((await health.json()).prism.status).toBe("idle");
    expect(await getSeedName()).toBe("Bob Smith");
  });

  it("reloads the open docs page on a save, and the mock answers from the saved example without a restart", async () => {
    const heading = (title: string) => page.getByRole("heading", { name: title, exact: false }).first();
    await heading(TITLE).waitFor();
    const before = await docsState();

    // One save of two files (the watcher handles a burst as one rebuild): the
    // page reloads by itself with the new title; generated/ and the engine follow.
    const edited = `${TITLE} (edited)`;
    const mark = output.length;
    saveTitle(edited);
    saveSeedName("Bob Edited");
    await outputMatches(/✓ [^\n]*openapi\.yaml: docs updated in \d+ ms/, mark);
    await page.getByText(edited).first().waitFor();
    const good = await docsState();
    expect(good.version).toBeGreaterThan(before.version);
    expect(await (await fetch(`${docsUrl}/openapi.json`)).text()).toContain(edited);

    // generated/ changes as a whole, the bundled spec (what Prism serves) with the rest.
    await outputMatches(/✓ mock engine now answers from the new spec/, mark);
    expect(JSON.parse(readFileSync(join(outDir, "openapi.json"), "utf8")).info.title).toBe(edited);
    expect(output.slice(mark)).toMatch(/ rewritten: [^\n]*examples\.js/);
    expect(await getSeedName()).toBe("Bob Edited");
  }, SAVE_TIMEOUT);

  it("shows a broken save's file:line, keeps the last good spec, and neither reloads nor rewrites when the save is undone", async () => {
    const edited = `${TITLE} (edited)`;
    const good = await docsState();
    // A broken save (two operations with one operationId): file:line here and on the page, the last good spec stays.
    let mark = output.length;
    saveOperationId("updateCustomer");
    const [terminalLine] = await outputMatches(/\S*customers_\{customerId\}\.yaml:\d+:\d+: [^\n]+/, mark);
    expect(output.slice(mark)).toMatch(/✗ paths\/customers_\{customerId\}\.yaml: the spec has \d+ problem\(s\); still serving the last good spec/);
    const banner = page.locator("#dev-problems");
    await banner.waitFor({ state: "visible" });
    expect(await banner.innerText()).toContain(terminalLine!.trim().replace(/^.*?(paths\/)/, "$1"));
    const broken = await docsState();
    expect(broken.version).toBe(good.version);
    expect(broken.problems.join("\n")).toMatch(/customers_\{customerId\}\.yaml:\d+:\d+: /);
    expect(broken.document.paths["/v1/customers/{customerId}"].get.operationId).toBe("getCustomer");
    expect(await page.getByText(edited).first().isVisible()).toBe(true);

    // Fixed again: the problems go. The spec is the one shown and the one generated/ holds,
    // so the page does not reload and nothing is regenerated.
    mark = output.length;
    saveOperationId();
    await outputMatches(/✓ paths\/customers_\{customerId\}\.yaml: docs updated/, mark);
    await banner.waitFor({ state: "hidden" });
    const fixed = await docsState();
    expect(fixed.problems).toEqual([]);
    expect(fixed.version).toBe(good.version);
    expect(await page.getByText(edited).first().isVisible()).toBe(true);
    await outputMatches(/already holds this spec's output; nothing to rewrite/, mark);
    expect(output.slice(mark)).not.toContain(" rewritten: ");
    expect(await getSeedName()).toBe("Bob Edited");
  }, SAVE_TIMEOUT);

  it("leaves generated/ as it was when a save lints and bundles but a later step fails, and says so on the page", async () => {
    // AJV's strict mode refuses `minLength` without `type: string`; the lint does not see it.
    const assetsFile = join(specDir, "components/schemas/CustomerAssets.yaml");
    const assets = readFileSync(assetsFile, "utf8");
    const typed = "  cockpit_url:\n    type: string\n";
    if (!assets.includes(typed)) throw new Error("CustomerAssets.yaml has no cockpit_url of type string to edit");
    const before = snapshot(outDir);
    let mark = output.length;
    writeFileSync(assetsFile, assets.replace(typed, "  cockpit_url:\n    minLength: 1\n"));
    // Named at the schema's file and line, as generation names it (scripts/lib/generate/schema-compile-problems.ts).
    const where = /CustomerAssets\.yaml:\d+:\d+: [^\n]*minLength/;
    await outputMatches(where, mark);
    expect(snapshot(outDir)).toEqual(before);
    // Told in the same step as the terminal line above.
    expect((await docsState()).problems.join("\n")).toMatch(where);

    // Undone: generated/ is checked again (it might have been rewritten) and the problem goes.
    mark = output.length;
    writeFileSync(assetsFile, assets);
    await outputMatches(/ rewritten: nothing else changed/, mark);
    expect(snapshot(outDir)).toEqual(before);
    expect((await docsState()).problems).toEqual([]);
  }, SAVE_TIMEOUT);
});
