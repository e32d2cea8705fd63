// A record of specs that passed the lint, so a spec whose files are all as
// they were when it last passed is not linted again: the lint is about 2.9 s
// of processor time for this spec, and `npm run breaking`, `generate`, `site`
// and `docs` each lint it (so do the tests, after CI's guard already has).
//
// An entry is keyed by what decides the verdict besides the spec's files
// (redocly.yaml, the plugins it names, openapi-core's version, which carries
// the rule sets) and by the root file's name and text. It lists every file the
// lint read (its resolver's documents) by path relative to the root's folder,
// each with a hash of its bytes: the spec passes again only while each is
// there with those bytes. A copy of the spec elsewhere with the same files
// passes too, so an entry is only written when the lint read nothing outside
// the root's folder. Only passes are kept: a failing spec is linted every
// time, and its problems are always reported as they are now.
//
// Each entry is written whole, then renamed; the least recently used beyond
// MAX_ENTRIES are removed. VOUCHERIFY_CONTRACT_LINT_CACHE=off lints every
// time (the benchmarks set it: the CLIs they compare with have no such record).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { CACHE_ROOT, pruneOldest } from "../cache-dir.js";
import { REDOCLY_CONFIG } from "../project-paths.js";

export const LINT_PASSES_DIR = join(CACHE_ROOT, "lint-passes");
export const NO_LINT_CACHE_ENV = "VOUCHERIFY_CONTRACT_LINT_CACHE";
/** A few kilobytes each. */
const MAX_ENTRIES = 64;

interface Entry {
  /** Each file the lint read: path relative to the root's folder → sha256 of its bytes. */
  files: Record<string, string>;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** A hash of what decides the verdict besides the spec: the config, the plugin files it names, and the rules' version. */
function rulesStamp(configPath: string): string {
  const configText = readFileSync(configPath, "utf8");
  // Loaded here, not on import: with the record off (the benchmarks) the lint's path loads nothing more.
  const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  const plugins: unknown = (parse(configText) as { plugins?: unknown } | null)?.plugins ?? [];
  const pluginTexts = (Array.isArray(plugins) ? plugins : [])
    .filter((plugin): plugin is string => typeof plugin === "string")
    .map((plugin) => readFileSync(resolve(dirname(configPath), plugin), "utf8"));
  return sha256([configText, ...pluginTexts, openapiCoreVersion()].map((part) => `${part.length}:${part}`).join("\n"));
}

/** openapi-core's version, from the package.json above its entry (its exports map does not expose the file). */
function openapiCoreVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("@redocly/openapi-core"));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "@redocly/openapi-core" && manifest.version) return manifest.version;
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) throw new Error("cannot find @redocly/openapi-core's package.json");
    dir = dirname(dir);
  }
}

export interface LintPassOptions {
  /** Default: LINT_PASSES_DIR. */
  dir?: string;
  /** Default: redocly.yaml. */
  configPath?: string;
}

function entryFile(specRoot: string, { dir = LINT_PASSES_DIR, configPath = REDOCLY_CONFIG }: LintPassOptions): string | undefined {
  let rootText: Buffer;
  try {
    rootText = readFileSync(specRoot);
  } catch {
    return undefined; // the lint reports a missing root file
  }
  return join(dir, `${sha256(`${rulesStamp(configPath)}\n${basename(specRoot)}\n${sha256(rootText)}`)}.json`);
}

const enabled = () => process.env[NO_LINT_CACHE_ENV] !== "off";

/** Whether the spec at `specRoot` passed the lint before and none of the files that lint read has changed since. */
export async function passedBefore(specRoot: string, options: LintPassOptions = {}): Promise<boolean> {
  if (!enabled()) return false;
  const file = entryFile(specRoot, options);
  if (!file) return false;
  let entry: Entry;
  try {
    entry = JSON.parse(await readFile(file, "utf8")) as Entry;
  } catch {
    return false; // none, or cut short
  }
  const folder = dirname(specRoot);
  for (const [path, hash] of Object.entries(entry.files ?? {})) {
    const bytes = await readFile(join(folder, path)).catch(() => undefined);
    if (!bytes || sha256(bytes) !== hash) return false;
  }
  const now = new Date();
  await utimes(file, now, now).catch(() => {}); // most recently used: pruned last
  return Object.keys(entry.files ?? {}).length > 0;
}

/** Records that the spec at `specRoot` passed, having read `files` (absolute paths). A record that cannot be written only costs the next lint. */
export async function recordPass(specRoot: string, files: Iterable<string>, options: LintPassOptions = {}): Promise<void> {
  if (!enabled()) return;
  const file = entryFile(specRoot, options);
  if (!file) return;
  const folder = dirname(specRoot);
  const entry: Entry = { files: {} };
  for (const path of files) {
    const inside = relative(folder, path);
    // A URL, or a file outside the root's folder, would not be the same file for a copy of the spec.
    if (!isAbsolute(path) || inside.startsWith("..") || isAbsolute(inside)) return;
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return;
    entry.files[inside] = sha256(bytes);
  }
  if (!entry.files[relative(folder, specRoot)]) return;
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, file);
    await pruneOldest(dirname(file), MAX_ENTRIES, ".json");
  } catch {
    await rm(temporary, { force: true });
  }
}
