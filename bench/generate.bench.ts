// generate.ratio: `npm run generate` (one process: lint, bundle, types,
// validators, examples and docs, the slow steps side by side) ÷ the same steps
// as separate CLI processes run one after another, as a Makefile would:
// `redocly lint`, `redocly bundle`, `openapi-typescript`, `ajv compile` (see
// lib/generate/ajv-compile.mjs) and `redocly build-docs`. Each round times
// both, alternating which goes first; the ratio is of the medians, so a busy
// machine slows both alike (though not its free cores, which the pipeline
// uses and a chain of processes does not). generate.seconds,
// generate.cli.seconds and generate.cpu.ratio (processor time, the same
// two) are printed without a target: they depend on the machine.
// The pipeline writes into .tmp/bench, never into generated/.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../scripts/lib/project-paths.js";
import { median, report } from "./lib/report.js";

const ROUNDS = 3;
const OUT = join(ROOT, ".tmp/bench/generate");
const CLI_OUT = join(ROOT, ".tmp/bench/generate-cli");
const BIN = join(ROOT, "node_modules/.bin");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

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
const pipeline = () => exec(process.execPath, ["--import", "tsx", "scripts/generate.ts", "--out", OUT]);

const bundled = join(CLI_OUT, "openapi.json");
const cliSteps: Array<[command: string, args: string[], cwd?: string]> = [
  [join(BIN, "redocly"), ["lint"]],
  [join(BIN, "redocly"), ["bundle", "openapi/openapi.yaml", "--output", bundled]],
  // Run beside the bundle: in the root it would read redocly.yaml and want its own output settings there.
  [join(BIN, "openapi-typescript"), [bundled, "--output", join(CLI_OUT, "schema.d.ts")], CLI_OUT],
  [process.execPath, [join(ROOT, "bench/lib/generate/ajv-compile.mjs"), bundled, join(CLI_OUT, "validators.js")]],
  [join(BIN, "redocly"), ["build-docs", bundled, "--inlineBundle", "--output", join(CLI_OUT, "index.html"), "--lint-config", "off"]],
];
const separateProcesses = () => {
  for (const [command, args, cwd] of cliSteps) exec(command, args, cwd);
};

mkdirSync(OUT, { recursive: true });
mkdirSync(CLI_OUT, { recursive: true });
// One of each first, to fill the file cache and the scratch folders.
pipeline();
separateProcesses();

const pipelineRuns: Array<ReturnType<typeof measure>> = [];
const cliRuns: Array<ReturnType<typeof measure>> = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2) cliRuns.push(measure(separateProcesses));
  pipelineRuns.push(measure(pipeline));
  if (!(round % 2)) cliRuns.push(measure(separateProcesses));
}
const fmt = (times: number[]) => times.map((t) => t.toFixed(2)).join(", ");
const wall = (runs: typeof cliRuns) => runs.map((r) => r.wall);
console.log(`npm run generate: ${fmt(wall(pipelineRuns))} s; separate CLI processes: ${fmt(wall(cliRuns))} s (wall)`);
report("generate.ratio", median(wall(pipelineRuns)) / median(wall(cliRuns)), "×", "<= 0.6");
report("generate.seconds", median(wall(pipelineRuns)), "s");
report("generate.cli.seconds", median(wall(cliRuns)), "s");
// Processor time as well: unlike wall time it does not depend on how many
// cores are free, so it tells the saved work from the gain of running steps side by side.
const cpu = (runs: typeof cliRuns) => runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
if (cpu(pipelineRuns).length === ROUNDS && cpu(cliRuns).length === ROUNDS) {
  console.log(`processor time: ${fmt(cpu(pipelineRuns))} s against ${fmt(cpu(cliRuns))} s`);
  report("generate.cpu.ratio", median(cpu(pipelineRuns)) / median(cpu(cliRuns)), "×");
}
