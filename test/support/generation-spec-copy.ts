// A copy of openapi/ that serves only some of its paths, for the tests that
// run the pipeline or `npm run dev` on a spec of their own. Linting and
// generating the other paths (the activity lists most of all) costs seconds
// of CPU per run and proves nothing more to those tests: the copy of the
// full spec lints in about 2 s, one path of it in 0.2 s.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ROOT } from "../../scripts/lib/project-paths.js";

export type SpecEdit = [file: string, change: (text: string) => string];

/**
 * Copies openapi/ to `dir`, keeps only `paths` in its root file, then applies
 * each edit (to the root file as rewritten, for `openapi.yaml`). Returns the
 * copy's root file. An edit that changes nothing throws: the spec moved on.
 */
export function copySpec(dir: string, paths: string[], edits: SpecEdit[] = []): string {
  cpSync(join(ROOT, "openapi"), dir, { recursive: true });
  const rootFile = join(dir, "openapi.yaml");
  const root = parse(readFileSync(rootFile, "utf8"));
  root.paths = Object.fromEntries(
    paths.map((path) => {
      if (!root.paths?.[path]) throw new Error(`openapi/openapi.yaml has no path ${path}`);
      return [path, root.paths[path]];
    }),
  );
  writeFileSync(rootFile, stringify(root));
  for (const [file, change] of edits) {
    const path = join(dir, file);
    const before = readFileSync(path, "utf8");
    const after = change(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing: the spec moved on, update the test`);
    writeFileSync(path, after);
  }
  return rootFile;
}
