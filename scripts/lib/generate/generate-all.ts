// The whole pipeline as one function: spec in, every generated file out (as
// text, keyed by its path under generated/). Writing and checking are the CLI's job.
//
// The slow steps run side by side on the two cores: worker threads for the
// spec (bundled first, then linted beside the others), the types and
// everything AJV does, and the docs build (a child process). The types and
// AJV workers start with a new spec worker and load their tools while it
// loads its own and bundles, when a core would idle. This thread loads none of the heavy
// tools: it hands the bundled spec out and writes the small modules. Lint's
// problems, when there are any, are the ones reported, as if it had run
// first; on any failure the other steps are stopped. A process that runs
// the pipeline again (the tests, `npm run dev` on each save) reuses the
// workers of the last run, their tools loaded (worker-task.ts).
//
// A caller that has linted and bundled the spec already (`npm run dev`, on
// each save) passes the document instead, and no spec worker starts.
//
// Before the generators start, the bundled spec is checked for what they need
// and lint does not check (names that become code, bodies named by their
// component): a SpecError with each problem's file and line.
import { bundledSpecFiles } from "./bundled-spec-files.js";
import { withCodeSamples } from "../docs/code-samples.js";
import { generateDocs } from "../docs/generate-docs.js";
import { generateExamples } from "./generate-examples.js";
import { generateJsonSchemas } from "./generate-json-schemas.js";
import { generateOperations } from "./generate-operations.js";
import { startTypesGenerator, type TypesGenerator } from "./generate-types.js";
import { hasKeptWorker, startWorker, type WorkerThread } from "./worker-task.js";
import { bodySchemaProblems } from "../spec/body-schemas.js";
import { exampleNameProblems, operationIdProblems } from "../spec/operation-names.js";
import { sourceLocator } from "../spec/source-locations.js";
import { collectExamples, type SpecExample } from "../spec/spec-examples.js";
import { SpecError } from "../spec/spec-error.js";
import { SPEC_ROOT } from "../project-paths.js";

export { bundledSpecFiles } from "./bundled-spec-files.js";

type Module = { js: string; dts: string };

/**
 * The spec's root file, or the document it bundles to when the caller has
 * linted and bundled it already: the object lintAndBundle returns, not a JSON
 * copy (the objects it shares become YAML anchors in openapi.yaml), with the
 * root file it came from (default openapi/openapi.yaml), where problems are looked up.
 */
export type GenerateSource = string | { linted: Record<string, any>; specRoot?: string };

/** Throws a SpecError when the spec breaks a rule the generators rely on that lint does not know. */
function checkGeneratable(document: Record<string, any>, examples: SpecExample[], specRoot: string): void {
  const locator = sourceLocator(specRoot);
  const problems = [...operationIdProblems(document, locator), ...exampleNameProblems(examples, locator), ...bodySchemaProblems(document, locator)];
  if (problems.length > 0) throw new SpecError(problems);
}

/** Lets pending I/O callbacks run (the docs build's file writes before its spawn) between jobs on this thread. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const SPEC_WORKER = new URL("./spec-worker.mjs", import.meta.url);
const AJV_WORKER = new URL("./validators-worker.mjs", import.meta.url);

export async function generateAll(source: GenerateSource = SPEC_ROOT): Promise<Map<string, string>> {
  // A new spec worker spends a second loading openapi-core, and this thread waits: the types and AJV
  // workers start beside it and load their tools on the core it leaves free. One kept from an earlier
  // run bundles at once; they start after it, so a spec that does not bundle does not wake them.
  const startTogether = typeof source !== "string" || !hasKeptWorker(SPEC_WORKER);
  const spec = typeof source === "string" ? startWorker(SPEC_WORKER, "lint and bundle") : undefined;
  let others: { typesGenerator: TypesGenerator; ajv: WorkerThread } | undefined;
  const startOthers = () => (others ??= { typesGenerator: startTypesGenerator(), ajv: startWorker(AJV_WORKER, "validators") });
  if (startTogether) startOthers();
  const stopDocs = new AbortController();
  let linted: Promise<void> | undefined;
  const specRoot = typeof source === "string" ? source : (source.specRoot ?? SPEC_ROOT);
  try {
    const document = typeof source === "string" ? await spec!.call<Record<string, any>>("bundle", source) : source.linted;
    const { typesGenerator, ajv } = startOthers();
    if (spec) {
      linted = spec.call<void>("lint", source);
      linted.catch(() => {});
    }
    const examples = collectExamples(document);
    checkGeneratable(document, examples, specRoot);
    // Each is awaited below; meanwhile a failure must not go unhandled (npm run dev lives on).
    const types = typesGenerator.generate(document);
    types.catch(() => {});
    const compiled = ajv.call<{ validators: Module; mockData: Module }>("validators", { document, specRoot });
    compiled.catch(() => {});
    // The docs get x-codeSamples; the bundled spec itself stays as written.
    const docs = generateDocs(withCodeSamples(document), stopDocs.signal);
    docs.catch(() => {});
    await yieldToEventLoop();
    const exampleModule = generateExamples(examples);
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
    others?.typesGenerator.dispose();
    stopDocs.abort();
    // A later step can fail on a spec that lint rejects: lint's problems are the ones to report.
    throw (linted && (await linted.then(() => undefined, (lintError: unknown) => lintError))) ?? error;
  } finally {
    // Kept for the next run in this process if their jobs are done; ended if a failure left one running.
    spec?.keep();
    others?.ajv.keep();
  }
}
