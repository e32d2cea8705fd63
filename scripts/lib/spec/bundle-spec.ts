// Lints the hand-written split spec and bundles it into one document, in
// process, through @redocly/openapi-core (the library behind `redocly lint`).
import { createRequire } from "node:module";
import { relative, resolve } from "node:path";
import { REDOCLY_CONFIG, ROOT, SPEC_ROOT } from "../project-paths.js";
import { componentNameProblems } from "./component-names.js";
import { passedBefore, recordPass } from "./lint-passes.js";
import { refLoopProblems } from "./ref-loops.js";
import { emptyRefTarget } from "./unresolved-ref-target.js";
import { SpecError } from "./spec-error.js";
import { nonUtf8Problems } from "./utf8-files.js";

type OpenapiCore = typeof import("@redocly/openapi-core");

/**
 * openapi-core is ES modules only, some 300 files. Under a loader with hooks
 * (tsx, vitest) an import resolves each file through them, about 1.1 s of
 * processor time more than require(), which on Node ≥ 20.19 loads ES modules
 * without them. Older Nodes cannot require ES modules: they import it.
 */
async function loadOpenapiCore(): Promise<OpenapiCore> {
  try {
    return createRequire(import.meta.url)("@redocly/openapi-core") as OpenapiCore;
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== "ERR_REQUIRE_ESM") throw error;
    return import("@redocly/openapi-core");
  }
}
const { BaseResolver, bundle, getLineColLocation, lint, loadConfig, ResolveError, YamlParseError } = await loadOpenapiCore();

type Problem = Awaited<ReturnType<OpenapiCore["lint"]>>[number];
type Config = Awaited<ReturnType<OpenapiCore["loadConfig"]>>;

/**
 * A YAML error's ` in "<absolute path>" (line:col)`, as openapi-core words a
 * broken file: gone when it is the file the problem names already, else the
 * place as file:line:col from the repository.
 */
function shortPlaces(message: string, problemFile: string): string {
  return message.replace(/ in "([^"]+)" \((\d+):(\d+)\)/g, (_all, file: string, line: string, col: string) =>
    resolve(file) === resolve(problemFile) ? "" : ` in ${relative(ROOT, file)}:${line}:${col}`,
  );
}

function describe(problem: Problem): string {
  const where = problem.location[0];
  if (!where) return `${problem.message} (${problem.ruleId})`;
  const file = relative(ROOT, where.source.absoluteRef);
  // The one message that names no reason: the file the $ref names may be empty.
  const message = problem.message === "Can't resolve $ref" ? `${problem.message}${emptyRefTarget(where.source.absoluteRef, where.source.body, where.pointer)}` : shortPlaces(problem.message, where.source.absoluteRef);
  try {
    const { start } = getLineColLocation(where);
    return `${file}:${start.line}:${start.col}: ${message} (${problem.ruleId})`;
  } catch {
    return `${file}#${where.pointer ?? ""}: ${message} (${problem.ruleId})`;
  }
}

/**
 * Runs one of openapi-core's calls on the spec. A file it reads through a
 * $ref comes back as a problem; the root file is read before that, and when it
 * is broken YAML or missing openapi-core throws instead: that becomes a
 * SpecError too, naming the file (and the line). So does a loop of $refs,
 * which openapi-core throws about from any file.
 */
async function readingRoot<T>(specRoot: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof YamlParseError) {
      // Worded as lint words a broken file it reaches through a $ref, without the ` in "<absolute path>" (line:col)` the prefix says already.
      const message = error.message.replace(/ in "[^"]*" \(\d+:\d+\)$/, "");
      const where = Number.isInteger(error.line) ? `:${error.line}:${error.col}` : "";
      throw new SpecError([`${relative(ROOT, error.source.absoluteRef)}${where}: Failed to parse: ${message}`]);
    }
    if (error instanceof ResolveError) throw new SpecError([`${relative(ROOT, specRoot)}: cannot read the spec's root file: ${error.message}`]);
    // A plain Error, its only mark the message: a $ref that leads only to $refs and back. It names no file; ref-loops.ts finds them.
    if ((error as Error)?.message === "Self-referencing circular pointer") throw new SpecError(refLoopProblems(specRoot));
    throw error;
  }
}

export interface BundledSpec {
  document: Record<string, any>;
  /** Every file the bundle was read from, for the staleness check. */
  files: string[];
}

export async function lintAndBundle(specRoot = SPEC_ROOT): Promise<BundledSpec> {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG });
  await lintWith(specRoot, config);
  return bundleWith(specRoot, config);
}

/** Lints only: resolves when the spec passes redocly.yaml's rules, otherwise throws a SpecError with every error (file:line: message). */
export async function lintSpec(specRoot = SPEC_ROOT): Promise<void> {
  await lintWith(specRoot, await loadConfig({ configPath: REDOCLY_CONFIG }));
}

/**
 * Bundles without linting: for an older spec (the breaking-change base) that
 * passed the lint rules of its own day, and for a caller that lints beside it.
 */
export async function bundleOnly(specRoot: string): Promise<BundledSpec> {
  return bundleWith(specRoot, await loadConfig({ configPath: REDOCLY_CONFIG }));
}

/** Lints, unless the spec passed before with every file it read unchanged (lint-passes.ts). */
async function lintWith(specRoot: string, config: Config): Promise<void> {
  if (await passedBefore(specRoot)) return;
  // A resolver of our own: afterwards it knows every file the lint read.
  const resolver = new BaseResolver(config.resolve);
  const problems = await readingRoot(specRoot, () => lint({ ref: specRoot, config, externalRefResolver: resolver }));
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new SpecError(errors.map(describe));
  await recordPass(specRoot, resolver.getFiles());
}

async function bundleWith(specRoot: string, config: Config): Promise<BundledSpec> {
  const result = await readingRoot(specRoot, () => bundle({ ref: specRoot, config, dereference: false, removeUnusedComponents: false }));
  const bundleErrors = result.problems.filter((p) => p.severity === "error");
  if (bundleErrors.length > 0) throw new SpecError(bundleErrors.map(describe));
  const document = result.bundle.parsed as Record<string, any>;
  const files = [...result.fileDependencies];
  // Before any generator sees the document: a name that is no identifier would fail inside AJV or esbuild,
  // and a file that is not UTF-8 would reach every artefact as U+FFFD.
  const problems = [...nonUtf8Problems(new Set([resolve(specRoot), ...files])), ...componentNameProblems(document, files, specRoot)];
  if (problems.length > 0) throw new SpecError(problems);
  return { document, files };
}
