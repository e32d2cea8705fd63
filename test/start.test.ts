// `npm start`: says what it does while it starts, skips generation when the
// content hashes say nothing changed, and a port conflict names the flag as
// `npm start -- …` spells it, before anything slow starts (a taken port never
// starts Prism). Run on a copy of openapi/ and generated/.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { isUpToDate, recordSyncState, SYNC_STATE_FILE } from "../scripts/lib/generate/sync-generated.js";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "customers-start-"));
const specDir = join(work, "openapi");
const specRoot = join(specDir, "openapi.yaml");
const outDir = join(work, "generated");
let busy: Server;
let busyPort = 0;

beforeAll(async () => {
  cpSync(join(ROOT, "openapi"), specDir, { recursive: true });
  cpSync(GENERATED, outDir, { recursive: true });
  await recordSyncState(outDir, specRoot);
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

async function start(...args: string[]) {
  return run(process.execPath, ["scripts/run.mjs", "scripts/start.ts", "--spec", specRoot, "--out", outDir, "--quiet", ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("the staleness check", () => {
  it("answers from content hashes: a spec edit or a changed output makes generated/ stale", async () => {
    const copy = join(work, "hash");
    cpSync(specDir, join(copy, "openapi"), { recursive: true });
    cpSync(outDir, join(copy, "generated"), { recursive: true });
    const root = join(copy, "openapi/openapi.yaml");
    const out = join(copy, "generated");
    expect(await isUpToDate(out, root)).toBe(true);
    appendFileSync(join(copy, "openapi/paths/customers.yaml"), "\n# a comment\n");
    expect(await isUpToDate(out, root)).toBe(false);
    await recordSyncState(out, root);
    expect(await isUpToDate(out, root)).toBe(true);
    writeFileSync(join(out, "schema.d.ts"), "// edited by hand\n");
    expect(await isUpToDate(out, root)).toBe(false);
    rmSync(join(out, SYNC_STATE_FILE));
    expect(await isUpToDate(out, root)).toBe(false);
  });
});

describe("npm start", () => {
  it("names `npm start -- --port` when the mock's port is taken", async () => {
    const result = await start("--port", String(busyPort), "--docs-port", "0");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/▸ Checking the spec[^\n]*\n\s+unchanged since the last generate \(\d+\.\d s\)\n▸ Starting the mock/);
    expect(result.stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use; pick another with npm start -- --port`);
  });

  it("names `npm start -- --docs-port` when the docs' port is taken", async () => {
    // The docs listen first, so this ends before the mock (and its Prism) would load.
    const result = await start("--port", "0", "--docs-port", String(busyPort));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use; pick another with npm start -- --docs-port`);
  });
});
