// `npm run bench`: runs every bench/*.bench.ts in its own process, one after
// another (so they do not compete for the two cores), prints one table and
// writes bench-results.json. Exits 1 when a figure misses its target.
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BenchFigure } from "../bench/lib/report.js";
import { ROOT } from "./lib/project-paths.js";

const { positionals } = parseArgs({ allowPositionals: true });
const files = readdirSync(join(ROOT, "bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
  .sort();

function runFile(file: string): Promise<{ figures: BenchFigure[]; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join("bench", file)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const figures: BenchFigure[] = [];
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith("BENCH ")) figures.push(JSON.parse(line.slice(6)));
        else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on("exit", (code) => resolve({ figures, code }));
  });
}

const all: BenchFigure[] = [];
let crashed = false;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const { figures, code } = await runFile(file);
  if (code !== 0) {
    crashed = true;
    console.error(`  ${file} exited with code ${code}`);
  }
  all.push(...figures);
}

const rows = all.map((f) => [f.name, `${f.value} ${f.unit}`, f.target || "—", f.target ? (f.ok ? "ok" : "MISSED") : ""]);
const header = ["benchmark", "value", "target", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const row of rows) console.log(line(row));

writeFileSync(join(ROOT, "bench-results.json"), `${JSON.stringify(all, null, 2)}\n`);
console.log("\nwrote bench-results.json");
process.exit(crashed || all.some((f) => f.target && !f.ok) ? 1 : 0);
