// Compares the pipeline's output with generated/ and, unless checking, writes
// the difference. Shared by `npm run generate`, `npm start` and `npm run dev`.
//
// Generating everything only to find nothing changed costs seconds, so after
// each write the content hashes of the inputs (openapi/ and the generator's
// code) and of generated/ are stored in generated/.sync-state.json (ignored by
// git); `syncIfChanged` regenerates only when either hash moved.
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { generateAll } from "./generate-all.js";
import { GENERATED, ROOT, SPEC_ROOT } from "../project-paths.js";

export interface SyncResult {
  /** Files whose content differs from the spec's output (written unless checking). */
  stale: string[];
  /** Files in generated/ the spec no longer produces (removed unless checking). */
  extra: string[];
}

/** Where the hashes of the last sync are kept; not an output of the spec. */
export const SYNC_STATE_FILE = ".sync-state.json";

/** Besides the spec folder: what else decides the output (the generator's code, its tools' versions). */
const GENERATOR_INPUTS = ["redocly.yaml", "package.json", "package-lock.json", "scripts/lib/generate", "scripts/lib/docs", "scripts/lib/spec", "src"];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((file) => file !== SYNC_STATE_FILE)
    .sort();
}

/** One sha256 over the relative names and contents of every file under `roots` (files or folders). */
async function hashFiles(base: string, roots: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const root of roots) {
    const path = join(base, root);
    const files = (await listFiles(path)).map((file) => join(path, file));
    if (files.length === 0) files.push(path);
    for (const file of files) {
      const content = await readFile(file).catch(() => undefined);
      if (content === undefined) continue;
      hash.update(`${relative(base, file)}\0${content.length}\0`).update(content);
    }
  }
  return hash.digest("hex");
}

interface SyncState {
  inputs: string;
  outputs: string;
}

async function currentState(outDir: string, specRoot: string): Promise<SyncState> {
  const specDir = dirname(specRoot);
  const [spec, code, outputs] = await Promise.all([hashFiles(specDir, ["."]), hashFiles(ROOT, GENERATOR_INPUTS), hashFiles(outDir, ["."])]);
  return { inputs: createHash("sha256").update(`${spec}${code}`).digest("hex"), outputs };
}

async function storedState(outDir: string): Promise<SyncState | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, SYNC_STATE_FILE), "utf8"));
  } catch {
    return undefined;
  }
}

/** Records that generated/ is the output of the current inputs. */
export async function recordSyncState(outDir = GENERATED, specRoot = SPEC_ROOT): Promise<void> {
  const state = await currentState(outDir, specRoot);
  await writeFile(join(outDir, SYNC_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** True when neither the inputs nor generated/ changed since the last recorded sync. */
export async function isUpToDate(outDir = GENERATED, specRoot = SPEC_ROOT): Promise<boolean> {
  const [stored, current] = await Promise.all([storedState(outDir), currentState(outDir, specRoot)]);
  return stored?.inputs === current.inputs && stored.outputs === current.outputs;
}

export interface SyncOptions {
  /** Only compare: write and remove nothing. */
  check: boolean;
  outDir?: string;
  specRoot?: string;
  /**
   * The pipeline's output for `specRoot`, when the caller has it already (a
   * test comparing one generation with several folders). Default: generate it.
   */
  outputs?: ReadonlyMap<string, string>;
  /**
   * What `specRoot` lints and bundles to, when the caller has done both
   * already (`npm run dev`, on each save): generation starts from it instead
   * of doing them again.
   */
  linted?: Record<string, any>;
}

export async function syncGenerated({ check, outDir = GENERATED, specRoot, outputs: given, linted }: SyncOptions): Promise<SyncResult> {
  const outputs = given ?? (await generateAll(linted ? { linted, ...(specRoot ? { specRoot } : {}) } : specRoot));
  const stale: string[] = [];
  for (const [file, content] of outputs) {
    const target = join(outDir, file);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === content) continue;
    stale.push(file);
    if (!check) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }
  const extra = (await listFiles(outDir)).filter((file) => !outputs.has(file));
  if (!check) {
    for (const file of extra) await rm(join(outDir, file));
    await recordSyncState(outDir, specRoot);
  }
  return { stale, extra };
}

/** What `npm run generate` prints for a sync, and its exit code: 1 when a check found a difference. */
export function describeSync({ stale, extra }: SyncResult, check: boolean, label: (file: string) => string): { out: string[]; err: string[]; code: number } {
  if (!check) {
    const out = [stale.length ? `wrote ${stale.map(label).join(", ")}` : "generated/ already up to date."];
    if (extra.length) out.push(`removed ${extra.map(label).join(", ")}`);
    return { out, err: [], code: 0 };
  }
  if (stale.length + extra.length === 0) return { out: ["generated/ is up to date with openapi/."], err: [], code: 0 };
  const err = [
    ...stale.map((file) => `stale: ${label(file)}`),
    ...extra.map((file) => `not produced by the spec: ${label(file)}`),
    "generated/ does not match openapi/: run `npm run generate` and commit the result.",
  ];
  return { out: [], err, code: 1 };
}

/** Regenerates only when the content hashes say something changed; `skipped` when nothing did. */
export async function syncIfChanged(options: { outDir?: string; specRoot?: string } = {}): Promise<SyncResult & { skipped: boolean }> {
  if (await isUpToDate(options.outDir, options.specRoot)) return { stale: [], extra: [], skipped: true };
  return { ...(await syncGenerated({ check: false, ...options })), skipped: false };
}
