// The guard's command, callable in process: `npm run breaking` (scripts/breaking.ts)
// passes its arguments and the console, the tests pass their own. Returns the
// exit code: 0 compatible or matched by the version bump, 1 a breaking change
// without a major bump (or info.version went backwards), 2 could not compare.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BundledSpec } from "../spec/bundle-spec.js";
import { ROOT, SPEC_ROOT } from "../project-paths.js";
import { SpecError } from "../spec/spec-error.js";
import { loadBaseSpec } from "./base-spec.js";
import { changelogLines, writeChangelog } from "./changelog.js";
import { diffSpecs } from "./diff-specs.js";
import { renderReport } from "./render-report.js";
import { judgeVersion } from "./verdict.js";

export const HELP = `Usage: npm run breaking -- [options]

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

/** Where the command's output goes: one call per line or block, like console.log. */
export interface BreakingIo {
  out(text: string): void;
  err(text: string): void;
}

export interface BreakingOptions {
  /**
   * The spec to compare with the base. Default: lint and bundle openapi/, so a
   * broken spec fails the guard with its file:line problems.
   */
  loadHead?: () => Promise<BundledSpec>;
}

/** A problem with how the command was called or what it compares: exit 2. */
class UsageError extends Error {}

export async function runBreaking(argv: string[], io: BreakingIo, options: BreakingOptions = {}): Promise<number> {
  try {
    return await compare(argv, io, options);
  } catch (error) {
    io.err(`breaking: ${describeFailure(error)}`);
    return 2;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  if (error instanceof SpecError) return `the spec in openapi/ has ${error.problems.length} problem(s):\n  ${error.problems.join("\n  ")}`;
  return process.env.DEBUG ? String((error as Error)?.stack ?? error) : `${(error as Error)?.message ?? String(error)}`;
}

// Redocly loads in seconds: only when the spec is linted, not for --help or a bad flag.
const lintAndBundleSpec = async () => (await import("../spec/bundle-spec.js")).lintAndBundle(SPEC_ROOT);

async function compare(argv: string[], io: BreakingIo, { loadHead = lintAndBundleSpec }: BreakingOptions): Promise<number> {
  let values: { base?: string; json?: boolean; changelog?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { base: { type: "string" }, json: { type: "boolean" }, changelog: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }

  // The base first: a base that cannot be found fails in a moment, before seconds of linting.
  const base = await loadBaseSpec(values.base);
  const head = await loadHead();
  const changes = diffSpecs(base.document, head.document);
  const verdict = judgeVersion(changes, base.document.info?.version, head.document.info?.version, { base: `the base spec (${base.label})`, head: "the spec in openapi/" });
  const lines = changelogLines(changes);

  if (values.json) io.out(JSON.stringify({ base: base.label, ...verdict, changes, changelog: lines }, null, 2));
  else io.out(renderReport(changes, verdict, base.label));

  if (values.changelog) {
    const title = verdict.step === "none" ? "Unreleased" : verdict.headVersion;
    writeChangelog(join(ROOT, "CHANGELOG.md"), title, new Date().toISOString().slice(0, 10), lines);
    io.err(`CHANGELOG.md: wrote the "${title}" section.`);
  }
  return verdict.ok ? 0 : 1;
}
