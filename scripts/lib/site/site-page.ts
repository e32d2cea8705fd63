// The site's own small pages (changelog, schema list) and the version menu
// that every page, Redoc's included, carries. Plain HTML and CSS: no script,
// nothing from the network (the pages' Content-Security-Policy says so to the
// browser), relative links so the site works under any path.

import { withContentSecurityPolicy } from "../docs/content-security-policy.js";
import { escapeHtml } from "../docs/escape-html.js";

export interface MenuVersion {
  version: string;
  current: boolean;
}

/**
 * The menu: a box in the bottom-right corner (Redoc's sidebar and search stay
 * uncovered) with the versions, the changelog and the downloads. `root` is the
 * way back to the site's root from the page ("" or "../../"); `downloads` the
 * way to the folder with the shown version's openapi.json, openapi.yaml and
 * schemas/ (the root's for the current version, v/<version>/ for each version).
 */
export function versionMenu(versions: MenuVersion[], shown: string, root: string, downloads: string): string {
  const links = versions
    .map(({ version, current }) => {
      const label = `${escapeHtml(version)}${current ? " (current)" : ""}`;
      return `<li><a href="${root}v/${encodeURIComponent(version)}/index.html"${version === shown ? ' aria-current="page"' : ""}>${label}</a></li>`;
    })
    .join("");
  return `<nav id="site-menu" aria-label="Versions and downloads"><style>
#site-menu{position:fixed;right:16px;bottom:16px;z-index:10000;background:#fff;color:#1a1a1a;border:1px solid #ccc;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.15);font:14px/1.4 system-ui,sans-serif;padding:6px 10px;max-width:260px}
#site-menu summary{cursor:pointer;font-weight:600}
#site-menu ul{list-style:none;margin:6px 0;padding:0;max-height:40vh;overflow:auto}
#site-menu a{color:#0b57d0}
#site-menu a[aria-current]{font-weight:700}
#site-menu .downloads{border-top:1px solid #eee;padding-top:6px}
</style><details><summary>Version ${escapeHtml(shown)}</summary>
<ul>${links}</ul>
<div class="downloads"><a href="${root}index.html">Latest docs</a> · <a href="${root}changelog.html">Changelog</a><br><a href="${downloads}openapi.json">openapi.json</a> · <a href="${downloads}openapi.yaml">openapi.yaml</a> · <a href="${downloads}schemas/index.html">JSON Schemas</a></div>
</details></nav>`;
}

/** Puts the menu right after `<body>` of a page (Redoc's or ours). */
export function withMenu(html: string, menu: string): string {
  const body = /<body[^>]*>/.exec(html);
  if (!body) throw new Error("the docs page has no <body> to put the version menu in");
  return `${html.slice(0, body.index + body[0].length)}\n${menu}${html.slice(body.index + body[0].length)}`;
}

export function sitePage(title: string, menu: string, content: string): string {
  return withContentSecurityPolicy(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem 6rem;color:#1a1a1a}
code{font:0.9em ui-monospace,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px}
h2 .date{font-size:.8em;font-weight:400;color:#555}
.badge{font-size:.7em;vertical-align:middle;background:#9f1d20;color:#fff;border-radius:4px;padding:2px 6px}
h3.breaking{color:#9f1d20}
section.has-breaking{border-left:4px solid #9f1d20;padding-left:12px}
.against{color:#555}
</style>
</head>
<body>
${menu}
${content}
</body>
</html>
`);
}

/** schemas/index.html: the JSON Schema files, one link each. */
export function schemaIndexPage(names: string[], menu: string): string {
  const items = names.map((name) => `<li><a href="${encodeURIComponent(name)}.json">${escapeHtml(name)}.json</a></li>`).join("\n");
  return sitePage(
    "JSON Schemas",
    menu,
    `<h1>JSON Schemas</h1>
<p>Every component schema as a standalone JSON Schema 2020-12 document: the components it references are bundled into its <code>$defs</code>, so each file validates on its own.</p>
<ul>
${items}
</ul>`,
  );
}
