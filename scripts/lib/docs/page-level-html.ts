// Redoc renders the HTML in a description as it is, minus scripts, event
// handlers and javascript: URLs. React then hoists some elements into the
// page's <head>, or they act on the whole page wherever they stand: a
// <meta http-equiv="refresh"> sends every reader to another address, a <base>
// re-points every relative link, a <style> restyles the page, a <title>
// renames it. No Content-Security-Policy stops a refresh, so a spec that holds
// one of these fails the docs build, naming where. (The page's policy,
// content-security-policy.ts, blocks what loads: images, frames, media.) The
// lint's no-unsafe-markdown rule catches <script>, on* and javascript: in the
// working tree's spec, not these, and a released tag's spec is not linted.
import { SpecError } from "../spec/spec-error.js";

const PAGE_LEVEL = ["base", "link", "meta", "script", "style", "title"] as const;
/** The ones React moves into <head>, whatever their place. */
const HOISTED = new Set(["link", "meta", "title"]);
/** Data, not markdown: an example's value or a schema's default may hold any text. */
const DATA_KEYS = new Set(["example", "value", "default", "const", "enum"]);
/** Maps whose keys are names (a property may be called `description` or `value`). */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "schemas"]);
const OPENING_TAG = new RegExp(`<(${PAGE_LEVEL.join("|")})(?=[\\s/>])`, "gi");

/** The markdown without its code: fenced blocks and inline code spans, where an element is text. */
const withoutCode = (markdown: string) =>
  markdown.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, "").replace(/(`+)[\s\S]*?\1/g, "");

/** Where a value is, as a reader of the spec writes it: `paths./v1/customers.get.description`, `tags[0].description`. */
const join = (where: string, key: string | number) => (typeof key === "number" ? `${where}[${key}]` : where ? `${where}.${key}` : key);

/** Throws a SpecError naming every description (or summary) that holds such an element. */
export function checkPageLevelHtml(document: unknown): void {
  const problems: string[] = [];
  const visit = (value: unknown, where: string, names = false) => {
    if (Array.isArray(value)) return value.forEach((item, i) => visit(item, join(where, i)));
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      const at = join(where, key);
      if (names) visit(child, at);
      else if ((key === "description" || key === "summary") && typeof child === "string") {
        const found = new Set([...withoutCode(child).matchAll(OPENING_TAG)].map((m) => m[1]!.toLowerCase()));
        for (const element of found) {
          const hoisted = HOISTED.has(element) ? " (Redoc puts it in the page's <head>)" : "";
          problems.push(`${at}: a <${element}> element acts on the whole docs page${hoisted}; write it as text, or in \`code\``);
        }
      } else if (!DATA_KEYS.has(key)) visit(child, at, NAME_MAPS.has(key));
    }
  };
  visit(document, "");
  if (problems.length > 0) throw new SpecError(problems);
}
