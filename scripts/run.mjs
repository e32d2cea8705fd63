// Runs one of this repository's TypeScript scripts:
//
//   node scripts/run.mjs scripts/mock.ts --port 0
//
// Why not `node --import tsx`: tsx sends every module through loader hooks
// on a thread of their own, about 0.5 s of processor time per start (`npm run
// mock` took 0.8 s to listen, against 0.3 s this way), and the tests start
// some thirty commands. Instead esbuild (a dependency already) bundles the
// script with this repository's modules into one ES module, kept under
// node_modules/.cache/voucherify-customers-contract/scripts/ and reused while
// every file it was made from has the same bytes. A bundle names this
// checkout's files by absolute path, so it is kept per checkout: another
// checkout whose node_modules is a link to this one's (a shared install) has
// the same cache folder and must not run this checkout's files. Packages stay outside it,
// loaded from node_modules as usual. Each module keeps its own `import.meta`
// (scripts/lib/own-import-meta.mjs). A crash's stack names lines of the
// bundle, which marks each module with its path.
//
// Plain JavaScript, so that Node runs it as it is.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, version as esbuildVersion } from "esbuild";
import { ownImportMeta } from "./lib/own-import-meta.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules/.cache/voucherify-customers-contract/scripts");

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** Bundles `entry`; writes the bundle and a record of its inputs (path → sha256); returns the bundle's path. */
async function bundle(entry, key) {
  const result = await build({
    entryPoints: [entry],
    // Input paths in the metafile relative to the repository, wherever the command runs.
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    metafile: true,
    logLevel: "silent",
    plugins: [ownImportMeta],
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((input) => [input, sha256(readFileSync(join(ROOT, input)))]));
  const code = result.outputFiles[0].text;
  const file = join(CACHE, `${key}-${sha256(code).slice(0, 16)}.mjs`);
  mkdirSync(CACHE, { recursive: true });
  // Whole files only: written under a temporary name, then renamed.
  const write = (path, text) => {
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  };
  write(file, code);
  write(join(CACHE, `${key}.json`), JSON.stringify({ bundle: basename(file), inputs }));
  // This script's older bundles (a process still starting one has read it already, or builds again).
  for (const name of readdirSync(CACHE)) if (name.startsWith(`${key}-`) && name.endsWith(".mjs") && name !== basename(file)) rmSync(join(CACHE, name), { force: true });
  return file;
}

/** The bundle made from the same bytes of every input, if there is one. */
function reusable(key) {
  let record;
  try {
    record = JSON.parse(readFileSync(join(CACHE, `${key}.json`), "utf8"));
  } catch {
    return undefined;
  }
  for (const [input, hash] of Object.entries(record.inputs)) {
    let bytes;
    try {
      bytes = readFileSync(join(ROOT, input));
    } catch {
      return undefined;
    }
    if (sha256(bytes) !== hash) return undefined;
  }
  return join(CACHE, record.bundle);
}

const [script] = process.argv.splice(2, 1);
if (!script) {
  console.error("usage: node scripts/run.mjs <script.ts> [arguments...]");
  process.exit(2);
}
const entry = resolve(script);
// What the script sees: itself as argv[1], its own arguments after it.
process.argv[1] = entry;
// One bundle per checkout (its real path: the bundle has this checkout's paths baked in), script,
// esbuild, and version of this file and its plugin.
const launcher = [import.meta.url, new URL("./lib/own-import-meta.mjs", import.meta.url)].map((url) => readFileSync(fileURLToPath(url), "utf8")).join("\n");
const key = sha256(`${realpathSync(ROOT)}\n${relative(ROOT, entry)}\n${esbuildVersion}\n${launcher}`).slice(0, 24);

let file = reusable(key);
if (!file) {
  try {
    file = await bundle(entry, key);
  } catch (error) {
    // esbuild's own messages name the file, line and column.
    const messages = error?.errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text));
    console.error(`${script}: cannot be built: ${messages?.length ? messages.join("\n") : error?.message ?? error}`);
    process.exit(1);
  }
}
try {
  await import(pathToFileURL(file).href);
} catch (error) {
  // Another run replaced the bundle between reading the record and loading it: build it for this run.
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes(basename(file))) throw error;
  await import(pathToFileURL(await bundle(entry, key)).href);
}
