// `npm run build` (and `prepack`): the dual package in dist/.
//
//   dist/esm/{src,generated}/…  ES modules + .d.ts (the package is "type": "module")
//   dist/cjs/{src,generated}/…  CommonJS + the same .d.ts, under a
//                               {"type":"commonjs"} package.json, so Node and
//                               TypeScript read both as CommonJS
//
// Why esbuild for the JavaScript and not `tsc` twice: generated/*.js are ES
// modules with no TypeScript source, and `tsc` will not turn an input .js
// into CommonJS when its .d.ts sits beside it; esbuild converts both, file by
// file (no bundling, so one module keeps one copy of CustomersApiError per
// format and the client's lazy `import()` of the validators stays lazy).
// TypeScript 7's tsc (the native compiler, one program over every entry;
// scripts/lib/build/native-tsc.ts) writes the declarations once; the CommonJS
// tree gets a copy. The layout mirrors the repository so relative imports
// (`../generated/validators.js`) need no rewriting.
//
// The entries come from package.json: each `exports` / `bin` target under
// dist/ names its source (dist/esm/src/mock.js ← src/mock.ts); a missing
// source stops the build with the entry's name.
//
// Size (issue 12): the big generated modules ship once. Their CommonJS build
// in dist/cjs is the copy; dist/esm holds a stub that re-exports it by name.
// CommonJS has to carry code anyway (require() of ES modules needs Node
// 20.19+), and every ESM consumer can import CommonJS: Node finds the names
// in a `0 && (module.exports = {…})` annotation (see reexportCommonJs),
// esbuild, webpack and Rollup/Vite's commonjs plugin by their own interop. Tree-shaking loses nothing: one validator already pulls
// in all of them through the shared `validators` table. The JSON files the
// exports map names ship minified from dist/ (the repository keeps them
// readable for review).
//
// Startup (issue 12, item 8): the root entry re-exports the validators, and
// loading them is most of what importing the root costs. In dist/ the root
// gets stand-ins for them instead (LAZY, src/validators-lazy.ts): the same
// names and shapes, functions that require the compiled module on first
// call. `/validators` stays eager.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import * as esbuild from "esbuild";
import { describeExports, type ExportShape } from "../src/validators-lazy.js";
import { compileWithNativeTsc } from "./lib/build/native-tsc.js";
import { GENERATED, ROOT } from "./lib/project-paths.js";

type Format = "esm" | "cjs";
interface Entry {
  /** Where package.json names it: `exports["./client"].require`, `bin.voucherify-customers-mock`. */
  label: string;
  /** Path under dist/<format>/, e.g. `src/client.js` or `src/client.d.ts`. */
  built: string;
  format: Format;
}

const DIST = join(ROOT, "dist");
/** Generated modules shipped once, as CommonJS, re-exported by dist/esm stubs. */
const SHIPPED_ONCE = ["generated/validators.js", "generated/mock-data.js", "generated/examples.js"];
/** Declaration files shipped once, in dist/cjs; dist/esm re-exports their types. */
const TYPES_SHIPPED_ONCE = ["generated/schema.d.ts"];
/** JSON the exports map names, written to dist/ without whitespace: target → source. */
const MINIFIED_JSON: Record<string, string> = { "dist/openapi.json": "generated/openapi.json", "dist/schemas": "generated/schemas" };
/** Modules dist/ replaces with lazy stand-ins: the stand-in's source → the module it loads on first call. */
const LAZY: Record<string, string> = { "src/root-validators.ts": "src/validators.ts" };
/** What the stand-ins run, compiled beside them in both formats. */
const LAZY_RUNTIME = "src/validators-lazy.ts";
/** The LAZY sources the entries reach: their stand-ins are written once the CommonJS tree is complete. */
const standIns = new Set<string>();
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

class BuildError extends Error {}

/** Files under `dir` (relative paths) whose names end with `suffix`. */
const filesIn = (dir: string, suffix: string, recursive = true): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive }).map(String).filter((file) => file.endsWith(suffix)) : [];

/** Every string target in an exports value, with the condition path that leads to it. */
function targets(value: unknown, label: string): Array<{ label: string; target: string }> {
  if (typeof value === "string") return [{ label, target: value }];
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, inner]) => targets(inner, `${label}.${key}`));
  return [];
}

function collectEntries(): { entries: Entry[]; files: Array<{ label: string; target: string }> } {
  const all = [
    ...targets(pkg.exports, "exports"),
    ...Object.entries(pkg.bin ?? {}).map(([name, target]) => ({ label: `bin.${name}`, target: String(target) })),
    ...["main", "types"].filter((field) => pkg[field]).map((field) => ({ label: field, target: String(pkg[field]) })),
  ];
  const entries: Entry[] = [];
  const files: Array<{ label: string; target: string }> = [];
  for (const { label, target } of all) {
    const match = /^\.\/dist\/(esm|cjs)\/(.+)\.(js|d\.ts)$/.exec(target);
    if (!match) {
      if (target.startsWith("./dist/") && !target.endsWith(".json")) {
        throw new BuildError(`${label} → ${target}: expected ./dist/esm/… or ./dist/cjs/… ending in .js or .d.ts, or minified .json.`);
      }
      files.push({ label, target });
      continue;
    }
    const [, format, stem, ext] = match as unknown as [string, Format, string, string];
    const source = `${stem}.ts`;
    if (!existsSync(join(ROOT, source))) throw new BuildError(`${label} → ${target}: its source ${source} does not exist.`);
    entries.push({ label, built: `${stem}.${ext}`, format });
  }
  return { entries, files };
}

/** The source files each format needs: whatever the entries import, followed by esbuild. */
async function reachable(sources: string[]): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: sources,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    packages: "external",
    outdir: "out",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
}

async function transpile(format: Format, files: string[]): Promise<void> {
  const code = files.filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"));
  // generated/*.js is machine output already (readable in the repository),
  // and the validators alone are megabytes: minified it ships at ~60 %.
  const generated = code.filter((file) => file.startsWith("generated/"));
  const lazy = code.filter((file) => Object.hasOwn(LAZY, file));
  for (const file of lazy) standIns.add(file);
  const handWritten = code.filter((file) => !file.startsWith("generated/") && !lazy.includes(file));
  const stubbed = format === "esm" ? generated.filter((file) => SHIPPED_ONCE.includes(file)) : [];
  await Promise.all([
    esbuildFormat(format, handWritten, false),
    esbuildFormat(format, generated.filter((file) => !stubbed.includes(file)), true),
    ...stubbed.map(reexportCommonJs),
  ]);
  for (const file of files.filter((file) => file.endsWith(".json"))) cpSync(join(ROOT, file), join(DIST, format, file));
  if (format === "cjs") for (const file of filesIn(join(DIST, "cjs"), ".js")) useBabelInterop(join(DIST, "cjs", file));
}

/**
 * dist/esm/<file>: named re-exports of dist/cjs/<file>, the one shipped copy,
 * through a small CommonJS bridge beside it that lists the names in esbuild's
 * annotation form. Node's ESM loader scans a CommonJS module for its export
 * names (cjs-module-lexer, in JavaScript on Node 20); scanning the 1.25 MB
 * validators took longer than compiling them, the bridge takes microseconds.
 * `module.exports = generated` is deliberately not `= require(…)`, which the
 * scanner would follow into the big module.
 */
async function reexportCommonJs(file: string): Promise<void> {
  const { metafile } = await esbuild.build({ entryPoints: [join(ROOT, file)], bundle: false, write: false, metafile: true, format: "esm", outdir: "out", logLevel: "silent" });
  const names = Object.values(metafile.outputs).flatMap((output) => output.exports).sort();
  if (!names.length) throw new BuildError(`${file}: no exports to re-export.`);
  const bridge = file.replace(/\.js$/, ".esm-bridge.js");
  const esm = join(DIST, "esm", file);
  const list = names.join(", ");
  mkdirSync(dirname(esm), { recursive: true });
  mkdirSync(dirname(join(DIST, "cjs", bridge)), { recursive: true });
  writeFileSync(
    join(DIST, "cjs", bridge),
    `"use strict";\n// For ES module importers: the names of ./${basename(file)}, the one shipped copy (scripts/build.ts).\nconst generated = require("./${basename(file)}");\nmodule.exports = generated;\n0 && (module.exports = { ${list} });\n`,
  );
  writeFileSync(esm, `// The CommonJS build is the one shipped copy of this generated module (scripts/build.ts).\nexport { ${list} } from "${relative(dirname(esm), join(DIST, "cjs", bridge))}";\n`);
}

/**
 * The stand-ins for each LAZY module reached, exports shaped like the
 * compiled module they stand for (described by loading it here), whose
 * functions load it on first call:
 *   dist/cjs/<stand-in>.js       `lazyExports(() => require("./<module>.js"), shape)`
 *   dist/esm/<stand-in>.js       the same, named exports, loading through
 *   dist/cjs/<stand-in>.load.js  `() => require(…)`, the one synchronous way an
 *                                ES module has to load without a `node:` import
 * The ES module carries the shape itself: re-exporting the CommonJS
 * stand-in by name cost Node's ESM loader about 14 ms more (scanning it,
 * binding 180 names). Both load the one CommonJS copy of the compiled module.
 */
function writeStandIns(): void {
  const requireBuilt = createRequire(join(DIST, "cjs/"));
  const specifier = (from: string, to: string) => {
    const path = relative(dirname(from), to);
    return path.startsWith(".") ? path : `./${path}`;
  };
  const js = (file: string) => file.replace(/\.ts$/, ".js");
  for (const source of standIns) {
    const [cjs, esm] = (["cjs", "esm"] as const).map((format) => join(DIST, format, js(source))) as [string, string];
    const loader = cjs.replace(/\.js$/, ".load.js");
    const eager = join(DIST, "cjs", js(LAZY[source]!));
    let shape: ExportShape;
    try {
      shape = describeExports(requireBuilt(eager));
    } catch (error) {
      throw new BuildError(`${source} (lazy ${LAZY[source]}): ${error instanceof Error ? error.message : String(error)}`);
    }
    const names = [...shape.functions, ...Object.keys(shape.guarded), ...Object.keys(shape.data), ...Object.keys(shape.records)].sort().join(", ");
    const loads = specifier(cjs, eager);
    const header = `// Stands in for ${loads} (CommonJS), which its functions load on first call (scripts/build.ts).`;
    mkdirSync(dirname(cjs), { recursive: true });
    mkdirSync(dirname(esm), { recursive: true });
    writeFileSync(
      cjs,
      `"use strict";\n${header}\nconst { lazyExports } = require("${specifier(cjs, join(DIST, "cjs", js(LAZY_RUNTIME)))}");\nmodule.exports = lazyExports(() => require("${loads}"), ${JSON.stringify(shape)});\n0 && (module.exports = { ${names} });\n`,
    );
    writeFileSync(loader, `"use strict";\n// How ${specifier(loader, esm)} loads ${loads} synchronously, on first call.\nmodule.exports = () => require("${loads}");\n`);
    writeFileSync(
      esm,
      `${header}\nimport { lazyExports } from "${specifier(esm, join(DIST, "esm", js(LAZY_RUNTIME)))}";\nimport load from "${specifier(esm, loader)}";\nexport const { ${names} } = lazyExports(load, ${JSON.stringify(shape)});\n`,
    );
  }
}

/** The JSON files the exports map names, without whitespace. */
function minifiedJson(): void {
  for (const [target, source] of Object.entries(MINIFIED_JSON)) {
    const pairs = source.endsWith(".json")
      ? [[source, target]]
      : filesIn(join(ROOT, source), ".json", false).map((file) => [join(source, file), join(target, file)]);
    for (const [from, to] of pairs as Array<[string, string]>) {
      mkdirSync(dirname(join(ROOT, to)), { recursive: true });
      writeFileSync(join(ROOT, to), JSON.stringify(JSON.parse(readFileSync(join(ROOT, from), "utf8"))));
    }
  }
}

async function esbuildFormat(format: Format, files: string[], minify: boolean): Promise<void> {
  if (!files.length) return;
  await esbuild.build({
    entryPoints: files.map((file) => join(ROOT, file)),
    minify,
    outbase: ROOT,
    outdir: join(DIST, format),
    bundle: false,
    format,
    platform: "neutral",
    target: "es2022",
    logLevel: "warning",
    // CommonJS: `import()` becomes `require()` (Jest's default CommonJS mode
    // cannot run `import()`), and import.meta, which has no CommonJS meaning,
    // fails the build rather than shipping `{}.url`.
    ...(format === "cjs" ? { supported: { "dynamic-import": false }, logOverride: { "empty-import-meta": "error" } } : {}),
  });
}

/**
 * esbuild converts a default import in a "type": "module" source with Node's
 * rule (`default` = the whole CommonJS exports object), right for ESM but not
 * for our CommonJS output: there `require("openapi-fetch")` returns its
 * `__esModule` build, whose default export is `exports.default`. So package
 * imports in dist/cjs take the Babel/TypeScript interop esbuild uses without
 * the node flag. (No esbuild option switches this per build.)
 */
function useBabelInterop(file: string): void {
  const code = readFileSync(file, "utf8");
  const fixed = code.replace(/__toESM\(require\(("[^".][^"]*")\), 1\)/g, "__toESM(require($1))");
  if (fixed !== code) writeFileSync(file, fixed);
}

/** Declarations for every entry source, written to dist/esm, then copied to dist/cjs. */
async function declarations(sources: string[]): Promise<void> {
  // noCheck: emit does not type-check the bodies first (that is
  // `npm run typecheck`'s job, run by test/types.test.ts); the build fails on
  // what breaks the declarations themselves: options, syntax, emit.
  const programFiles = await compileWithNativeTsc(
    join(ROOT, "tsconfig.build.json"),
    sources.map((file) => join(ROOT, file)),
    ["--noCheck"],
  ).catch((error: Error) => {
    throw new BuildError(`declarations:\n${error.message}`);
  });
  // generated/*.d.ts are inputs, not emitted: ship the ones the declarations use.
  for (const fileName of programFiles) {
    if (fileName.startsWith(`${GENERATED}/`)) cpSync(fileName, join(DIST, "esm", relative(ROOT, fileName)));
  }
  for (const file of filesIn(join(DIST, "esm"), ".d.ts")) cpSync(join(DIST, "esm", file), join(DIST, "cjs", file));
  // The big declaration file ships once too: types only, so the ESM side may
  // re-export the CommonJS copy (ESM importing CommonJS types works in every
  // resolution mode; the reverse would need TypeScript 5.8+).
  for (const file of TYPES_SHIPPED_ONCE) {
    const esm = join(DIST, "esm", file);
    if (!existsSync(esm)) continue;
    writeFileSync(esm, `// One shipped copy: the CommonJS tree's (scripts/build.ts).\nexport type * from "${relative(dirname(esm), join(DIST, "cjs", file)).replace(/\.d\.ts$/, ".js")}";\n`);
  }
}

function checkShipped(entries: Entry[], files: Array<{ label: string; target: string }>): void {
  for (const entry of entries) {
    if (!existsSync(join(DIST, entry.format, entry.built))) throw new BuildError(`${entry.label}: dist/${entry.format}/${entry.built} was not built.`);
  }
  for (const { label, target } of files) {
    // A pattern (`./generated/schemas/*.json`) must match at least one file.
    const [before, after] = target.split("*") as [string, string | undefined];
    const found = after === undefined ? existsSync(join(ROOT, target)) : filesIn(join(ROOT, dirname(before)), after).length > 0;
    if (!found) throw new BuildError(`${label} → ${target}: no such file in the package.`);
  }
}

try {
  const { entries, files } = collectEntries();
  rmSync(DIST, { recursive: true, force: true });
  const sourcesOf = (format: Format) => [...new Set(entries.filter((e) => e.format === format).map((e) => e.built.replace(/(\.d)?\.(js|ts)$/, ".ts")))];
  for (const format of ["esm", "cjs"] as const) {
    const sources = sourcesOf(format);
    // The stand-ins need the runtime in both formats and the CommonJS modules they load, whichever format reached them.
    const lazy = [LAZY_RUNTIME, ...Object.values(LAZY)];
    if (sources.length) await transpile(format, await reachable([...sources, ...lazy]));
  }
  mkdirSync(join(DIST, "cjs"), { recursive: true });
  writeFileSync(join(DIST, "cjs/package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  writeStandIns();
  await declarations([...new Set([...sourcesOf("esm"), ...sourcesOf("cjs")])]);
  minifiedJson();
  checkShipped(entries, files);
  console.log(`built ${relative(ROOT, DIST)}/{esm,cjs} for ${entries.length} entry targets`);
} catch (error) {
  console.error(`build failed: ${error instanceof BuildError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
