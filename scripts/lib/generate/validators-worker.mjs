// Worker thread for generate-all.ts: everything AJV does. It compiles the
// component validators once, checks every named example with them, and
// bundles validators.js; then compiles and bundles mock-data.js. Answers with
// the two modules (text and declarations).
import { importTypeScript } from "./import-typescript.mjs";
import { serve } from "./worker-side.mjs";

const [{ bundleValidators, compileValidators }, { bundleMockData, compileMockData }, { checkExamples, checkWithCompiled }, { collectExamples }] = await importTypeScript(
  new URL("./generate-validators.ts", import.meta.url),
  new URL("./generate-mock-data.ts", import.meta.url),
  new URL("./check-examples.ts", import.meta.url),
  new URL("../spec/spec-examples.ts", import.meta.url),
);

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
