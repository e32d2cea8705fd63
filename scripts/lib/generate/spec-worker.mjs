// Worker thread for generate-all.ts: bundles the spec first, so every other
// step can start, then lints it (the longest single step) beside them.
// scripts/lib/spec/bundle-spec.ts does both and words the problems.
import { lint, loadConfig } from "@redocly/openapi-core"; // first, as plain JavaScript (see loadTypeScript)
import { loadTypeScript, serve } from "./worker-side.mjs";

await loadTypeScript();
const [{ bundleOnly, lintAndBundle }, { REDOCLY_CONFIG }] = await Promise.all([import("../spec/bundle-spec.js"), import("../project-paths.js")]);

serve({
  /** The bundled document, before linting. */
  async bundle(specRoot) {
    try {
      return (await bundleOnly(specRoot)).document;
    } catch (error) {
      // A spec that does not bundle (a bad $ref, broken YAML) is reported as when linting came first: lint's problems, if it has any.
      await lintAndBundle(specRoot);
      throw error;
    }
  },
  /** Resolves when the spec passes redocly.yaml's rules; otherwise throws their problems. */
  async lint(specRoot) {
    const problems = await lint({ ref: specRoot, config: await loadConfig({ configPath: REDOCLY_CONFIG }) });
    if (problems.some((problem) => problem.severity === "error")) {
      // Linted again, only on failure, so the problems are worded (file:line: message) by the one function that does it.
      await lintAndBundle(specRoot);
      throw new Error("redocly lint found errors that lintAndBundle did not report");
    }
  },
});
