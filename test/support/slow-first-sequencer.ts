// The order test files start in: the slowest first, so that on two workers
// the run does not end with one long file going on alone. Vitest's own order
// does this only from its cache of earlier durations (node_modules/.vite),
// which a fresh CI machine does not have; there it falls back to the table
// below, then to file size. (Vitest would also start failed files first;
// for a full run the total time matters more.)
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Seconds each slow file took in a full run on a 2-core machine; a rough guide, refreshed by hand. */
const KNOWN_SECONDS: Readonly<Record<string, number>> = {
  "test/consumers.test.ts": 45,
  "test/types.test.ts": 7,
  "test/site.test.ts": 20,
  "test/docs-page-safety.test.ts": 13,
  "test/mock-cli.test.ts": 14,
  "test/generation.test.ts": 19,
  "test/generation-broken-specs.test.ts": 9,
  "test/dev.test.ts": 13,
  "test/mock-modes.test.ts": 13,
  "test/validators-samples.test.ts": 11,
  "test/validators-arbitrary.test.ts": 10,
  "test/docs-browser.test.ts": 10,
  "test/validators-hostile.test.ts": 9,
  "test/package.test.ts": 8,
  "test/mock-hostile.test.ts": 10,
  "test/verify-checks.test.ts": 8,
  "test/site-schemas.test.ts": 7,
  "test/verify-fake-server.test.ts": 6,
  "test/docs-build.test.ts": 4,
  "test/breaking-cli.test.ts": 4,
  "test/mock-state.test.ts": 4,
  "test/docs-code-samples.test.ts": 3,
  "test/start.test.ts": 3,
  "test/msw-browser.test.ts": 3,
  "test/fidelity-generated.test.ts": 3,
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const weight = (spec: TestSpecification): number => {
      const path = relative(root, spec.moduleId);
      const key = `${spec.project.name}:${path}`;
      const measured = this.ctx.cache.getFileTestResults(key)?.duration;
      if (measured !== undefined) return measured;
      const known = KNOWN_SECONDS[path];
      if (known !== undefined) return known * 1_000;
      // Unknown and not in the table: a bigger file tends to hold more (about a millisecond per 100 bytes).
      return (this.ctx.cache.getFileStats(key)?.size ?? 0) / 100;
    };
    const weights = new Map(files.map((spec) => [spec, weight(spec)]));
    return [...files].sort((a, b) => weights.get(b)! - weights.get(a)!);
  }
}
