// The released versions of the spec: every `v*` tag of the repository, read
// from git history without a checkout (the breaking-change guard's
// `git archive` reader), newest first.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { loadBaseSpec } from "../breaking/base-spec.js";
import { parseVersion, type Version } from "../breaking/semver.js";

export interface Release {
  /** `0.1.0`: the folder under v/ and the changelog's heading. */
  version: string;
  /** The tag it was read from, or undefined for the working tree. */
  tag?: string;
  /** The tag's commit date (YYYY-MM-DD), when tagged. */
  date?: string;
  document: any;
}

function git(repo: string, args: string[]): string {
  const result = spawnSync("git", ["-C", repo, ...args], { encoding: "utf8" });
  if (result.error) throw new Error(`could not run git: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed in ${repo}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Newest first; a prerelease comes before its release. */
export function compareVersions(a: Version, b: Version): number {
  for (const key of ["major", "minor", "patch"] as const) if (a[key] !== b[key]) return b[key] - a[key];
  if (a.prerelease === b.prerelease) return 0;
  if (!a.prerelease) return -1;
  if (!b.prerelease) return 1;
  return b.prerelease.localeCompare(a.prerelease, "en", { numeric: true });
}

/** A folder given as the repository of the releases is missing or is not a git repository. */
export class NotARepositoryError extends Error {
  override name = "NotARepositoryError";
}

/**
 * Throws NotARepositoryError unless `repo` is a folder inside a git repository.
 * For a folder someone named on purpose: releaseTags() reads no tags from a
 * folder that is not a repository, which is right for an installed copy and
 * wrong for a mistyped --repo (a site without its old versions).
 */
export function checkGitRepository(repo: string): void {
  if (!existsSync(repo)) throw new NotARepositoryError(`the repository ${repo} does not exist`);
  if (!statSync(repo).isDirectory()) throw new NotARepositoryError(`the repository ${repo} is not a folder`);
  const result = spawnSync("git", ["-C", repo, "rev-parse", "--git-dir"], { encoding: "utf8" });
  if (result.error) throw new Error(`could not run git: ${result.error.message}`);
  if (result.status !== 0) throw new NotARepositoryError(`${repo} is not a git repository (${result.stderr.trim().split("\n")[0]})`);
}

/** `v*` tags that name a semantic version, newest first; other tags are not releases. */
export function releaseTags(repo: string): Array<{ tag: string; version: string }> {
  if (spawnSync("git", ["-C", repo, "rev-parse", "--git-dir"]).status !== 0) return [];
  const tags = git(repo, ["tag", "--list", "v*"]).split("\n").filter(Boolean);
  const parsed = tags.flatMap((tag) => {
    try {
      return [{ tag, version: tag.slice(1), parsed: parseVersion(tag) }];
    } catch {
      return [];
    }
  });
  return parsed.sort((a, b) => compareVersions(a.parsed, b.parsed)).map(({ tag, version }) => ({ tag, version }));
}

export async function loadReleases(repo: string): Promise<Release[]> {
  const releases: Release[] = [];
  for (const { tag, version } of releaseTags(repo)) {
    const { document } = await loadBaseSpec(tag, repo);
    releases.push({ version, tag, date: git(repo, ["log", "-1", "--format=%cs", `${tag}^{commit}`]), document });
  }
  return releases;
}
