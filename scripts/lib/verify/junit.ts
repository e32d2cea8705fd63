// The JUnit XML report CI systems read: one <testsuite> per operation, one
// <testcase> per check run on it (classname = operationId, name = check),
// with a <failure> per distinct failure and <skipped> when a check had
// nothing to look at there; an inconclusive run adds a suite "inconclusive"
// with an <error> per thing it could not show. Written by hand: the format is a few elements,
// and no XML dependency is worth adding for it.
import type { CheckName } from "./checks.js";
import type { VerifyReport } from "./run-verification.js";

const escape = (text: string) =>
  text
    // XML 1.0 has no way to carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function junitXml(report: VerifyReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const result of report.operations) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const check of report.checks as CheckName[]) {
      const outcome = result.checks[check];
      const open = `    <testcase classname="${escape(result.id)}" name="${escape(check)}">`;
      if (!outcome || outcome.exercised === 0) {
        suiteSkipped++;
        cases.push(`${open}\n      <skipped message="${escape(`nothing for ${check} to check on ${result.id} in this run`)}"/>\n    </testcase>`);
      } else if (outcome.failures.length === 0) cases.push(`    <testcase classname="${escape(result.id)}" name="${escape(check)}"/>`);
      else {
        suiteFailures++;
        const body = outcome.failures
          .map((f) => {
            const detail = [
              `${f.request}${f.status !== null ? ` -> ${f.status}` : ""}`,
              ...(f.sequence ?? []).map((s, i) => `step ${i + 1}: ${s}`),
              `reproduce: ${f.curl}`,
              `seed ${f.seed ?? "-"}, phase ${f.phase}, seen ${f.count}x`,
            ].join("\n");
            return `      <failure type="${escape(check)}" message="${escape(f.message)}">${escape(detail)}</failure>`;
          })
          .join("\n");
        cases.push(`${open}\n${body}\n    </testcase>`);
      }
    }
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite name="${escape(`${result.method.toUpperCase()} ${result.path}`)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  const errors = report.inconclusive.length;
  if (errors > 0) {
    const cases = report.inconclusive.map((reason, i) => `    <testcase classname="inconclusive" name="${i + 1}">\n      <error type="inconclusive" message="${escape(reason)}"/>\n    </testcase>`);
    suites.push(`  <testsuite name="inconclusive" tests="${errors}" failures="0" errors="${errors}" skipped="0">\n${cases.join("\n")}\n  </testsuite>`);
    tests += errors;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verify ${escape(report.baseUrl)} (seed ${report.seed})" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}
