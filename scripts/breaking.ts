// `npm run breaking -- [--base <git-ref|file>] [--json] [--changelog]`
// Compares the spec in openapi/ with a base and fails (exit 1) when a breaking
// change is not matched by a major bump of info.version. Exit 2: could not compare.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { lintAndBundle } from "./lib/spec/bundle-spec.js";
import { ROOT, SPEC_ROOT } from "./lib/project-paths.js";
import { SpecError } from "./lib/spec/spec-error.js";
import { loadBaseSpec } from "./lib/breaking/base-spec.js";
import { changelogLines, writeChangelog } from "./lib/breaking/changelog.js";
import { diffSpecs } from "./lib/breaking/diff-specs.js";
import { renderReport } from "./lib/breaking/render-report.js";
import { judgeVersion } from "./lib/breaking/verdict.js";

const HELP = `Usage: npm run breaking -- [options]

  --base <ref|file>  what to compare with: a git ref (tag, branch, commit), a
                     bundled spec file (JSON or YAML), or "none" for a first
                     release. Default: the last v* tag reachable from HEAD,
                     else HEAD~1.
  --json             print the changes and the verdict as JSON
  --changelog        write the changelog lines into CHANGELOG.md (section of
                     info.version, or "Unreleased" when it did not change)
  -h, --help         this text

Exit codes: 0 compatible or matched by the version bump, 1 a breaking change
without a major bump (or info.version went backwards), 2 could not compare.`;

function fail(message: string): never {
  console.error(`breaking: ${message}`);
  process.exit(2);
}

async function main() {
  let values: { base?: string; json?: boolean; changelog?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { base: { type: "string" }, json: { type: "boolean" }, changelog: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }

  // The base first: a base that cannot be found fails in a moment, before seconds of linting.
  const base = await loadBaseSpec(values.base);
  const head = await lintAndBundle(SPEC_ROOT);
  const changes = diffSpecs(base.document, head.document);
  const verdict = judgeVersion(changes, base.document.info?.version, head.document.info?.version);
  const lines = changelogLines(changes);

  if (values.json) {
    console.log(JSON.stringify({ base: base.label, ...verdict, changes, changelog: lines }, null, 2));
  } else console.log(renderReport(changes, verdict, base.label));

  if (values.changelog) {
    const title = verdict.step === "none" ? "Unreleased" : verdict.headVersion;
    writeChangelog(join(ROOT, "CHANGELOG.md"), title, new Date().toISOString().slice(0, 10), lines);
    console.error(`CHANGELOG.md: wrote the "${title}" section.`);
  }
  process.exitCode = verdict.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  if (error instanceof SpecError) fail(`the spec in openapi/ has ${error.problems.length} problem(s):\n  ${error.problems.join("\n  ")}`);
  fail(process.env.DEBUG ? String((error as Error)?.stack ?? error) : `${(error as Error)?.message ?? String(error)}`);
});
