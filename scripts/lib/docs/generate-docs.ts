// generated/docs/index.html: Redoc, with its scripts inlined so the page works
// offline, and a Content-Security-Policy that keeps it so whatever the spec's
// descriptions hold. `redocly build-docs` has no Node API, so this is the one
// step that spawns a CLI (node_modules/.bin/redocly, not npx); a page built
// before for the same input comes from docs-page-cache.ts instead.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { ROOT } from "../project-paths.js";
import { withContentSecurityPolicy } from "./content-security-policy.js";
import { docsInput } from "./docs-input.js";
import { cachedPage, type PageCacheOptions } from "./docs-page-cache.js";
import { checkPageLevelHtml } from "./page-level-html.js";
import { withInPageRedocLinks } from "./redoc-links.js";

const run = promisify(execFile);

/**
 * Redoc settings for the page. Redoc Community Edition shows an x-codeSamples
 * entry only when its label is in `codeSamples.languages`, and the list is the
 * order of the tabs: every label the samples use, curl ones first, then the
 * request payload. Telemetry is switched off by REDOCLY_TELEMETRY=off below.
 */
export function redocConfig(document: Record<string, any>) {
  const samples: Array<{ lang: string; label?: string }> = [];
  for (const item of Object.values<any>(document.paths ?? {})) {
    for (const operation of Object.values<any>(item)) samples.push(...(operation?.["x-codeSamples"] ?? []));
  }
  const languages = new Map<string, { lang: string; label: string }>();
  for (const lang of [...new Set(samples.map((s) => s.lang))]) {
    for (const sample of samples.filter((s) => s.lang === lang)) {
      const label = sample.label ?? sample.lang;
      languages.set(label.toLowerCase(), { lang, label });
    }
  }
  return { openapi: { codeSamples: { languages: [...languages.values(), { lang: "Payload", label: "Payload" }] } } };
}

// Redoc's sidebar footer loads its logo from cdn.redoc.ly on every page view,
// with no option to turn it off. The same words, drawn inline, keep the credit
// and keep the page offline.
const REDOCLY_MARK = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#1a1a1a">Redocly</text></svg>',
)}`;
const CDN_REPLACEMENTS: ReadonlyArray<[string, string]> = [
  ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", REDOCLY_MARK],
  ["https://cdn.redoc.ly/redoc/logo-mini.svg", REDOCLY_MARK],
];
const OFFLINE_REPLACEMENTS: ReadonlyArray<[string, string]> = [
  ...CDN_REPLACEMENTS,
  // An inline icon, so the browser does not ask the host for /favicon.ico.
  ["<head>", '<head>\n  <link rel="icon" href="data:,">'],
];

/** Redoc's script alone (the live docs of `npm run dev` load it as a module), with the same logo drawn inline. */
export function makeScriptOffline(script: string): string {
  return CDN_REPLACEMENTS.reduce((code, [from, to]) => code.split(from).join(to), script);
}

/**
 * Rewrites the few things Redoc's page would fetch from the network, points
 * its server-rendered sidebar links inside the page, and adds the policy that
 * lets the page load nothing else (last: it hashes the page's final scripts).
 */
export function makeOffline(html: string): string {
  if (!html.includes("<head>")) throw new Error("redocly build-docs produced a page without <head>; cannot make it offline.");
  return withContentSecurityPolicy(withInPageRedocLinks(OFFLINE_REPLACEMENTS.reduce((page, [from, to]) => page.split(from).join(to), html)));
}

const REDOCLY = join(ROOT, "node_modules/.bin/redocly");
/** The arguments besides the files: part of the cache key, as the CLI (its path and version) is. */
const buildArgs = (title: string) => ["--inlineBundle", "--title", title, "--lint-config", "off"];
let redoclyVersion: Promise<string> | undefined;
const installedRedocly = () =>
  (redoclyVersion ??= readFile(join(ROOT, "node_modules/@redocly/cli/package.json"), "utf8").then((json) => String(JSON.parse(json).version)));

/** Set to "off", every page is built (the benchmarks time the pipeline's own work). */
export const NO_CACHE_ENV = "VOUCHERIFY_CONTRACT_DOCS_CACHE";

export interface DocsBuildOptions {
  /** Where built pages are kept (docs-page-cache.ts). */
  cache?: PageCacheOptions;
  /** The Redocly CLI to run; default node_modules/.bin/redocly. */
  redocly?: string;
}

export async function generateDocs(document: Record<string, any>, signal?: AbortSignal, { cache, redocly = REDOCLY }: DocsBuildOptions = {}): Promise<string> {
  checkPageLevelHtml(document);
  // What Redoc does not draw (response links, the activity event types) goes into descriptions, in this copy only.
  const input = JSON.stringify(docsInput(document));
  const config = stringify(redocConfig(document));
  const args = buildArgs(document.info.title);
  // The page as Redocly writes it is what is cached: makeOffline's rewrites always apply as the code says now.
  const key = [redocly, await installedRedocly(), JSON.stringify(args), config, input];
  const build = () => buildPage(redocly, input, config, args, signal);
  const page = process.env[NO_CACHE_ENV] === "off" ? await build() : await cachedPage(key, build, cache);
  return makeOffline(page);
}

async function buildPage(redocly: string, input: string, config: string, args: string[], signal?: AbortSignal): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "customers-docs-"));
  try {
    const inputFile = join(dir, "openapi.json");
    const output = join(dir, "index.html");
    const configFile = join(dir, "redocly.yaml");
    await writeFile(inputFile, input);
    await writeFile(configFile, config);
    await run(redocly, ["build-docs", inputFile, "--output", output, "--config", configFile, ...args], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 16 * 1024 * 1024,
      ...(signal ? { signal } : {}),
    });
    return await readFile(output, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
