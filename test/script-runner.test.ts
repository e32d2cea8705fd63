// scripts/run.mjs, which every npm script runs its TypeScript through: the
// script sees its own arguments and its own import.meta, a second run reuses
// the bundle, an edit to any module it imports is picked up, and a script
// that cannot be built or that throws fails with the reason.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";

const run = promisify(execFile);
const RUNNER = join(ROOT, "scripts/run.mjs");
const CACHE = join(ROOT, "node_modules/.cache/voucherify-customers-contract/scripts");
const work = join(ROOT, ".tmp/script-runner", String(process.pid));
const entry = join(work, "main.ts");
const helper = join(work, "lib/helper.ts");

mkdirSync(join(work, "lib"), { recursive: true });
writeFileSync(helper, 'export const greeting: string = "hello";\n');
writeFileSync(
  entry,
  `import { greeting } from "./lib/helper.js";
const typed: number = process.argv.length;
if (process.argv.includes("--throw")) throw new Error("planted failure");
console.log(JSON.stringify({ args: process.argv.slice(2), self: process.argv[1], url: import.meta.url, dirname: import.meta.dirname, greeting, typed }));
`,
);

/** This test's entries in the shared cache: records naming a file under `work`, and their bundles. */
function ownCacheFiles(): string[] {
  const mine = relative(ROOT, work);
  return readdirSync(CACHE)
    .filter((name) => name.endsWith(".json"))
    .flatMap((name) => {
      const record = JSON.parse(readFileSync(join(CACHE, name), "utf8")) as { bundle: string; inputs: Record<string, string> };
      return Object.keys(record.inputs).some((input) => input.startsWith(mine)) ? [name, record.bundle] : [];
    });
}

afterAll(() => {
  for (const name of ownCacheFiles()) rmSync(join(CACHE, name), { force: true });
  rmSync(work, { recursive: true, force: true });
});

const runScript = (...args: string[]) => run(process.execPath, [RUNNER, relative(ROOT, entry), ...args], { cwd: ROOT });
const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 0, stderr: "" }), (error: { code: number; stderr: string }) => error);

describe("scripts/run.mjs", () => {
  it("runs a TypeScript script with its arguments, argv[1] and import.meta of its own", async () => {
    const { stdout } = await runScript("--port", "0", "two words");
    expect(JSON.parse(stdout)).toEqual({ args: ["--port", "0", "two words"], self: entry, url: pathToFileURL(entry).href, dirname: work, greeting: "hello", typed: 5 });
  });

  it("reuses the bundle while no input changed, and builds again after an edit", async () => {
    await runScript();
    const [record, bundle] = ownCacheFiles();
    const built = statSync(join(CACHE, bundle!)).mtimeMs;
    await runScript();
    expect(ownCacheFiles()).toEqual([record, bundle]);
    expect(statSync(join(CACHE, bundle!)).mtimeMs).toBe(built);

    writeFileSync(helper, 'export const greeting: string = "edited";\n');
    expect(JSON.parse((await runScript()).stdout).greeting).toBe("edited");
    // The older bundle is gone: one record, one bundle.
    expect(ownCacheFiles()).toHaveLength(2);
    expect(ownCacheFiles()[1]).not.toBe(bundle);
  });

  it("fails with the file and line when a module cannot be built, and with the error when the script throws", async () => {
    writeFileSync(helper, 'export const greeting: string = "unclosed;\n');
    const broken = await failure(runScript());
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/lib\/helper\.ts:1:\d+: /);
    writeFileSync(helper, 'export const greeting: string = "hello";\n');

    const thrown = await failure(runScript("--throw"));
    expect(thrown.code).not.toBe(0);
    expect(thrown.stderr).toContain("planted failure");

    const usage = await failure(run(process.execPath, [RUNNER], { cwd: ROOT }));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: node scripts\/run\.mjs <script\.ts>/);
  });
});
