// A fresh copy of the mock engine that answers from a given generated/
// folder, for `npm run dev`: the engine's modules import generated/ at load
// time, and Node keeps a module once loaded (a cache-busting `?v=` on the
// entry would still share every module it imports). So the engine and that
// folder's generated modules are bundled into one new module (esbuild, which
// the generator already uses) and loaded from a file of its own; each
// reload gets its own copy of every module. The bundle is CommonJS, loaded
// with require(): Node reads it as it is, where an `import()` inside vitest
// would first run the megabytes of validators through Vite's transform.
import { createRequire } from "node:module";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { build, type Plugin } from "esbuild";
import type { createMockEngine as CreateMockEngine } from "../../../src/mock/engine.js";
import type { customerProblems as CustomerProblems } from "../../../src/mock/customer-checks.js";
import { GENERATED, ROOT } from "../project-paths.js";

export interface EngineModule {
  createMockEngine: typeof CreateMockEngine;
  /** What the new engine would refuse in a customer it starts with (empty: it keeps it). */
  customerProblems: typeof CustomerProblems;
}

/** Points the engine's `../../generated/*` imports at `generatedDir`. */
function generatedFrom(generatedDir: string): Plugin {
  return {
    name: "generated-from",
    setup(build) {
      build.onResolve({ filter: /generated\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(GENERATED + sep)) return undefined;
        return { path: join(generatedDir, relative(GENERATED, target)) };
      });
    },
  };
}

let loads = 0;

/**
 * Bundles src/mock/engine.ts with the modules of `generatedDir` into
 * `scratchDir`, imports it, and returns its factory and its check of a
 * starting customer.
 * Rejects (with esbuild's or the module's message) when the folder's modules
 * do not load; the caller keeps its engine then.
 */
export async function loadEngine(generatedDir: string, scratchDir: string): Promise<EngineModule> {
  const entry = [
    `export { createMockEngine } from ${JSON.stringify(join(ROOT, "src/mock/engine.ts"))};`,
    `export { customerProblems } from ${JSON.stringify(join(ROOT, "src/mock/customer-checks.ts"))};`,
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "cjs",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
    plugins: [generatedFrom(resolve(generatedDir))],
  });
  await mkdir(scratchDir, { recursive: true });
  const file = join(scratchDir, `mock-engine-${process.pid}-${++loads}.cjs`);
  await writeFile(file, result.outputFiles[0]!.contents);
  return createRequire(import.meta.url)(file) as EngineModule;
}
