// Where the guard's base comes from: a bundled file, or the split spec at a
// git revision (last v* tag, else HEAD~1), in throwaway git repositories.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BaseSpecError, defaultBaseRef, loadBaseSpec } from "../scripts/lib/breaking/base-spec.js";

const SPLIT = new URL("./fixtures/breaking/split/openapi", import.meta.url).pathname;
const BUNDLED = new URL("./fixtures/breaking/base-spec.json", import.meta.url).pathname;
const made: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const git = (repo: string, ...args: string[]) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=Guard Test", "-c", "user.email=guard@example.com", "-c", "commit.gpgsign=false", ...args], { encoding: "utf8" }).trim();

/** A repository whose openapi/ holds the split fixture, committed `versions.length` times with those info.versions. */
function repoWithCommits(versions: string[], tagFirst?: string): string {
  const repo = tempDir("guard-repo-");
  git(repo, "init", "--quiet", "--initial-branch=main");
  cpSync(SPLIT, join(repo, "openapi"), { recursive: true });
  const root = join(repo, "openapi/openapi.yaml");
  versions.forEach((version, i) => {
    writeFileSync(root, readFileSync(root, "utf8").replace(/version: .*/, `version: ${version}`));
    git(repo, "add", "-A");
    git(repo, "commit", "--quiet", "-m", `release ${version}`);
    if (i === 0 && tagFirst) git(repo, "tag", tagFirst);
  });
  return repo;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the guard's default base", () => {
  it("says clearly that HEAD~1 does not exist in a single-commit repository", async () => {
    const repo = repoWithCommits(["1.0.0"]);
    expect(() => defaultBaseRef(repo)).toThrow(BaseSpecError);
    await expect(loadBaseSpec(undefined, repo)).rejects.toThrow(/no v\* release tag .* HEAD~1 does not exist .* Pass --base <git-ref\|file>/);
  });

  it("is HEAD~1 without a release tag, bundled from that commit's split spec", async () => {
    const repo = repoWithCommits(["1.0.0", "1.1.0"]);
    expect(defaultBaseRef(repo)).toBe("HEAD~1");
    const base = await loadBaseSpec(undefined, repo);
    expect(base.document.info.version).toBe("1.0.0");
    expect(base.document.paths["/items"].get.operationId).toBe("listItems");
    expect(base.label).toMatch(/^HEAD~1 \([0-9a-f]{7}\)$/);
  });

  it("is the last v* tag when there is one", async () => {
    const repo = repoWithCommits(["1.0.0", "1.1.0", "1.2.0"], "v1.0.0");
    expect(defaultBaseRef(repo)).toBe("v1.0.0");
    expect((await loadBaseSpec(undefined, repo)).document.info.version).toBe("1.0.0");
  });

  it("says so when the directory is not a git repository", () => {
    expect(() => defaultBaseRef(tempDir("guard-plain-"))).toThrow(/is not a git repository/);
  });
});

describe("an explicit --base", () => {
  it("reads a bundled JSON file", async () => {
    const base = await loadBaseSpec(BUNDLED);
    expect(base.document.info.title).toBe("Items");
    expect(base.label).toBe(BUNDLED);
  });

  it("reads a YAML file, bundling it when it still has external $refs", async () => {
    const base = await loadBaseSpec(join(SPLIT, "openapi.yaml"));
    expect(base.document.paths["/items"].get.operationId).toBe("listItems");
  });

  it("is an empty spec with `none`, for a first release", async () => {
    const base = await loadBaseSpec("none");
    expect(base.document).toMatchObject({ info: { version: "0.0.0" }, paths: {} });
  });

  it("reads a git ref", async () => {
    const repo = repoWithCommits(["1.0.0", "1.1.0", "1.2.0"]);
    expect((await loadBaseSpec("HEAD~2", repo)).document.info.version).toBe("1.0.0");
  });

  it("rejects what is neither a file nor a revision, a non-spec file, and an empty value", async () => {
    const repo = repoWithCommits(["1.0.0"]);
    await expect(loadBaseSpec("no-such-ref", repo)).rejects.toThrow("--base no-such-ref is neither a file nor a git revision");
    await expect(loadBaseSpec("--upload-pack=x", repo)).rejects.toThrow("is neither a file nor a git revision");
    const notSpec = join(tempDir("guard-file-"), "package.json");
    writeFileSync(notSpec, JSON.stringify({ name: "x" }));
    await expect(loadBaseSpec(notSpec, repo)).rejects.toThrow("is not an OpenAPI document");
    await expect(loadBaseSpec(" ", repo)).rejects.toThrow("--base needs a value");
  });

  it("says when the revision has no spec", async () => {
    const repo = repoWithCommits(["1.0.0"]);
    rmSync(join(repo, "openapi"), { recursive: true });
    writeFileSync(join(repo, "README.md"), "no spec here\n");
    git(repo, "add", "-A");
    git(repo, "commit", "--quiet", "-m", "drop the spec");
    await expect(loadBaseSpec("HEAD", repo)).rejects.toThrow(/has no openapi\/ directory/);
  });
});
