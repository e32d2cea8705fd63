// What importing the package's root entry costs next to `/client` (issue 12,
// item 8). The root re-exports the validators (DESIGN.md, "Public API"); in
// dist/ they are stand-ins that load the compiled module on the first call
// (src/validators-lazy.ts), so the root should cost about what `/client`
// does, and the first validator call what importing `/validators` does
// (`root.*.first-call.ms`: import the root and call validateCustomer once).
// Measured on the packed tarball as a consumer installs it (a project with
// the package in node_modules), each import in a fresh Node process timed
// from inside (performance.now() and process.cpuUsage() around the import,
// so Node's own startup is left out), entries interleaved, medians. The
// processor time (`*.cpu.ms`) moves less than the wall time when the machine
// is shared.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../scripts/lib/project-paths.js";
import { packedTarball } from "../test/consumers/pack.js";
import { median, report } from "./lib/report.js";

const exec = promisify(execFile);
const ROUNDS = 15;
const ENTRIES = {
  root: { specifier: "voucherify-customers-contract", call: false },
  client: { specifier: "voucherify-customers-contract/client", call: false },
  validators: { specifier: "voucherify-customers-contract/validators", call: false },
  "root.first-call": { specifier: "voucherify-customers-contract", call: true },
};
type Entry = keyof typeof ENTRIES;

mkdirSync(join(ROOT, ".tmp"), { recursive: true }); // a fresh clone has no .tmp/
const work = mkdtempSync(join(ROOT, ".tmp/root-import-"));
try {
  await exec("tar", ["-xzf", await packedTarball(), "-C", work]);
  const project = join(work, "consumer");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(join(work, "package"), join(project, "node_modules/voucherify-customers-contract"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "root-import-bench", private: true, type: "module" }));

  const importTime = async (entry: Entry, style: "import" | "require"): Promise<{ ms: number; cpuMs: number }> => {
    const { specifier, call } = ENTRIES[entry];
    const load = style === "import" ? `await import(${JSON.stringify(specifier)})` : `createRequire(import.meta.url)(${JSON.stringify(specifier)})`;
    const script = `import { createRequire } from "node:module";
      const start = performance.now(), cpu = process.cpuUsage();
      const loaded = ${load};
      ${call ? "loaded.validateCustomer({});" : ""}
      const used = process.cpuUsage(cpu);
      console.log(JSON.stringify({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 }));`;
    const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script], { cwd: project, env: { ...process.env, NODE_OPTIONS: "" } });
    return JSON.parse(stdout);
  };

  for (const style of ["import", "require"] as const) {
    const times = Object.fromEntries(Object.keys(ENTRIES).map((entry) => [entry, [] as Array<{ ms: number; cpuMs: number }>])) as Record<Entry, Array<{ ms: number; cpuMs: number }>>;
    await importTime("root", style); // warm the file cache once
    for (let round = 0; round < ROUNDS; round++) for (const entry of Object.keys(ENTRIES) as Entry[]) times[entry].push(await importTime(entry, style));
    const wall = (entry: Entry) => median(times[entry].map((time) => time.ms));
    const cpu = (entry: Entry) => median(times[entry].map((time) => time.cpuMs));
    // root.import.ratio / root.require.ratio: ESM import, and CommonJS require().
    report(`root.${style}.ms`, wall("root"), "ms");
    report(`client.${style}.ms`, wall("client"), "ms");
    report(`validators.${style}.ms`, wall("validators"), "ms");
    report(`root.${style}.first-call.ms`, wall("root.first-call"), "ms");
    report(`root.${style}.ratio`, wall("root") / wall("client"), "×");
    report(`root.${style}.cpu.ms`, cpu("root"), "ms");
    report(`client.${style}.cpu.ms`, cpu("client"), "ms");
    report(`validators.${style}.cpu.ms`, cpu("validators"), "ms");
    report(`root.${style}.first-call.cpu.ms`, cpu("root.first-call"), "ms");
    report(`root.${style}.cpu.ratio`, cpu("root") / cpu("client"), "×");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
