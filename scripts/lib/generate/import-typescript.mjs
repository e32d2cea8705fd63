// Loads this repository's TypeScript modules in a worker thread without a
// TypeScript loader. Registering tsx in a worker starts a loader thread of
// its own and sends every module through its hooks: about 0.4 s of processor
// time per worker. Instead esbuild (a dependency already) bundles the modules
// the worker names into one ES module, imported from a data: URL; packages
// stay outside it, imported from node_modules as by any plain .mjs file, so a
// package the worker has loaded already is not loaded again.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ownImportMeta } from "../own-import-meta.mjs";

/** Bare specifiers (packages, node: builtins) become the absolute URLs Node resolves them to: a data: URL module can import only those. */
const packagesByUrl = {
  name: "packages-by-url",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path }) => ({ path: import.meta.resolve(path), external: true }));
  },
};

/** The modules at `urls` (TypeScript files of this repository, and what they import), in that order, loaded as one bundle. */
export async function importTypeScript(...urls) {
  const entry = urls.map((url, i) => `export * as m${i} from ${JSON.stringify(fileURLToPath(url))};`).join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL(".", import.meta.url)), sourcefile: "worker-modules.js", loader: "js" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    plugins: [packagesByUrl, ownImportMeta],
  });
  const bundle = await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0].text)}`);
  return urls.map((_, i) => bundle[`m${i}`]);
}
