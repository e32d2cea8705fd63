// An esbuild plugin for bundles of this repository's TypeScript modules
// (scripts/run.mjs, and the pipeline's workers through
// scripts/lib/generate/import-typescript.mjs): each module keeps its own
// `import.meta.url`, `.filename` and `.dirname`, which the bundle's would
// replace (project-paths.ts finds the repository with them; workers and
// `createRequire` are found from them). A module that resolves a relative
// path with `import.meta.resolve` is refused: from the bundle it would name
// another file. Plain JavaScript, so that Node runs it as it is.
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

export const ownImportMeta = {
  name: "own-import-meta",
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, async ({ path }) => {
      const contents = (await readFile(path, "utf8"))
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(path).href))
        .replaceAll("import.meta.filename", JSON.stringify(path))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(path)));
      if (/import\.meta\.resolve\(\s*["'`]\./.test(contents)) throw new Error(`${path} resolves a relative path with import.meta.resolve, which a bundle cannot carry`);
      return { contents, loader: "ts" };
    });
  },
};
