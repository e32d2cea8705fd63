// One `npm pack` per change of the package's inputs, shared by every suite
// that needs the tarball (test/package.test.ts, test/consumers.test.ts). The
// suites run in parallel workers and `npm pack` rebuilds dist/ from scratch,
// so two packs at once would delete each other's files: the first suite takes
// a lock (mkdir is atomic), packs, and records the tarball with a hash of its
// inputs' contents; the others wait for the lock and reuse the tarball while
// the hash still matches (a file rewritten with the same bytes does not
// repack).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ROOT } from "../../scripts/lib/project-paths.js";

const exec = promisify(execFile);

export const PACK_DIR = join(ROOT, ".tmp/pack");
const LOCK = join(ROOT, ".tmp/pack.lock");
const RECORD = join(PACK_DIR, "packed.json");
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

/** What goes into the tarball: a change to any of these means a new pack. */
const INPUTS = ["src", "generated", "scripts/build.ts", "package.json", "tsconfig.json", "tsconfig.build.json", "README.md", "LICENSE"];

/** A hash of every input file's path and bytes (about 10 MB: a few tens of milliseconds). */
function stamp(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    const path = join(ROOT, input);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((file) => join(path, String(file))) : [path];
    for (const file of files.sort()) {
      if (!statSync(file).isFile()) continue;
      const bytes = readFileSync(file);
      hash.update(`${file}\0${bytes.length}\0`).update(bytes);
    }
  }
  return hash.digest("hex");
}

function recorded(current: string): string | undefined {
  if (!existsSync(RECORD)) return undefined;
  const { tarball, inputs } = JSON.parse(readFileSync(RECORD, "utf8")) as { tarball: string; inputs: string };
  return inputs === current && existsSync(tarball) ? tarball : undefined;
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK, { recursive: false });
    return true;
  } catch {
    // (A lock that went between the two calls is simply looked at again.)
    if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

/**
 * A copy of what `npm pack` can take from the repository: every top-level
 * file (package.json, README, LICENSE, .gitignore, ...) and each path the
 * `files` field names (up to its first pattern character). npm applies the
 * same rules to it and packs the same bytes, but without node_modules beside
 * it: in the repository, npm spends half its time loading the installed tree
 * (1,000 packages) to look for bundled dependencies. A package without a
 * `files` field, or with bundled dependencies, is packed where it is.
 */
function stage(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files?: string[]; bundleDependencies?: unknown; bundledDependencies?: unknown };
  if (!manifest.files || manifest.bundleDependencies || manifest.bundledDependencies) return ROOT;
  const literals: string[] = [];
  for (const pattern of manifest.files.filter((entry) => !entry.startsWith("!"))) {
    const segments = pattern.replace(/^\.?\//, "").split("/");
    const firstPattern = segments.findIndex((segment) => /[*?[\]{}]/.test(segment));
    // A pattern from the top (`**/*.d.ts`) may match anything: no smaller copy is sure to hold it.
    if (firstPattern === 0) return ROOT;
    literals.push((firstPattern === -1 ? segments : segments.slice(0, firstPattern)).join("/"));
  }
  const stageDir = join(PACK_DIR, `stage-${process.pid}`);
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  for (const entry of readdirSync(ROOT, { withFileTypes: true })) if (entry.isFile()) cpSync(join(ROOT, entry.name), join(stageDir, entry.name));
  for (const path of literals) {
    if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(stageDir, path), { recursive: true, verbatimSymlinks: true });
  }
  return stageDir;
}

/** The path of a tarball packed from the current tree (building dist/ when needed). */
export async function packedTarball(): Promise<string> {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  for (;;) {
    const reuse = recorded(stamp());
    if (reuse) return reuse;
    if (takeLock()) break;
    // Another suite is packing: wait for its lock to go, then look again.
    while (existsSync(LOCK)) await sleep(200);
  }
  try {
    const before = stamp();
    // A folder per pack: a suite may still be reading the previous tarball.
    for (const old of existsSync(PACK_DIR) ? readdirSync(PACK_DIR) : []) {
      const path = join(PACK_DIR, old);
      if (statSync(path).isDirectory() && Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS) rmSync(path, { recursive: true, force: true });
    }
    const destination = join(PACK_DIR, String(Date.now()));
    mkdirSync(destination, { recursive: true });
    // The build by itself first: prepack's output would land in `npm pack --json`'s stdout.
    await exec(process.execPath, ["scripts/run.mjs", "scripts/build.ts"], { cwd: ROOT }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm run build failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    });
    const source = stage();
    const { stdout } = await exec("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], { cwd: source, maxBuffer: 16 * 1024 * 1024 }).finally(
      () => source !== ROOT && rmSync(source, { recursive: true, force: true }),
    );
    const tarball = join(destination, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
    writeFileSync(RECORD, JSON.stringify({ tarball, inputs: before }));
    return tarball;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
