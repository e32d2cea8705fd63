// scripts/run.mjs in two checkouts that share one install (the second's
// node_modules a link to the first's, as pnpm or a shared install makes):
// the bundle cache is then one folder for both, and each checkout must still
// run its own files, not the bundle the other checkout made of the same bytes.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";

const run = promisify(execFile);
const work = join(ROOT, ".tmp/script-runner-checkouts", String(process.pid));
const first = join(work, "first");
const second = join(work, "second");

// Each checkout: the runner and its plugin, and one script with the same bytes in both.
for (const checkout of [first, second]) {
  mkdirSync(join(checkout, "scripts/lib"), { recursive: true });
  copyFileSync(join(ROOT, "scripts/run.mjs"), join(checkout, "scripts/run.mjs"));
  copyFileSync(join(ROOT, "scripts/lib/own-import-meta.mjs"), join(checkout, "scripts/lib/own-import-meta.mjs"));
  writeFileSync(join(checkout, "scripts/where.ts"), "const where: string = import.meta.dirname;\nconsole.log(where);\n");
}
// The first checkout's install holds esbuild (linked from this repository's) and the cache; the second links to it.
mkdirSync(join(first, "node_modules"));
symlinkSync(join(ROOT, "node_modules/esbuild"), join(first, "node_modules/esbuild"), "dir");
symlinkSync(join(first, "node_modules"), join(second, "node_modules"), "dir");

afterAll(() => rmSync(work, { recursive: true, force: true }));

const where = async (checkout: string) => (await run(process.execPath, ["scripts/run.mjs", "scripts/where.ts"], { cwd: checkout })).stdout.trim();

describe("scripts/run.mjs in checkouts sharing node_modules", () => {
  it("runs each checkout's own files", async () => {
    expect(await where(first)).toBe(join(first, "scripts"));
    expect(await where(second)).toBe(join(second, "scripts"));
    // And again, each from its own cached bundle.
    expect(await where(first)).toBe(join(first, "scripts"));
    expect(await where(second)).toBe(join(second, "scripts"));
  });
});
