// changelog.html: what changed in each version, newest first, from the
// breaking-change guard's classification (the same lines `npm run breaking --
// --changelog` writes to CHANGELOG.md), with breaking changes marked.
import { changelogLines } from "../breaking/changelog.js";
import { diffSpecs } from "../breaking/diff-specs.js";
import { EMPTY_BASE, loadBaseSpec } from "../breaking/base-spec.js";
import type { Change } from "../breaking/change.js";
import { escapeHtml } from "../docs/escape-html.js";
import { sitePage } from "./site-page.js";
import type { Release } from "./release-specs.js";

export interface ChangelogEntry {
  release: Release;
  /** What it was compared with: the previous version, or nothing for the first. */
  previous?: string;
  changes: Change[];
}

/** Each version against the one before it; the oldest against an empty spec. */
export async function changelogEntries(releases: Release[]): Promise<ChangelogEntry[]> {
  const empty = (await loadBaseSpec(EMPTY_BASE)).document;
  return releases.map((release, i) => {
    const previous = releases[i + 1];
    return { release, ...(previous ? { previous: previous.version } : {}), changes: diffSpecs(previous?.document ?? empty, release.document) };
  });
}

/** The guard's markdown lines (### headings, - items with `code`) as HTML. */
function linesToHtml(lines: string[]): string {
  const html: string[] = [];
  let list = false;
  const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
  for (const line of lines) {
    if (line.startsWith("- ")) {
      if (!list) html.push("<ul>");
      list = true;
      html.push(`<li>${inline(line.slice(2))}</li>`);
      continue;
    }
    if (list) html.push("</ul>");
    list = false;
    if (line.startsWith("### ")) {
      const heading = line.slice(4);
      html.push(`<h3${heading === "Breaking changes" ? ' class="breaking"' : ""}>${inline(heading)}</h3>`);
    }
  }
  if (list) html.push("</ul>");
  return html.join("\n");
}

/** `current`: the site's current version, the newest (an untagged working tree is "current" only when it is the newest). */
export function changelogPage(entries: ChangelogEntry[], current: string, menu: string): string {
  const sections = entries.map(({ release, previous, changes }) => {
    const breaking = changes.filter((c) => c.class === "breaking").length;
    const title = `<a href="v/${encodeURIComponent(release.version)}/index.html">${escapeHtml(release.version)}</a>`;
    const untagged = release.version === current ? "current, not yet tagged" : "not yet tagged";
    const when = release.tag ? (release.date ? ` <span class="date">${release.date}</span>` : "") : ` <span class="date">${untagged}</span>`;
    const badge = breaking ? ` <span class="badge">${breaking} breaking</span>` : "";
    const against = previous ? `Compared with ${escapeHtml(previous)}.` : "The first release: every operation is new.";
    const body = changes.length ? linesToHtml(changelogLines(changes)) : "<p>No changes to the contract.</p>";
    return `<section id="v${escapeHtml(release.version)}"${breaking ? ' class="has-breaking"' : ""}>
<h2>${title}${when}${badge}</h2>
<p class="against">${against}</p>
${body}
</section>`;
  });
  return sitePage("Changelog", menu, `<h1>Changelog</h1>\n${sections.join("\n")}`);
}
