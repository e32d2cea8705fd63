// Starts one Prism mock for the whole test run and hands its URL to the
// suites at once: no file waits for Prism's start unless it uses Prism
// (test/support/shared-prism.ts waits). It serves the bundled spec without
// the response body schemas Prism would only check its examples against
// (prism-static-spec.ts): ~1.5 s of CPU to start and ~0.3 s for the first
// answers, instead of ~8 s and ~20 s for the activity lists. How the start
// went is written to a status file the suites read, so a Prism that fails to
// start fails them with its output.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startPrism, type RunningPrism } from "../../scripts/lib/mock/prism-process.js";
import { TEST_PRISM_START_TIMEOUT_MS } from "./prism-deadlines.js";
import { writeStaticPrismSpec } from "./prism-static-spec.js";

/** What the status file holds. */
export type SharedPrismStatus = { state: "starting" } | { state: "up" } | { state: "failed"; error: string };

let prism: RunningPrism | undefined;
let starting: Promise<void> | undefined;
let statusDir: string | undefined;
const abort = new AbortController();

export async function setup(project: TestProject) {
  const host = "127.0.0.1";
  const port = await freePort(host);
  statusDir = mkdtempSync(join(tmpdir(), "customers-shared-prism-"));
  const statusFile = join(statusDir, "status.json");
  // Written whole, then renamed: a reader never sees half a file.
  const write = (status: SharedPrismStatus) => {
    writeFileSync(`${statusFile}.next`, JSON.stringify(status));
    renameSync(`${statusFile}.next`, statusFile);
  };
  write({ state: "starting" });
  project.provide("mockUrl", `http://${host}:${port}`);
  project.provide("mockStatusFile", statusFile);
  const spec = writeStaticPrismSpec(statusDir);
  starting = startPrism({ host, port, spec, signal: abort.signal, startTimeoutMs: TEST_PRISM_START_TIMEOUT_MS }).then(
    (started) => {
      prism = started;
      write({ state: "up" });
    },
    (error: Error) => write({ state: "failed", error: error.message }),
  );
}

export async function teardown() {
  // A Prism still starting is killed, not waited for (a run without Prism files ends before it is up).
  abort.abort();
  await starting;
  await prism?.stop();
  if (statusDir) rmSync(statusDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared Prism's address; it may still be starting (see test/support/shared-prism.ts). It serves prism-static-spec.ts's spec. */
    mockUrl: string;
    mockStatusFile: string;
  }
}
