// Prints plain closing lines that CI logs and people can read without
// vitest's colours and layout: the slowest files (where the run's time goes,
// for keeping the suite under its two minutes) and "tests: N passed, N failed".
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** How many of the slowest files to name. */
const SLOWEST = 8;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
    }
    // Import, hooks and tests of each file: what it kept a worker busy for.
    const seconds = (module: TestModule) => {
      const { collectDuration, prepareDuration, setupDuration, duration } = module.diagnostic();
      return (collectDuration + prepareDuration + setupDuration + duration) / 1000;
    };
    const slowest = [...testModules].sort((a, b) => seconds(b) - seconds(a)).slice(0, SLOWEST);
    if (testModules.length > 1) {
      const cwd = process.cwd();
      process.stdout.write(`\nslowest files: ${slowest.map((m) => `${relative(cwd, m.moduleId)} ${seconds(m).toFixed(1)} s`).join(", ")}`);
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
