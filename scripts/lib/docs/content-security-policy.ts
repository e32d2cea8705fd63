// The Content-Security-Policy every generated page carries, as a <meta> first
// in its <head>, so the browser itself keeps the page offline and script-free
// whatever the spec's descriptions hold: Redoc renders a description's
// <img src>, <iframe>, <object>, <video> and <form> as they are, and this
// refuses their loads (page-level-html.ts refuses what no policy stops).
// Scripts: only the page's own inline ones, by hash; styles inline (Redoc's
// styled-components and the site's menu); images and fonts only data: and
// blob: (the Redocly mark, the icon). Redoc's search probes for a worker by
// compiling a string (flexsearch); refused, it searches without one.
import { createHash } from "node:crypto";

const INLINE_SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
const ALWAYS = "default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'";

/** The hash a browser checks an inline script against (it reads line ends as \n). */
const scriptHash = (text: string) => `'sha256-${createHash("sha256").update(text.replace(/\r\n?/g, "\n"), "utf8").digest("base64")}'`;

/** The policy of a page: its inline scripts by hash, or no script at all. */
export function pagePolicy(html: string): string {
  const hashes = [...new Set([...html.matchAll(INLINE_SCRIPT)].map((m) => scriptHash(m[1]!)))];
  return `${ALWAYS}; script-src ${hashes.length > 0 ? hashes.join(" ") : "'none'"}`;
}

/** The page with its policy first in <head>; call it last, after every change to the page's scripts. */
export function withContentSecurityPolicy(html: string): string {
  const head = /<head>/i.exec(html);
  if (!head) throw new Error("the page has no <head> to put its Content-Security-Policy in");
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n  <meta http-equiv="Content-Security-Policy" content="${pagePolicy(html)}">${html.slice(at)}`;
}
