// What it costs a consumer to get the validators: importing the precompiled
// module, against loading AJV and compiling the same prepared schemas at run
// time. Each run is a fresh plain `node` process (no tsx, as a consumer runs),
// timed from inside around the dynamic import, the two kinds alternating.
// A tiny module is imported first: the first ESM import of a process also
// starts Node's module loader (3-5 ms here), which an application pays once,
// whatever it imports.
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { ROOT } from "../../../scripts/lib/project-paths.js";
import { median } from "../report.js";

const run = promisify(execFile);
const SPEC = join(ROOT, "generated/openapi.json");

/** A script for a fresh process that prints how many milliseconds importing `url` (and running `then`) took. */
function timingScript(url: string, then: string): string {
  return [
    'await import("data:text/javascript,export default 1");',
    `const t = performance.now(); const m = await import(${JSON.stringify(url)}); ${then}; console.log(performance.now() - t);`,
  ].join("\n");
}

async function timeInFreshProcess(script: string): Promise<number> {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT });
  return Number(stdout.trim());
}

/** The run-time alternative as plain JavaScript: the generator's own AJV setup, with AJV itself left as an import. */
async function runtimeCompilerModule(): Promise<string> {
  const outfile = join(ROOT, ".tmp/bench/compile-at-run-time.mjs");
  await mkdir(join(ROOT, ".tmp/bench"), { recursive: true });
  const entry = [
    'import { readFileSync } from "node:fs";',
    'import { componentSchemasDocument, createAjv, schemaRef } from "./scripts/lib/generate/create-ajv.ts";',
    'import { prepareValidationSchemas } from "./scripts/lib/generate/prepare-validation-schemas.ts";',
    "export function compileEverything(specPath) {",
    '  const defs = prepareValidationSchemas(componentSchemasDocument(JSON.parse(readFileSync(specPath, "utf8"))).$defs);',
    "  const ajv = createAjv([], { allErrors: true, messages: false, code: { source: false } });",
    "  ajv.addSchema({ ...componentSchemasDocument({}), $defs: defs });",
    "  return Object.keys(defs).map((name) => ajv.getSchema(schemaRef(name)));",
    "}",
  ].join("\n");
  await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "compile-at-run-time.js", loader: "js" },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "silent",
  });
  return pathToFileURL(outfile).href;
}

/**
 * Importing the precompiled validators and compiling the same schemas at run
 * time, each in fresh processes, alternating (so a busy machine slows both
 * alike); the medians of `runs` each.
 */
export async function importAndCompileMs(runs = 9): Promise<{ importMs: number; compileMs: number }> {
  const scripts = {
    import: timingScript(pathToFileURL(join(ROOT, "generated/validators.js")).href, "void m.validateCustomer"),
    compile: timingScript(await runtimeCompilerModule(), `m.compileEverything(${JSON.stringify(SPEC)})`),
  };
  const times = { import: [] as number[], compile: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? (["compile", "import"] as const) : (["import", "compile"] as const);
    for (const kind of order) times[kind].push(await timeInFreshProcess(scripts[kind]));
  }
  return { importMs: median(times.import), compileMs: median(times.compile) };
}
