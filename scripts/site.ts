// `npm run site [-- --out site]`: builds the static docs site into site/
// (ignored by git), ready for any static host: index.html, openapi.json/.yaml
// and schemas/<Name>.json of the current version (the newest of the working
// tree and the v* tags), the same under v/<version>/ for each of them, and
// changelog.html.
import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildSite } from "./lib/site/build-site.js";
import { checkGitRepository } from "./lib/site/release-specs.js";
import { ROOT } from "./lib/project-paths.js";
import { reportFailure } from "./lib/spec/report-failure.js";

const HELP = `npm run site -- [options]
  --out <folder>   where to write the site (default site/); its old content is replaced
  --repo <folder>  the git repository whose v* tags are the released versions (default: this one);
                   the newest of its versions and the spec's is the site's current one
  --spec <file>    the current spec's root file (default openapi/openapi.yaml)`;

try {
  const { values } = parseArgs({
    options: { out: { type: "string", default: "site" }, repo: { type: "string" }, spec: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const out = resolve(values.out!);
  // The folder is replaced, so it must be a site folder, not the repository or some other folder.
  if (out === ROOT || resolve(ROOT, "..") === out || (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, "changelog.html")))) {
    throw new Error(`--out ${values.out} is not empty and is not a site built before; pick an empty or new folder`);
  }
  // Named on purpose, a folder without tags to read is a mistake, not a site without old versions.
  if (values.repo) checkGitRepository(resolve(values.repo));
  const started = performance.now();
  const files = await buildSite({
    repo: values.repo ? resolve(values.repo) : ROOT,
    ...(values.spec ? { specRoot: resolve(values.spec) } : {}),
    log: (line) => console.log(`▸ ${line}`),
  });
  await rm(out, { recursive: true, force: true });
  for (const [file, content] of files) {
    await mkdir(dirname(join(out, file)), { recursive: true });
    await writeFile(join(out, file), content);
  }
  const versions = [...files.keys()].filter((f) => /^v\/[^/]+\/index\.html$/.test(f)).length;
  console.log(`wrote ${relative(process.cwd(), out) || "."}/: ${files.size} files, ${versions} version(s), in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  reportFailure(error, "Building the site");
}
