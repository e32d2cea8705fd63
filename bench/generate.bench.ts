// generate.seconds: `npm run generate` on the whole spec, warm (one run first
// to fill the file cache), as the median wall time of the command's own
// process over several runs. It writes nothing when generated/ is current.
import { spawnSync } from "node:child_process";
import { ROOT } from "../scripts/lib/project-paths.js";
import { median, report } from "./lib/report.js";

const RUNS = 5;

function runGenerate(): number {
  const started = performance.now();
  // The command behind `npm run generate`, without npm's own start-up.
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate.ts"], { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

runGenerate();
const times = Array.from({ length: RUNS }, runGenerate);
console.log(`runs: ${times.map((t) => t.toFixed(2)).join(", ")} s`);
report("generate.seconds", median(times), "s", "<= 3");
