// The consumer matrix: the packed tarball, extracted once, used by throwaway
// projects under .tmp/ in every setup teams import it from (TypeScript module
// modes, TS 5.4, no DOM lib, plain require, Jest 29/30 with ts-jest, Vitest,
// an esbuild bundle in Chromium). Each row must create a customer against a
// local API, get a 404 as a CustomersApiError, and see the `adress` typo; one
// more row runs the mock (engine, MSW handlers, the npx command).
// Rows run two at a time (two cores), slowest first; no network, no npm
// install. The TypeScript 7 rows share one `tsc -b`, and every program that
// needs only Node (each TypeScript row's output, the plain require() one)
// runs in one Node process (test/consumers/run-compiled.cjs).
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TSC_7 } from "../scripts/lib/build/native-tsc.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { startApiServer, type ApiServer } from "./consumers/api-server.js";
import { packedTarball } from "./consumers/pack.js";
import { BROWSER_TS, EXPECTED, OLD_REQUIRE, ROWS, type Row } from "./consumers/rows.js";
import { chromiumSession, type ChromiumSession } from "./support/chromium.js";
import { SUITE_TSC_OPTIONS } from "./support/typecheck.js";

const exec = promisify(execFile);
const WORK = join(ROOT, ".tmp/consumers", String(process.pid));
const RUN_COMPILED = join(ROOT, "test/consumers/run-compiled.cjs");
const ROW_TIMEOUT_MS = 240_000;
let api: ApiServer;
/** What a consumer's commands see: the local API, no inherited Node flags, no colours. */
const env = () => ({ ...process.env, API_URL: api.url, NODE_OPTIONS: "", FORCE_COLOR: "0", CI: "1" });

/** At most two rows at a time: each runs tsc, Jest or a browser. */
const slots = { free: 2, waiting: [] as Array<() => void> };
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

const folder = (name: string) => name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();

/** The package's `bin` field: command name → file inside the package. */
const bins = (): Record<string, string> => JSON.parse(readFileSync(join(WORK, "package/package.json"), "utf8")).bin ?? {};

/** A project folder with the extracted package linked in as node_modules/voucherify-customers-contract, and its commands in node_modules/.bin. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(WORK, folder(name));
  mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
  symlinkSync(join(WORK, "package"), join(dir, "node_modules/voucherify-customers-contract"), "dir");
  for (const [command, target] of Object.entries(bins())) symlinkSync(join("../voucherify-customers-contract", target), join(dir, "node_modules/.bin", command));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/**
 * `tsc -b --verbose` over every shared-tsc project, once; resolves to each
 * project's errors. --verbose names the project before its errors, so an
 * error in our declarations is charged to each row that hit it.
 */
let sharedTsc: Promise<Map<string, string>> | undefined;
function compileShared(): Promise<Map<string, string>> {
  sharedTsc ??= limited(async () => {
    const dirs = ROWS.filter((row) => row.sharedTsc).map((row) => folder(row.name));
    const { stdout, failed } = await exec(process.execPath, [TSC_7, "-b", "--verbose", ...SUITE_TSC_OPTIONS, ...dirs], { cwd: WORK, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout }) => ({ stdout, failed: false }),
      (error: { stdout?: string; message: string }) => ({ stdout: error.stdout || error.message, failed: true }),
    );
    const errors = new Map<string, string>(dirs.map((dir) => [dir, ""]));
    let current = "";
    for (const line of stdout.split("\n")) {
      const building = /Building project '(?:.*\/)?([^/]+)\/tsconfig\.json'/.exec(line);
      if (building) current = building[1]!;
      else if (/ - Project '/.test(line)) current = "";
      else if (current && /error TS\d+/.test(line)) errors.set(current, `${errors.get(current)}${line}\n`);
    }
    // A failure no project owns (a crash, a bad flag) fails them all.
    if (failed && [...errors.values()].every((text) => !text)) for (const dir of dirs) errors.set(dir, stdout.slice(-4000));
    return errors;
  });
  return sharedTsc;
}

/** A row's shared compile, then its steps; resolves to the last step's stdout. Once per row: the compiled-output run waits for it too. */
const prepared = new Map<Row, Promise<string>>();
function prepareRow(row: Row): Promise<string> {
  let preparing = prepared.get(row);
  if (!preparing) {
    preparing = (async () => {
      const dir = join(WORK, folder(row.name));
      if (row.sharedTsc) {
        const errors = (await compileShared()).get(folder(row.name));
        if (errors) throw new Error(`${row.name}: \`tsc -b\` failed\n${errors}`);
      }
      return row.steps.length ? limited(() => runSteps(row, dir)) : "";
    })();
    prepared.set(row, preparing);
  }
  return preparing;
}

const compiledFile = (row: Row & Required<Pick<Row, "compiled">>) => join(WORK, folder(row.name), row.compiled.file);

/**
 * Every `compiled` row's program, run by one process
 * (test/consumers/run-compiled.cjs) once every row that compiles has; a row
 * whose compile failed fails on that, not here. Resolves to file → outcome.
 */
let compiledRun: Promise<Record<string, { result?: unknown; error?: string }>> | undefined;
function runCompiled(): Promise<Record<string, { result?: unknown; error?: string }>> {
  compiledRun ??= (async () => {
    const rows = ROWS.filter((row): row is Row & Required<Pick<Row, "compiled">> => row.compiled !== undefined);
    const settled = await Promise.allSettled(rows.map(prepareRow));
    const programs = rows.filter((_, index) => settled[index]!.status === "fulfilled").map((row) => `${row.compiled.format}:${compiledFile(row)}`);
    const { stdout } = await limited(() =>
      exec(process.execPath, [OLD_REQUIRE, RUN_COMPILED, ...programs], { cwd: WORK, env: env(), timeout: ROW_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }),
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`run-compiled.cjs failed\n${error.stdout ?? ""}\n${error.stderr ?? error.message}`.slice(0, 6000));
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!);
  })();
  return compiledRun;
}

async function runRow(row: Row): Promise<string> {
  const stdout = await prepareRow(row);
  if (row.compiled) {
    const outcome = (await runCompiled())[compiledFile(row as Row & Required<Pick<Row, "compiled">>)];
    if (!outcome || outcome.error !== undefined) throw new Error(`${row.name}: ${row.compiled.file} failed\n${outcome?.error ?? "it was not run"}`);
    expect(outcome.result).toEqual(row.expected ?? EXPECTED);
  }
  return stdout;
}

async function runSteps(row: Row, dir: string): Promise<string> {
  let stdout = "";
  for (const step of row.steps) {
    const shown = [step.command, ...step.args].join(" ");
    const result = await exec(step.command, step.args, {
      cwd: dir,
      env: env(),
      timeout: ROW_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      // The row's first error is what a consumer would see: show it whole.
      throw new Error(`${row.name}: \`${shown}\` failed\n${error.stdout ?? ""}\n${error.stderr ?? error.message}`.slice(0, 6000));
    });
    stdout = result.stdout;
  }
  return stdout;
}

async function runBrowserRow(): Promise<unknown> {
  const dir = project("browser", { "app.ts": BROWSER_TS });
  const bundle = await build({
    entryPoints: [join(dir, "app.ts")],
    absWorkingDir: dir,
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
  });
  api.serve("/browser/app.js", "text/javascript", bundle.outputFiles[0]!.text);
  api.serve("/browser/", "text/html", `<!doctype html><meta charset="utf-8"><script type="module" src="/browser/app.js"></script>`);
  let browser: ChromiumSession | undefined;
  try {
    browser = await chromiumSession();
    const page = await browser.newPage();
    await page.goto(`${api.url}/browser/`);
    await page.waitForFunction(() => (globalThis as { consumerResult?: unknown }).consumerResult !== undefined, undefined, { timeout: 60_000 });
    return await page.evaluate(() => (globalThis as { consumerResult?: unknown }).consumerResult);
  } finally {
    await browser?.close();
  }
}

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const [tarball, server] = await Promise.all([packedTarball(), startApiServer()]);
  api = server;
  // Extracting is what npm install does with a tarball that has no new dependencies to fetch.
  await exec("tar", ["-xzf", tarball, "-C", WORK]);
  // npm install makes each bin target executable; the tarball's modes are npm pack's.
  for (const target of Object.values(bins())) chmodSync(join(WORK, "package", target), 0o755);
  for (const row of ROWS) project(row.name, row.files);
  // The slowest rows take the two slots first (the queue is first come, first served); each test awaits its row's run.
  for (const row of [...ROWS].sort((a, b) => b.seconds - a.seconds)) prepareRow(row).catch(() => {});
}, 300_000);

afterAll(async () => {
  await api?.close();
  rmSync(WORK, { recursive: true, force: true });
});

describe.concurrent("the packed package in consumer projects", () => {
  for (const row of ROWS) {
    it(
      row.name,
      async () => {
        const stdout = await runRow(row);
        if (row.printsResult) expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual(row.expected ?? EXPECTED);
      },
      ROW_TIMEOUT_MS * 2,
    );
  }

  it("esbuild browser bundle in Chromium", async () => {
    expect(await limited(runBrowserRow)).toEqual(EXPECTED);
  }, ROW_TIMEOUT_MS * 2);
});
