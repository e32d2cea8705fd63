// dev.reload.ratio: with `npm run dev` running, the time from saving a
// one-file edit in openapi/ to the docs serving the new spec (the moment the
// page is told to reload), ÷ one full `npm run generate` of the same spec.
// Interleaved, medians; on copies of openapi/ and generated/ so the tree is untouched.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { NO_CACHE_ENV } from "../scripts/lib/docs/generate-docs.js";
import { NO_LINT_CACHE_ENV } from "../scripts/lib/spec/lint-passes.js";
import { recordSyncState } from "../scripts/lib/generate/sync-generated.js";
import { median, report } from "./lib/report.js";

const RUNS = 5;
const work = mkdtempSync(join(tmpdir(), "customers-dev-bench-"));
const specRoot = join(work, "openapi/openapi.yaml");
const outDir = join(work, "generated");
const generateOut = join(work, "generate-out");
const edited = join(work, "openapi/paths/customers_{customerId}.yaml");
cpSync(join(ROOT, "openapi"), join(work, "openapi"), { recursive: true });
cpSync(GENERATED, outDir, { recursive: true });
cpSync(GENERATED, generateOut, { recursive: true });
await recordSyncState(outDir, specRoot);
const original = readFileSync(edited, "utf8");
if (!original.includes("summary: Get a customer\n")) throw new Error(`${edited} has no "summary: Get a customer" line to edit`);

// Every save linted, as it would be the first time: no pass recorded for a text the loop saved before.
const dev = spawn(process.execPath, ["scripts/run.mjs", "scripts/dev.ts", "--spec", specRoot, "--out", outDir, "--port", "0", "--docs-port", "0", "--quiet"], {
  cwd: ROOT,
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, [NO_LINT_CACHE_ENV]: "off" },
});
let output = "";
dev.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()));
dev.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (dev.exitCode !== null) throw new Error(`npm run dev exited before ${what}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

try {
  const docsUrl = await until("the docs URL", () => /Docs: (http:\S+)/.exec(output)?.[1]);
  // The page's own signal: the event stream that tells it to reload.
  let version = -1;
  const events = await fetch(`${docsUrl}/__dev/events`);
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of events.body as unknown as AsyncIterable<Uint8Array>) {
      for (const match of decoder.decode(chunk).matchAll(/^data: (.*)$/gm)) version = JSON.parse(match[1]!).version;
    }
  })().catch(() => {});
  await until("the first event", () => (version >= 0 ? true : undefined));

  const reloads: number[] = [];
  const generates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = version;
    const rewritten = output.split(" rewritten: ").length;
    const started = performance.now();
    writeFileSync(edited, original.replace("summary: Get a customer\n", `summary: Get a customer (edit ${i})\n`));
    await until("the docs to update", () => (version > before ? true : undefined));
    reloads.push(performance.now() - started);
    const docs = await (await fetch(`${docsUrl}/__dev/docs.json`)).text();
    if (!docs.includes(`(edit ${i})`)) throw new Error("the docs were told to reload but do not serve the edit");
    // The background rewrite of generated/ ends before the generate it is compared with starts.
    await until("generated/ to be rewritten", () => (output.split(" rewritten: ").length > rewritten ? true : undefined));

    const t = performance.now();
    // The whole pipeline, the docs page and the lint included: not the page the dev server just cached, nor its lint pass.
    const env = { ...process.env, [NO_CACHE_ENV]: "off", [NO_LINT_CACHE_ENV]: "off" };
    const result = spawnSync(process.execPath, ["scripts/run.mjs", "scripts/generate.ts", "--spec", specRoot, "--out", generateOut], { cwd: ROOT, encoding: "utf8", env });
    if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`);
    generates.push(performance.now() - t);
  }
  console.log(`save to updated docs: ${reloads.map((ms) => ms.toFixed(0)).join(", ")} ms; full generate: ${generates.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  report("dev.reload.ms", median(reloads), "ms");
  report("dev.reload.ratio", median(reloads) / median(generates), "", "<= 0.5");
} finally {
  dev.kill("SIGTERM");
  await new Promise((resolve) => (dev.exitCode !== null ? resolve(undefined) : dev.once("exit", resolve)));
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
