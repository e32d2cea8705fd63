// The static docs site `npm run site` writes: the current (newest) version's
// docs, spec and JSON Schemas at the root, each version's under v/<version>/,
// and the changelog.
// Returned as files keyed by their path under site/; writing is the CLI's job.
import { withCodeSamples } from "../docs/code-samples.js";
import { generateDocs } from "../docs/generate-docs.js";
import { bundledSpecFiles } from "../generate/bundled-spec-files.js";
import { generateJsonSchemas } from "../generate/generate-json-schemas.js";
import { lintAndBundle } from "../spec/bundle-spec.js";
import { SpecError } from "../spec/spec-error.js";
import { changelogEntries, changelogPage } from "./changelog-page.js";
import { compareVersions, loadReleases, type Release } from "./release-specs.js";
import { parseVersion } from "../breaking/semver.js";
import { schemaIndexPage, versionMenu, withMenu, type MenuVersion } from "./site-page.js";

export interface SiteOptions {
  /** The git repository whose `v*` tags are the released versions. */
  repo: string;
  /** The current spec (openapi/openapi.yaml of the working tree). */
  specRoot?: string;
  /** Progress lines, one per page built. */
  log?: (line: string) => void;
}

/** A released spec's docs; an old spec may lack what today's code samples need, so it is shown without them. */
async function docsPage(release: Release): Promise<string> {
  let document = release.document;
  try {
    document = withCodeSamples(release.document);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
  }
  try {
    return await generateDocs(document);
  } catch (error) {
    throw new Error(`building the docs of ${release.tag ?? release.version} failed: ${(error as Error).message}`);
  }
}

/** A release's spec and JSON Schemas, under `folder` ("" for the root, "v/<version>/"), with the schemas' index page. */
function downloads(release: Release, folder: string, menu: (root: string, own: string) => string): Array<[string, string]> {
  let schemas: Map<string, string>;
  try {
    schemas = generateJsonSchemas(release.document);
  } catch (error) {
    throw new Error(`building the JSON Schemas of ${release.tag ?? release.version} failed: ${(error as Error).message}`);
  }
  const names = [...schemas.keys()].map((file) => file.slice("schemas/".length, -".json".length));
  const root = `${"../".repeat(folder.split("/").filter(Boolean).length)}../`;
  return [
    ...bundledSpecFiles(release.document),
    ...schemas,
    ["schemas/index.html", schemaIndexPage(names, menu(root, "../"))] as [string, string],
  ].map(([file, content]) => [`${folder}${file}`, content]);
}

export async function buildSite({ repo, specRoot, log = () => {} }: SiteOptions): Promise<Map<string, string>> {
  const { document } = await lintAndBundle(specRoot);
  const treeVersion = String(document.info?.version);
  parseVersion(treeVersion); // a clear error for a version the menu and the changelog cannot order
  const tree: Release = { version: treeVersion, document };
  // A tag of the working tree's version is the tree's own release: the tree wins.
  const tagged = await loadReleases(repo);
  const treeTag = tagged.find((r) => r.version === treeVersion);
  if (treeTag) Object.assign(tree, { tag: treeTag.tag, date: treeTag.date });
  // Newest first; the sort is stable and the tree comes first, so it wins a tie.
  const releases = [tree, ...tagged.filter((r) => r !== treeTag)].sort((a, b) => compareVersions(parseVersion(a.version), parseVersion(b.version)));
  // The site's current version (index.html, the root's downloads, "(current)")
  // is the newest one, not the checked-out one: a site built from a backport's
  // tag (v0.1.1 after v0.2.0) still shows 0.2.0 first.
  const current = releases[0]!;
  const versions: MenuVersion[] = releases.map((r) => ({ version: r.version, current: r === current }));
  const menuOf = (shown: string) => (root: string, own: string) => versionMenu(versions, shown, root, own);

  const files = new Map<string, string>();
  for (const release of releases) {
    const menu = menuOf(release.version);
    log(`docs of ${release.version}${release === tree ? " (working tree)" : ` (${release.tag})`}${release === current ? ", current" : ""}`);
    const html = await docsPage(release);
    const folder = `v/${release.version}/`;
    files.set(`${folder}index.html`, withMenu(html, menu("../../", "")));
    for (const [file, content] of downloads(release, folder, menu)) files.set(file, content);
    if (release === current) {
      files.set("index.html", withMenu(html, menu("", "")));
      for (const [file, content] of downloads(release, "", menu)) files.set(file, content);
    }
  }
  log("changelog");
  files.set("changelog.html", changelogPage(await changelogEntries(releases), current.version, menuOf(current.version)("", "")));
  return files;
}
