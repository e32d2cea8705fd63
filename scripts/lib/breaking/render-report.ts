// The guard's console report: one row per change, then the verdict.
import { describeLocation, type Change } from "./change.js";
import { changelogLines } from "./changelog.js";
import type { Verdict } from "./verdict.js";

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}

export function renderReport(changes: readonly Change[], verdict: Verdict, baseLabel: string): string {
  const lines = [`Breaking-change guard: openapi/ (${verdict.headVersion}) against ${baseLabel} (${verdict.baseVersion})`, ""];
  if (changes.length === 0) lines.push("No differences that a client can see.");
  else {
    lines.push(
      ...table([
        ["class", "bump", "rule", "location", "change"],
        ...changes.map((c) => [c.class, c.bump, c.rule, describeLocation(c), c.message]),
      ]),
    );
    const count = changes.filter((c) => c.class === "breaking").length;
    lines.push("", `${changes.length} change(s): ${count} breaking, ${changes.length - count} non-breaking; they need a ${verdict.required} bump.`);
    lines.push("", "Changelog lines:", "", ...changelogLines(changes));
  }
  lines.push(verdict.summary);
  return lines.join("\n");
}
