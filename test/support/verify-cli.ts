// Runs `npm run verify`'s script as a child process without blocking the
// event loop, so a fake server in the test's own process can answer it.
import { spawn } from "node:child_process";
import { ROOT } from "../../scripts/lib/project-paths.js";

export function verifyCli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/run.mjs", "scripts/verify.ts", ...args], { cwd: ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}
