// Worker thread for generate-all.ts: everything AJV does. It compiles the
// component validators once, checks every named example with them, and
// bundles validators.js; then compiles and bundles mock-data.js. Answers with
// the two modules (text and declarations).
import "ajv/dist/2020.js"; // first, as plain JavaScript (see loadTypeScript)
import "ajv/dist/standalone/index.js";
import "esbuild";
import { loadTypeScript, serve } from "./worker-side.mjs";

await loadTypeScript();
const [{ bundleValidators, compileValidators }, { bundleMockData, compileMockData }, { checkExamples, checkWithCompiled }, { collectExamples }] = await Promise.all([
  import("./generate-validators.js"),
  import("./generate-mock-data.js"),
  import("./check-examples.js"),
  import("../spec/spec-examples.js"),
]);

serve({
  async validators(document) {
    const compiled = compileValidators(document);
    checkExamples(collectExamples(document), checkWithCompiled(document, compiled));
    // esbuild bundles in a process of its own while this thread compiles the mock's validators.
    const validators = bundleValidators(compiled);
    validators.catch(() => {}); // awaited below
    const mockData = bundleMockData(compileMockData(document));
    return { validators: await validators, mockData: await mockData };
  },
});
