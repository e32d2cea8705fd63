// Finds and bundles the spec the guard compares against: a bundled JSON/YAML
// file, the split spec at a git revision (default: the last `v*` release tag
// reachable from HEAD, else HEAD~1), or nothing at all for a first release.
// A base the rules could misread (not OpenAPI's structure, a $ref to nothing)
// is refused with each problem's place (base-structure.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ROOT, SPEC_ROOT } from "../project-paths.js";
import { SpecError } from "../spec/spec-error.js";
import { baseStructureProblems } from "./base-structure.js";

export interface BaseSpec {
  document: any;
  /** What was compared against, for the report: `v0.1.0`, `HEAD~1 (936ea04)`, a file path. */
  label: string;
}

/** The base could not be found or read; the message says what to do instead. */
export class BaseSpecError extends Error {
  override name = "BaseSpecError";
}

const SPEC_IN_REPO = relative(ROOT, SPEC_ROOT);

function git(repo: string, args: string[]): { ok: boolean; out: string; err: string; raw: Buffer } {
  const result = spawnSync("git", ["-C", repo, ...args], { maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new BaseSpecError(`could not run git: ${result.error.message}`);
  return { ok: result.status === 0, out: result.stdout.toString().trim(), err: result.stderr.toString().trim(), raw: result.stdout };
}

const hasExternalRefs = (node: unknown): boolean =>
  Array.isArray(node)
    ? node.some(hasExternalRefs)
    : !!node && typeof node === "object" && Object.entries(node).some(([k, v]) => (k === "$ref" && typeof v === "string" && !v.startsWith("#")) || hasExternalRefs(v));

/** `placeOf` rewrites the problems' file names (a revision's files sit in a temporary folder). */
async function bundleSplitSpec(root: string, what: string, placeOf: (problem: string) => string = (p) => p): Promise<any> {
  try {
    // Loaded only when a split spec is bundled: it reads redocly.yaml and its plugins too.
    const { bundleOnly } = await import("../spec/bundle-spec.js");
    return (await bundleOnly(root)).document;
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    throw new BaseSpecError(`the base spec (${what}) cannot be bundled:\n  ${error.problems.map(placeOf).join("\n  ")}`);
  }
}

/** A base the rules can read: OpenAPI's structure, every $ref resolved. */
async function checkStructure(document: any, what: string): Promise<void> {
  const problems = await baseStructureProblems(document, what);
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
    throw new BaseSpecError(`the base spec (${what}) is not a valid OpenAPI document, so it cannot be compared:\n  ${shown.join("\n  ")}${more}`);
  }
}

function checkIsSpec(document: any, what: string) {
  if (!document || typeof document !== "object" || typeof document.openapi !== "string" || typeof document.paths !== "object") {
    throw new BaseSpecError(`${what} is not an OpenAPI document (no \`openapi\` and \`paths\` at the top)`);
  }
}

async function readSpecFile(file: string): Promise<BaseSpec> {
  const text = readFileSync(file, "utf8");
  let document: any;
  try {
    // JSON.parse first: the yaml parser takes about a second on a bundled spec's JSON.
    document = JSON.parse(text);
  } catch {
    try {
      document = parseYaml(text);
    } catch (error) {
      throw new BaseSpecError(`${file} is neither JSON nor YAML: ${(error as Error).message}`);
    }
  }
  checkIsSpec(document, file);
  // A split spec's root file still points at its parts; bundle it like the tree's own.
  if (hasExternalRefs(document)) document = await bundleSplitSpec(file, file);
  await checkStructure(document, file);
  return { document, label: file };
}

/** The default base: the last release tag reachable from HEAD, else HEAD~1. */
export function defaultBaseRef(repo = ROOT): string {
  if (!git(repo, ["rev-parse", "--git-dir"]).ok) {
    throw new BaseSpecError(`${repo} is not a git repository, so there is no default base; pass --base <file> (a bundled spec)`);
  }
  const tag = git(repo, ["describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD"]);
  if (tag.ok && tag.out) return tag.out;
  if (git(repo, ["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"]).ok) return "HEAD~1";
  throw new BaseSpecError(
    "there is nothing to compare with: no v* release tag is reachable from HEAD and HEAD~1 does not exist " +
      "(the repository has a single commit, or is a shallow clone). Pass --base <git-ref|file>, " +
      "or fetch the history (git fetch --unshallow --tags).",
  );
}

async function readSpecAtRevision(repo: string, ref: string): Promise<BaseSpec> {
  if (ref.startsWith("-")) throw new BaseSpecError(`--base ${ref} is neither a file nor a git revision`);
  const commit = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!commit.ok) {
    // A shallow clone (CI's usual checkout) lacks older commits and most tags.
    const shallow = git(repo, ["rev-parse", "--is-shallow-repository"]).out === "true";
    const hint = shallow ? " (the clone is shallow: fetch the history and tags with git fetch --unshallow --tags)" : "";
    throw new BaseSpecError(`--base ${ref} is neither a file nor a git revision of ${repo}${hint}`);
  }
  const short = commit.out.slice(0, 7);
  const specDir = SPEC_IN_REPO.split("/")[0]!;
  const archive = git(repo, ["archive", "--format=tar", commit.out, specDir]);
  if (!archive.ok) throw new BaseSpecError(`${ref} (${short}) has no ${specDir}/ directory to compare with: ${archive.err}`);
  const dir = mkdtempSync(join(tmpdir(), "breaking-base-"));
  try {
    const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.raw });
    if (untar.status !== 0) throw new BaseSpecError(`could not unpack ${specDir}/ of ${ref}: ${untar.stderr?.toString().trim() || untar.error?.message}`);
    const root = join(dir, SPEC_IN_REPO);
    if (!existsSync(root)) throw new BaseSpecError(`${ref} (${short}) has no ${SPEC_IN_REPO}`);
    // Name the revision's files as git does (`v0.1.0:openapi/paths/x.yaml`), not by the temporary folder, gone by the time anyone reads it.
    const inRevision = (problem: string) => problem.split(`${relative(ROOT, dir)}/`).join(`${ref}:`).split(`${dir}/`).join(`${ref}:`);
    const document = await bundleSplitSpec(root, `${SPEC_IN_REPO} at ${ref}`, inRevision);
    checkIsSpec(document, `${SPEC_IN_REPO} at ${ref}`);
    await checkStructure(document, `${SPEC_IN_REPO} at ${ref}`);
    return { document, label: ref === short ? ref : `${ref} (${short})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--base none`: the first release has nothing before it; every operation is new. */
export const EMPTY_BASE = "none";

/** `base` is a file path (bundled JSON/YAML), a git revision, `none`, or undefined for the default. */
export async function loadBaseSpec(base: string | undefined, repo = ROOT, cwd = process.cwd()): Promise<BaseSpec> {
  if (base !== undefined && base.trim() === "") throw new BaseSpecError("--base needs a value: a git ref or a file path");
  if (base === EMPTY_BASE) return { document: { openapi: "3.1.1", info: { version: "0.0.0" }, paths: {} }, label: "an empty spec (first release)" };
  if (base !== undefined) {
    const file = resolve(cwd, base);
    if (existsSync(file) && statSync(file).isFile()) return readSpecFile(file);
  }
  return readSpecAtRevision(repo, base ?? defaultBaseRef(repo));
}
