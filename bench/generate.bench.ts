// generate.ratio: `npm run generate` (one process: lint and bundle, types,
// validators, the example check, mock data, examples, operations, JSON
// Schemas and docs, the slow steps side by side on worker threads) ÷ the
// same steps as separate processes run one after another, as a Makefile
// would (make without -j). Target ≤ 0.6.
//
// The baseline (lib/generate/baseline.ts) runs every step of the pipeline,
// in its order of dependencies, and nothing else:
//   redocly lint                     the split spec, with redocly.yaml's rules
//   redocly bundle                   → openapi.json
//   steps spec-yaml                  → openapi.yaml
//   openapi-typescript               → schema.d.ts
//   steps validators                 AJV compiles every component schema → standalone code, entry, validators.d.ts
//   esbuild                          → validators.js (the options of bundleStandalone)
//   steps check-examples             every named example against that validators.js
//   steps mock-data                  AJV compiles the mock's parameter and response validators
//   esbuild                          → mock-data.js
//   steps examples / operations      → examples.js, operations.js (+ .d.ts)
//   steps json-schemas               → schemas/<Name>.json
//   steps docs-input                 the docs' copy of the spec (code samples, descriptions), Redoc's settings
//   redocly build-docs               → index.html
//   steps docs-offline               the page made to work offline
// where `steps` is lib/generate/steps.ts, the pipeline's own function for a
// step that has no CLI (ajv-cli is not installed), built into plain
// JavaScript before timing so no step process starts a TypeScript loader.
// Each step process reads the spec and earlier steps' files from disk; that
// is the whole difference from the pipeline, which shares them in memory.
// After the warm-up the bench checks that the baseline wrote the same
// modules, schemas and page as the pipeline, so the two do the same work.
//
// Each round times both, alternating which goes first; the ratio is of the
// medians, so a busy machine slows both alike (though not its free cores,
// which the pipeline uses and a chain of processes does not).
// generate.seconds, generate.cli.seconds and generate.cpu.ratio (processor
// time, the same two) are printed without a target: they depend on the machine.
// The pipeline writes into .tmp/bench, never into generated/.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { NO_CACHE_ENV } from "../scripts/lib/docs/generate-docs.js";
import { NO_LINT_CACHE_ENV } from "../scripts/lib/spec/lint-passes.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { baselineCommands, buildSteps } from "./lib/generate/baseline.js";
import { median, report } from "./lib/report.js";

const ROUNDS = 3;
const OUT = join(ROOT, ".tmp/bench/generate");
const CLI_OUT = join(ROOT, ".tmp/bench/generate-cli");
// No docs page from the cache (scripts/lib/docs/docs-page-cache.ts) and no
// recorded lint pass (scripts/lib/spec/lint-passes.ts): the baseline builds
// the page and lints every time.
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", [NO_CACHE_ENV]: "off", [NO_LINT_CACHE_ENV]: "off" };

/** Runs one command to completion; throws with its output when it fails. */
function exec(command: string, args: string[], cwd = ROOT): void {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stderr || result.stdout}`);
}

/**
 * Processor seconds used by the finished child processes of this one (and
 * theirs), from /proc (Linux): the work, whatever the waiting. Undefined elsewhere.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name, which is in parentheses: cutime and cstime are 16th and 17th overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks, 100 a second on Linux
  } catch {
    return undefined;
  }
}

/** Wall seconds and processor seconds of `run`. */
function measure(run: () => void): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  run();
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = childrenCpuSeconds();
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/** The command behind `npm run generate`, without npm's own start-up, writing to a scratch folder. */
const pipeline = () => exec(process.execPath, ["scripts/run.mjs", "scripts/generate.ts", "--out", OUT]);

const stepsScript = await buildSteps();
const title: string = JSON.parse(readFileSync(join(ROOT, "generated/openapi.json"), "utf8")).info.title;
const commands = baselineCommands(stepsScript, CLI_OUT, title);
const separateProcesses = () => {
  for (const { command, args, cwd } of commands) exec(command, args, cwd);
};

// Fresh folders, so the check below reads this run's files.
rmSync(OUT, { recursive: true, force: true });
rmSync(CLI_OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
mkdirSync(CLI_OUT, { recursive: true });
// One of each first, to fill the file cache and the scratch folders.
pipeline();
separateProcesses();

// The same work: the files both write from the same functions must be the same. (Left out: openapi.yaml, where
// the in-memory spec shares objects that YAML writes as anchors; schema.d.ts, which the CLI writes without
// the pipeline's open-enum transform.) esbuild names each bundled module's source in a comment, and the
// pipeline's file header is not the steps' business: both are left out of the comparison.
const comparable = (text: string) => text.replace(/^\/\/ .*\n/gm, "");
const same: Array<[pipelineFile: string, baselineFile: string]> = [
  ["validators.js", "validators.js"],
  ["validators.d.ts", "validators.d.ts"],
  ["mock-data.js", "mock-data.js"],
  ["mock-data.d.ts", "mock-data.d.ts"],
  ["examples.js", "examples.js"],
  ["operations.js", "operations.js"],
  ...readdirSync(join(OUT, "schemas")).map((file): [string, string] => [`schemas/${file}`, `schemas/${file}`]),
  ["docs/index.html", "index.html"],
];
for (const [ours, theirs] of same) {
  if (comparable(readFileSync(join(OUT, ours), "utf8")) !== comparable(readFileSync(join(CLI_OUT, theirs), "utf8"))) {
    throw new Error(`the baseline's ${theirs} differs from the pipeline's ${ours}: the two no longer do the same work`);
  }
}
console.log(`baseline: ${commands.length} processes (${commands.map((c) => c.does).join("; ")})`);

const pipelineRuns: Array<ReturnType<typeof measure>> = [];
const cliRuns: Array<ReturnType<typeof measure>> = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2) cliRuns.push(measure(separateProcesses));
  pipelineRuns.push(measure(pipeline));
  if (!(round % 2)) cliRuns.push(measure(separateProcesses));
}
const fmt = (times: number[]) => times.map((t) => t.toFixed(2)).join(", ");
const wall = (runs: typeof cliRuns) => runs.map((r) => r.wall);
console.log(`npm run generate: ${fmt(wall(pipelineRuns))} s; separate processes: ${fmt(wall(cliRuns))} s (wall)`);
report("generate.ratio", median(wall(pipelineRuns)) / median(wall(cliRuns)), "×", "<= 0.6");
report("generate.seconds", median(wall(pipelineRuns)), "s");
report("generate.cli.seconds", median(wall(cliRuns)), "s");
// Processor time as well: unlike wall time it does not depend on how many
// cores are free, so it tells the saved work from the gain of running steps side by side.
const cpu = (runs: typeof cliRuns) => runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
if (cpu(pipelineRuns).length === ROUNDS && cpu(cliRuns).length === ROUNDS) {
  console.log(`processor time: ${fmt(cpu(pipelineRuns))} s against ${fmt(cpu(cliRuns))} s`);
  // Cores in use, processor ÷ wall time: about 2 for the pipeline when the two cores are free; much less means
  // other work had them, and then generate.ratio tends to generate.cpu.ratio.
  const cores = (runs: typeof cliRuns) => median(runs.map((r) => r.cpu! / r.wall)).toFixed(2);
  console.log(`cores in use (medians): npm run generate ${cores(pipelineRuns)}, separate processes ${cores(cliRuns)}`);
  report("generate.cpu.ratio", median(cpu(pipelineRuns)) / median(cpu(cliRuns)), "×");
}
