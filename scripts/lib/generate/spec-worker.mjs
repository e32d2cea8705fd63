// Worker thread for generate-all.ts: bundles the spec first, so every other
// step can start, then lints it (the longest single step) beside them.
// scripts/lib/spec/bundle-spec.ts does both and words the problems.
import { importTypeScript } from "./import-typescript.mjs";
import { serve } from "./worker-side.mjs";

const [{ bundleOnly, lintSpec }] = await importTypeScript(new URL("../spec/bundle-spec.ts", import.meta.url));

serve({
  /** The bundled document, before linting. */
  async bundle(specRoot) {
    try {
      return (await bundleOnly(specRoot)).document;
    } catch (error) {
      // A spec that does not bundle (a bad $ref, broken YAML) is reported as when linting came first: lint's problems, if it has any.
      await lintSpec(specRoot);
      throw error;
    }
  },
  /** Resolves when the spec passes redocly.yaml's rules; otherwise throws their problems, worded file:line: message. */
  lint: (specRoot) => lintSpec(specRoot),
});
