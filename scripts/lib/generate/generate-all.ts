// The whole pipeline as one function: spec in, every generated file out (as
// text, keyed by its path under generated/). Writing and checking are the CLI's job.
//
// The slow steps run side by side on the two cores, each started as soon as
// its input allows: three worker threads, all started at once so they load
// their tools meanwhile (the spec: bundled first, so the others can start,
// then linted beside them; the types; everything AJV does), and the docs
// build (a child process). This thread loads none of the heavy tools: it
// hands the bundled spec out and writes the small modules. Lint's problems,
// when there are any, are the ones reported, as if it had run first; on any
// failure the other steps are stopped.
import { bundledSpecFiles } from "./bundled-spec-files.js";
import { withCodeSamples } from "../docs/code-samples.js";
import { generateDocs } from "../docs/generate-docs.js";
import { generateExamples } from "./generate-examples.js";
import { generateJsonSchemas } from "./generate-json-schemas.js";
import { generateOperations } from "./generate-operations.js";
import { startTypesGenerator } from "./generate-types.js";
import { startWorker } from "./worker-task.js";
import { collectExamples } from "../spec/spec-examples.js";
import { SPEC_ROOT } from "../project-paths.js";

export { bundledSpecFiles } from "./bundled-spec-files.js";

type Module = { js: string; dts: string };

/** Lets pending I/O callbacks run (the docs build's file writes before its spawn) between jobs on this thread. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function generateAll(specRoot = SPEC_ROOT): Promise<Map<string, string>> {
  const spec = startWorker(new URL("./spec-worker.mjs", import.meta.url), "lint and bundle");
  const typesGenerator = startTypesGenerator();
  const ajv = startWorker(new URL("./validators-worker.mjs", import.meta.url), "validators");
  const stopDocs = new AbortController();
  let linted: Promise<void> | undefined;
  try {
    const document = await spec.call<Record<string, any>>("bundle", specRoot);
    linted = spec.call<void>("lint", specRoot);
    linted.catch(() => {});
    // Each is awaited below; meanwhile a failure must not go unhandled (npm run dev lives on).
    const types = typesGenerator.generate(document);
    types.catch(() => {});
    const compiled = ajv.call<{ validators: Module; mockData: Module }>("validators", document);
    compiled.catch(() => {});
    // The docs get x-codeSamples; the bundled spec itself stays as written.
    const docs = generateDocs(withCodeSamples(document), stopDocs.signal);
    docs.catch(() => {});
    await yieldToEventLoop();
    const exampleModule = generateExamples(collectExamples(document));
    const operationModule = generateOperations(document);
    await yieldToEventLoop();
    const jsonSchemas = generateJsonSchemas(document);
    await yieldToEventLoop();
    const specFiles = bundledSpecFiles(document);
    const [, { validators, mockData }, schema, page] = await Promise.all([linted, compiled, types, docs]);
    return new Map([
      ["mock-data.js", mockData.js],
      ["mock-data.d.ts", mockData.dts],
      ...specFiles,
      ["schema.d.ts", schema],
      ["validators.js", validators.js],
      ["validators.d.ts", validators.dts],
      ["examples.js", exampleModule.js],
      ["examples.d.ts", exampleModule.dts],
      ["operations.js", operationModule.js],
      ["operations.d.ts", operationModule.dts],
      ["docs/index.html", page],
      ...jsonSchemas,
    ]);
  } catch (error) {
    typesGenerator.dispose();
    ajv.end();
    stopDocs.abort();
    // A later step can fail on a spec that lint rejects: lint's problems are the ones to report.
    throw (linted && (await linted.then(() => undefined, (lintError: unknown) => lintError))) ?? error;
  } finally {
    spec.end();
    ajv.end();
  }
}
