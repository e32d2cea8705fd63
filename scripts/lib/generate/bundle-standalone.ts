// Bundles AJV standalone code behind a small entry module into one
// platform-neutral ES module (the runtime pieces AJV's code requires are
// inlined). Shared by the validators and the mock data generators.
import { build, type Plugin } from "esbuild";
import { ROOT } from "../project-paths.js";

export async function bundleStandalone(entry: string, compiled: string, sourcefile: string, plugins: Plugin[] = []): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile, loader: "js" },
    absWorkingDir: ROOT,
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
          b.onLoad({ filter: /.*/, namespace: "virtual" }, () => ({ contents: compiled, resolveDir: ROOT, loader: "js" }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}
