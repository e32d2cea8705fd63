// The verify report: one row per operation, then every distinct violation
// with its JSON Pointer and the first request that got it.
import type { Plan } from "./operation-plan.js";
import type { OperationResult } from "./run-verification.js";

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

const shownPointer = (where: string, pointer: string) => (where !== "body" ? where : pointer === "" ? "(body)" : pointer);

export function renderResults(results: readonly OperationResult[], plan: Plan, header: string): string {
  const lines = [header, ""];
  const rows = [["operation", "calls", "conforming", "violations", "statuses", "notes"]];
  for (const r of results) {
    const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ");
    const notes = [r.timedOut ? "stopped at the time limit" : "", r.dropped > 0 ? `${r.dropped} generated request(s) dropped as invalid` : ""].filter(Boolean).join("; ");
    rows.push([r.id, String(r.calls), String(r.conforming), String(r.violations.reduce((n, v) => n + v.count, 0)), statuses, notes]);
  }
  for (const s of plan.skipped) rows.push([s.id, "-", "-", "-", "", `skipped: ${s.reason}`]);
  lines.push(...table(rows));
  for (const r of results.filter((x) => x.violations.length > 0)) {
    lines.push("", `${r.id} (${r.method.toUpperCase()} ${r.path}):`);
    for (const v of r.violations) lines.push(`  ${shownPointer(v.where, v.pointer)}: ${v.message}  [${v.count}×, first: ${v.firstSeen}]`);
  }
  const total = results.reduce((n, r) => n + r.calls, 0);
  const bad = results.reduce((n, r) => n + r.calls - r.conforming, 0);
  lines.push("", bad === 0 ? `OK: ${total} answer(s), all conform to the spec.` : `FAIL: ${bad} of ${total} answer(s) do not conform to the spec.`);
  return lines.join("\n");
}
