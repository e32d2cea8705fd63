// The whole pipeline as one function: spec in, every generated file out (as
// text, keyed by its path under generated/). Writing and checking are the CLI's job.
import { stringify } from "yaml";
import { lintAndBundle } from "../spec/bundle-spec.js";
import { checkExamples } from "./check-examples.js";
import { withCodeSamples } from "../docs/code-samples.js";
import { generateDocs } from "../docs/generate-docs.js";
import { generateExamples } from "./generate-examples.js";
import { generateOperations } from "./generate-operations.js";
import { startTypesGenerator } from "./generate-types.js";
import { generateValidators } from "./generate-validators.js";
import { generateJsonSchemas } from "./generate-json-schemas.js";
import { collectExamples } from "../spec/spec-examples.js";

/** The bundled spec as generated/ holds it; `npm run dev` writes these two on each save. */
export function bundledSpecFiles(document: Record<string, any>): Array<[file: string, content: string]> {
  return [
    ["openapi.json", `${JSON.stringify(document, null, 2)}\n`],
    ["openapi.yaml", stringify(document, { lineWidth: 0 })],
  ];
}

export async function generateAll(specRoot?: string): Promise<Map<string, string>> {
  // Two slow steps run beside the main thread: the types worker (it first
  // loads the TypeScript compiler) and the docs build (a child process).
  // Both start as early as their input allows and are stopped on failure.
  const typesGenerator = startTypesGenerator();
  const stopDocs = new AbortController();
  try {
    const { document } = await lintAndBundle(specRoot);
    // The docs get x-codeSamples; the bundled spec itself stays as written.
    const docs = generateDocs(withCodeSamples(document), stopDocs.signal);
    docs.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled meanwhile
    const examples = collectExamples(document);
    checkExamples(document, examples);
    const types = typesGenerator.generate(document);
    types.catch(() => {}); // awaited below; a failure before then must not end the process (npm run dev)
    const validators = await generateValidators(document);
    const exampleModule = generateExamples(examples);
    const operationModule = generateOperations(document);
    // The mock engine's facts (parameter validators, documented responses); owned by the mock (engineer D).
    const mockData = await (await import("./generate-mock-data.js")).generateMockData(document);
    return new Map([
      ["mock-data.js", mockData.js],
      ["mock-data.d.ts", mockData.dts],
      ...bundledSpecFiles(document),
      ["schema.d.ts", await types],
      ["validators.js", validators.js],
      ["validators.d.ts", validators.dts],
      ["examples.js", exampleModule.js],
      ["examples.d.ts", exampleModule.dts],
      ["operations.js", operationModule.js],
      ["operations.d.ts", operationModule.dts],
      ["docs/index.html", await docs],
      ...generateJsonSchemas(document),
    ]);
  } catch (error) {
    typesGenerator.dispose();
    stopDocs.abort();
    throw error;
  }
}
