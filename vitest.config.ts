import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./test/support/slow-first-sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism process for the whole run, shared by every suite.
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep heavy suites (tsc, npm pack) from starving each other.
    maxWorkers: 2,
    // A process per file (the default pool), not threads: validators-hostile
    // times itself with process.cpuUsage(), which would count other files' threads.
    pool: "forks",
    // V8 without its helper threads (background compiling, concurrent GC):
    // with two workers on two cores they only compete with the other worker,
    // and they cost more processor time in all (about 4 s a run, measured A/B).
    // It also keeps process.cpuUsage() to the worker's own work.
    execArgv: ["--single-threaded"],
    // Files in one worker share its module graph: the validators, the spec and
    // TypeScript are loaded once per worker instead of once per file (a third
    // of the import time). Files clean up what they start.
    isolate: false,
    // The two big generated bundles are plain ES modules with no imports of
    // their own: Node loads them as they are, instead of Vite transforming
    // about 1 MB of them once per worker.
    server: { deps: { external: [/\/generated\/(validators|mock-data)\.js$/] } },
    // The slowest files start first, so the run does not end on one long file.
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
