// What importing the package's root entry costs next to `/client` (issue 12,
// item 8): the root re-exports the validators (DESIGN.md, "Public API"), so it
// pays for loading them; `/client` loads them only when `validate` is on.
// Measured on the packed tarball as a consumer installs it (a project with
// the package in node_modules), each import in a fresh Node process timed
// from inside (performance.now() around `await import(…)`, so Node's own
// startup is left out), root and client interleaved, medians.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../scripts/lib/project-paths.js";
import { packedTarball } from "../test/consumers/pack.js";
import { median, report } from "./lib/report.js";

const exec = promisify(execFile);
const ROUNDS = 15;
const ENTRIES = { root: "voucherify-customers-contract", client: "voucherify-customers-contract/client", validators: "voucherify-customers-contract/validators" };
type Entry = keyof typeof ENTRIES;

mkdirSync(join(ROOT, ".tmp"), { recursive: true });
mkdirSync(join(ROOT, ".tmp"), { recursive: true }); // a fresh clone has no .tmp/
const work = mkdtempSync(join(ROOT, ".tmp/root-import-"));
try {
  await exec("tar", ["-xzf", await packedTarball(), "-C", work]);
  const project = join(work, "consumer");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(join(work, "package"), join(project, "node_modules/voucherify-customers-contract"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "root-import-bench", private: true, type: "module" }));

  const importMs = async (entry: Entry, style: "import" | "require"): Promise<number> => {
    const load = style === "import" ? `await import(${JSON.stringify(ENTRIES[entry])})` : `createRequire(import.meta.url)(${JSON.stringify(ENTRIES[entry])})`;
    const script = `import { createRequire } from "node:module"; const start = performance.now(); ${load}; console.log(performance.now() - start);`;
    const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script], { cwd: project, env: { ...process.env, NODE_OPTIONS: "" } });
    return Number(stdout.trim());
  };

  for (const style of ["import", "require"] as const) {
    const times: Record<Entry, number[]> = { root: [], client: [], validators: [] };
    await importMs("root", style); // warm the file cache once
    for (let round = 0; round < ROUNDS; round++) for (const entry of Object.keys(ENTRIES) as Entry[]) times[entry].push(await importMs(entry, style));
    const [root, client, validators] = [median(times.root), median(times.client), median(times.validators)];
    // root.import.ratio / root.require.ratio: ESM import, and CommonJS require().
    report(`root.${style}.ms`, root, "ms");
    report(`client.${style}.ms`, client, "ms");
    report(`validators.${style}.ms`, validators, "ms");
    report(`root.${style}.ratio`, root / client, "×");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
