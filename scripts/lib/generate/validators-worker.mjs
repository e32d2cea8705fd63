// Worker thread for generate-all.ts: everything AJV does. It compiles the
// component validators once, checks every named example with them, and
// bundles validators.js; then compiles and bundles mock-data.js. Answers with
// the two modules (text and declarations). A schema AJV refuses is reported
// at its file and line (schema-compile-problems.ts), so the job takes the
// spec's root file along with the bundled document.
import { importTypeScript } from "./import-typescript.mjs";
import { serve } from "./worker-side.mjs";

const [{ bundleValidators, compileValidators }, { bundleMockData, compileMockData }, { checkExamples, checkWithCompiled }, { collectExamples }, { compilingSpecSchemas }, { sourceLocator }] =
  await importTypeScript(
    new URL("./generate-validators.ts", import.meta.url),
    new URL("./generate-mock-data.ts", import.meta.url),
    new URL("./check-examples.ts", import.meta.url),
    new URL("../spec/spec-examples.ts", import.meta.url),
    new URL("./schema-compile-problems.ts", import.meta.url),
    new URL("../spec/source-locations.ts", import.meta.url),
  );

serve({
  /** `{ document, specRoot }`: the bundled spec, and the root file it was bundled from. */
  async validators({ document, specRoot }) {
    const compiled = compilingSpecSchemas(document, specRoot, () => compileValidators(document));
    checkExamples(collectExamples(document), checkWithCompiled(document, compiled), sourceLocator(specRoot));
    // esbuild bundles in a process of its own while this thread compiles the mock's validators.
    const validators = bundleValidators(compiled);
    validators.catch(() => {}); // awaited below
    const mockData = bundleMockData(compilingSpecSchemas(document, specRoot, () => compileMockData(document)));
    return { validators: await validators, mockData: await mockData };
  },
});
