// `npm run site -- --repo <folder>`: a folder named on purpose that is not a
// git repository stops the build with a message, instead of a site without its
// old versions (releaseTags() reads none from such a folder, as it should for
// an installed copy). The command stops before it lints anything.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { checkGitRepository, NotARepositoryError } from "../scripts/lib/site/release-specs.js";

const work = mkdtempSync(join(tmpdir(), "customers-site-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function site(...args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["scripts/run.mjs", "scripts/site.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 }, (error, _out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, err });
    });
  });
}

describe("npm run site -- --repo", () => {
  const missing = join(work, "missing");
  const plain = join(work, "plain");
  const file = join(work, "file.txt");
  mkdirSync(plain);
  writeFileSync(file, "");

  it("names a folder that is missing, not a folder, or not a git repository", () => {
    expect(() => checkGitRepository(missing)).toThrow(new NotARepositoryError(`the repository ${missing} does not exist`));
    expect(() => checkGitRepository(file)).toThrow(new NotARepositoryError(`the repository ${file} is not a folder`));
    expect(() => checkGitRepository(plain)).toThrow(NotARepositoryError);
    expect(() => checkGitRepository(plain)).toThrow(/is not a git repository/);
    expect(() => checkGitRepository(ROOT)).not.toThrow();
  });

  // One command is enough to show site.ts checks --repo before it writes: the other cases are the same check, above.
  it("fails the command, and writes nothing, for such a --repo", async () => {
    const out = join(work, "site");
    const gone = await site("--out", out, "--repo", missing);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`Building the site failed: the repository ${missing} does not exist`);
    expect(existsSync(out)).toBe(false);
  });
});
