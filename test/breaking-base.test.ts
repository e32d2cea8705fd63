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

describe("a base that cannot be compared", () => {
  /** A copy of the bundled fixture changed in one place, written to a file. */
  function baseFile(change: (spec: any) => void): string {
    const spec = JSON.parse(readFileSync(BUNDLED, "utf8"));
    change(spec);
    const file = join(tempDir("guard-malformed-"), "base.json");
    writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  it("is refused with the JSON Pointer of each structural problem, not read as fewer operations or fields", async () => {
    const file = baseFile((spec) => {
      spec.paths["/items/{itemId}"].get.parameters = { limit: {} };
      spec.components.schemas.Item.required = "id";
    });
    const failure = loadBaseSpec(file);
    await expect(failure).rejects.toThrow(BaseSpecError);
    await expect(failure).rejects.toThrow(`the base spec (${file}) is not a valid OpenAPI document`);
    await expect(failure).rejects.toThrow(`${file}#/paths/~1items~1{itemId}/get/parameters: Expected type \`ParameterList\` (array) but got \`object\``);
    await expect(failure).rejects.toThrow(`${file}#/components/schemas/Item/required: Expected type \`array\` but got \`string\``);
  });

  it("is refused when a $ref points at nothing, naming where", async () => {
    const file = baseFile((spec) => (spec.paths["/items"].post.requestBody.content["application/json"].schema.$ref = "#/components/schemas/Gone"));
    await expect(loadBaseSpec(file)).rejects.toThrow(`${file}#/paths/~1items/post/requestBody/content/application~1json/schema: Can't resolve $ref`);
  });

  it("names a revision's broken file as git does (rev:path), not by the folder it was unpacked in", async () => {
    const repo = repoWithCommits(["1.0.0"]);
    writeFileSync(join(repo, "openapi/paths/items.yaml"), "get:\n  responses: [unclosed\n");
    git(repo, "commit", "--quiet", "-am", "break the spec");
    const failure = loadBaseSpec("HEAD", repo);
    await expect(failure).rejects.toThrow(/cannot be bundled:\n {2}HEAD:openapi\/paths\/items\.yaml:\d+:\d+: Failed to parse/);
    await expect(failure).rejects.not.toThrow(/breaking-base-/);
  });

  it("says to fetch the history when a revision is missing from a shallow clone", async () => {
    const origin = repoWithCommits(["1.0.0", "1.1.0"], "v1.0.0");
    const clone = join(tempDir("guard-shallow-"), "clone");
    execFileSync("git", ["clone", "--quiet", "--depth", "1", "--no-tags", `file://${origin}`, clone]);
    await expect(loadBaseSpec("v1.0.0", clone)).rejects.toThrow(/neither a file nor a git revision .* \(the clone is shallow: fetch the history and tags with git fetch --unshallow --tags\)/);
    expect(() => defaultBaseRef(clone)).toThrow(/shallow clone/);
  });
});

