// The text report: one row per operation, then each failed check of each
// operation with its smallest request, a curl line and the seed, then one
// summary line a CI log can be searched for.
import type { CheckName } from "./checks.js";
import type { Failure, OperationResult, VerifyReport } from "./run-verification.js";

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
}

/** Failures of one operation grouped by check, in the order the checks were run. */
export function failedChecks(result: OperationResult): Array<[CheckName, Failure[]]> {
  return (Object.entries(result.checks) as Array<[CheckName, { failures: Failure[] }]>).filter(([, o]) => o.failures.length > 0).map(([name, o]) => [name, o.failures]);
}

const answers = (failures: Failure[]) => failures.reduce((n, f) => n + f.count, 0);
const bySize = (a: Failure, b: Failure) => a.request.length - b.request.length;

function renderFailure(failure: Failure): string[] {
  const lines = [`  ${failure.pointer !== undefined ? `${failure.pointer || "(body)"}: ` : ""}${failure.message}`];
  for (const [i, step] of (failure.sequence ?? []).entries()) lines.push(`    step ${i + 1}: ${step}`);
  lines.push(`    ${failure.shrunk ? "smallest request (shrunk)" : failure.sequence ? "then" : "request"}: ${failure.request}${failure.status !== null ? ` -> ${failure.status}` : ""}`);
  lines.push(`    reproduce: ${failure.curl}`);
  lines.push(`    seed ${failure.seed ?? "-"}, phase ${failure.phase}, seen ${failure.count}×`);
  return lines;
}

export function renderResults(report: VerifyReport, header: string): string {
  const lines = [header, ""];
  const rows = [["operation", "calls", "statuses", "failed checks", "notes"]];
  for (const r of report.operations) {
    const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(" ");
    const failed = failedChecks(r).map(([name, f]) => `${name} (${answers(f)})`).join(", ") || "-";
    const notes = [r.timedOut ? "stopped at the time limit" : "", r.dropped > 0 ? `${r.dropped} generated request(s) dropped as invalid` : ""].filter(Boolean).join("; ");
    rows.push([r.id, String(r.calls), statuses, failed, notes]);
  }
  for (const s of report.skipped) rows.push([s.id, "-", "", "-", `skipped: ${s.reason}`]);
  lines.push(...table(rows));
  if (report.stateful) lines.push("", `Stateful: ${report.stateful.sequences.join("; ")}.`);
  if (report.cleanup.deleted > 0 || report.cleanup.failed.length > 0) {
    lines.push(`Cleanup: ${report.cleanup.deleted} created resource(s) permanently deleted.`);
    for (const f of report.cleanup.failed) lines.push(`  not deleted: ${f}`);
  }
  for (const r of report.operations) {
    for (const [check, failures] of failedChecks(r)) {
      const sorted = [...failures].sort(bySize);
      lines.push("", `${r.id} (${r.method.toUpperCase()} ${r.path}) · ${check}: ${answers(failures)} answer(s)`);
      lines.push(...renderFailure(sorted[0]!));
      const others = sorted.slice(1);
      for (const other of others.slice(0, 4)) lines.push(`  also: ${other.pointer !== undefined ? `${other.pointer || "(body)"}: ` : ""}${other.message}  [${other.request.slice(0, 120)}]`);
      if (others.length > 4) lines.push(`  … and ${others.length - 4} more (see --json)`);
    }
  }
  const total = report.operations.reduce((n, r) => n + r.calls, 0);
  const failedNames = new Map<string, number>();
  for (const r of report.operations) for (const [name, f] of failedChecks(r)) failedNames.set(name, (failedNames.get(name) ?? 0) + answers(f));
  if (report.inconclusive.length > 0) {
    lines.push("", "Not shown:");
    for (const reason of report.inconclusive) lines.push(`  ${reason}`);
  }
  lines.push(
    "",
    report.verdict === "passed"
      ? `OK: ${total} answer(s), every check passed (${report.checks.join(", ")}).`
      : report.verdict === "inconclusive"
        ? `INCONCLUSIVE: no check failed, but ${report.inconclusive.length} thing(s) could not be shown (above); ${total} answer(s) in all.`
        : `FAIL: ${[...failedNames].map(([n, c]) => `${n} (${c})`).join(", ")}; ${total} answer(s) in all. Rerun with --seed ${report.seed} to repeat.`,
  );
  return lines.join("\n");
}
