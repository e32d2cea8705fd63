// The static docs site `npm run site` writes: the current docs, one docs page
// per released version, the changelog, the bundled spec and the JSON Schemas.
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

export async function buildSite({ repo, specRoot, log = () => {} }: SiteOptions): Promise<Map<string, string>> {
  const { document } = await lintAndBundle(specRoot);
  const currentVersion = String(document.info?.version);
  parseVersion(currentVersion); // a clear error for a version the menu and the changelog cannot order
  const current: Release = { version: currentVersion, document };
  // A tag of the current version is the working tree's own release: the tree wins.
  const tagged = await loadReleases(repo);
  const currentTag = tagged.find((r) => r.version === currentVersion);
  if (currentTag) Object.assign(current, { tag: currentTag.tag, date: currentTag.date });
  const releases = [current, ...tagged.filter((r) => r !== currentTag)].sort((a, b) => compareVersions(parseVersion(a.version), parseVersion(b.version)));
  const versions: MenuVersion[] = releases.map((r) => ({ version: r.version, current: r === current }));
  const menu = (shown: string, root: string) => versionMenu(versions, shown, root);

  const files = new Map<string, string>();
  for (const release of releases) {
    log(`docs of ${release.version}${release === current ? " (current)" : ` (${release.tag})`}`);
    const html = await docsPage(release);
    files.set(`v/${release.version}/index.html`, withMenu(html, menu(release.version, "../../")));
    if (release === current) files.set("index.html", withMenu(html, menu(release.version, "")));
  }
  log("changelog");
  files.set("changelog.html", changelogPage(await changelogEntries(releases), menu(currentVersion, "")));
  for (const [file, content] of bundledSpecFiles(document)) files.set(file, content);
  const schemas = generateJsonSchemas(document);
  for (const [file, content] of schemas) files.set(file, content);
  const names = [...schemas.keys()].map((file) => file.slice("schemas/".length, -".json".length));
  files.set("schemas/index.html", schemaIndexPage(names, menu(currentVersion, "../")));
  return files;
}
