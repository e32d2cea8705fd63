// Lints the hand-written split spec and bundles it into one document, in
// process, through @redocly/openapi-core (the library behind `redocly lint`).
import { bundle, getLineColLocation, lint, loadConfig } from "@redocly/openapi-core";
import { relative } from "node:path";
import { REDOCLY_CONFIG, ROOT, SPEC_ROOT } from "../project-paths.js";
import { SpecError } from "./spec-error.js";

type Problem = Awaited<ReturnType<typeof lint>>[number];

function describe(problem: Problem): string {
  const where = problem.location[0];
  if (!where) return `${problem.message} (${problem.ruleId})`;
  const file = relative(ROOT, where.source.absoluteRef);
  try {
    const { start } = getLineColLocation(where);
    return `${file}:${start.line}:${start.col}: ${problem.message} (${problem.ruleId})`;
  } catch {
    return `${file}#${where.pointer ?? ""}: ${problem.message} (${problem.ruleId})`;
  }
}

export interface BundledSpec {
  document: Record<string, any>;
  /** Every file the bundle was read from, for the staleness check. */
  files: string[];
}

export async function lintAndBundle(specRoot = SPEC_ROOT): Promise<BundledSpec> {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG });
  const problems = await lint({ ref: specRoot, config });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new SpecError(errors.map(describe));
  return bundleWith(specRoot, config);
}

/**
 * Bundles without linting: for an older spec (the breaking-change base) that
 * passed the lint rules of its own day.
 */
export async function bundleOnly(specRoot: string): Promise<BundledSpec> {
  return bundleWith(specRoot, await loadConfig({ configPath: REDOCLY_CONFIG }));
}

async function bundleWith(specRoot: string, config: Awaited<ReturnType<typeof loadConfig>>): Promise<BundledSpec> {
  const result = await bundle({ ref: specRoot, config, dereference: false, removeUnusedComponents: false });
  const bundleErrors = result.problems.filter((p) => p.severity === "error");
  if (bundleErrors.length > 0) throw new SpecError(bundleErrors.map(describe));
  return { document: result.bundle.parsed as Record<string, any>, files: [...result.fileDependencies] };
}
