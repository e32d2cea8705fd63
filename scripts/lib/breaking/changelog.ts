// CHANGELOG.md entries from the guard's findings: one line per distinct
// change, with every operation it touches, grouped by class. The same section
// is rewritten when the guard runs again for the same version.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import type { Change } from "./change.js";

const HEADINGS: Array<[string, (c: Change) => boolean]> = [
  ["Breaking changes", (c) => c.class === "breaking"],
  ["Added and changed", (c) => c.class === "non-breaking" && c.bump !== "patch"],
  ["Documentation", (c) => c.bump === "patch"],
];

export function changelogLines(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  for (const [heading, belongs] of HEADINGS) {
    const groups = new Map<string, { where: string; message: string; operations: string[] }>();
    for (const change of changes.filter(belongs)) {
      const where = [change.part, change.pointer && `\`${change.pointer}\``].filter(Boolean).join(" ");
      const key = `${where}|${change.message}`;
      const group = groups.get(key) ?? { where, message: change.message, operations: [] };
      if (change.operation !== "spec" && !group.operations.includes(change.operation)) group.operations.push(change.operation);
      groups.set(key, group);
    }
    if (groups.size === 0) continue;
    lines.push(`### ${heading}`, "");
    for (const { where, message, operations } of groups.values()) {
      const scope = [operations.map((o) => `\`${o}\``).join(", "), where].filter(Boolean).join(" · ");
      lines.push(`- ${scope ? `${scope}: ` : ""}${message}`);
    }
    lines.push("");
  }
  return lines;
}

const INTRO = [
  "# Changelog",
  "",
  "Entries are written by the breaking-change guard (`npm run breaking -- --changelog`),",
  "from the differences between the spec and its last release. `info.version` in",
  "`openapi/openapi.yaml` is the package version.",
  "",
].join("\n");

/** Writes or replaces the section of `title` (a version, or "Unreleased"), newest first. */
export function writeChangelog(file: string, title: string, date: string, lines: readonly string[]): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : INTRO;
  const heading = `## ${title}`;
  const body = lines.length > 0 ? lines : ["No changes to the contract.", ""];
  const section = `${heading}${title === "Unreleased" ? "" : ` (${date})`}\n\n${body.join("\n").trimEnd()}\n\n`;
  const sections = text.split(/^(?=## )/m);
  const intro = sections[0]!.startsWith("## ") ? "" : sections.shift()!;
  // A version's section supersedes "Unreleased": the guard diffed the same base again.
  const replaced = (s: string) => [heading, "## Unreleased"].some((h) => s.startsWith(`${h}\n`) || s.startsWith(`${h} (`));
  const kept = sections.filter((s) => !replaced(s));
  writeFileSync(file, `${intro.trimEnd()}\n\n${section}${kept.join("")}`.replace(/\n{3,}/g, "\n\n"));
}
