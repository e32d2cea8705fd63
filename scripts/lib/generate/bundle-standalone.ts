// Bundles AJV standalone code behind a small entry module into one
// platform-neutral ES module (the runtime pieces AJV's code requires are
// inlined). Shared by the validators and the mock data generators.
import { build, type Plugin } from "esbuild";
import { ROOT } from "../project-paths.js";

/** `root` is the checkout the entry's imports resolve from (the repository; another only in tests). */
export async function bundleStandalone(entry: string, compiled: string, sourcefile: string, plugins: Plugin[] = [], root = ROOT): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile, loader: "js" },
    absWorkingDir: root,
    // esbuild names each bundled module by its path from the root (in a comment and a
    // key); resolving a symlinked node_modules would put the link's target there
    // and make `generate --check` see a stale file in such a checkout.
    preserveSymlinks: true,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    legalComments: "none",
    minifySyntax: true,
    logLevel: "silent",
    plugins: [
      ...plugins,
      {
        // The entry imports the compiled code as `virtual:ajv-standalone`.
        name: "ajv-standalone",
        setup(b) {
          b.onResolve({ filter: /^virtual:ajv-standalone$/ }, () => ({ path: "ajv-standalone", namespace: "virtual" }));
          b.onLoad({ filter: /.*/, namespace: "virtual" }, () => ({ contents: compiled, resolveDir: root, loader: "js" }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}
