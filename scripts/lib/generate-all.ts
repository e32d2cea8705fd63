// The whole pipeline as one function: spec in, every generated file out (as
// text, keyed by its path under generated/). Writing and checking are the CLI's job.
import { stringify } from "yaml";
import { lintAndBundle } from "./bundle-spec.js";
import { checkExamples } from "./check-examples.js";
import { generateDocs } from "./generate-docs.js";
import { generateExamples } from "./generate-examples.js";
import { generateOperations } from "./generate-operations.js";
import { generateTypes } from "./generate-types.js";
import { generateValidators } from "./generate-validators.js";
import { collectExamples } from "./spec-examples.js";

export async function generateAll(specRoot?: string): Promise<Map<string, string>> {
  const { document } = await lintAndBundle(specRoot);
  const examples = collectExamples(document);
  checkExamples(document, examples);

  const [types, validators, docs] = await Promise.all([
    generateTypes(document),
    generateValidators(document),
    generateDocs(document),
  ]);
  const exampleModule = generateExamples(examples);
  const operationModule = generateOperations(document);
  return new Map([
    ["openapi.json", `${JSON.stringify(document, null, 2)}\n`],
    ["openapi.yaml", stringify(document, { lineWidth: 0 })],
    ["schema.d.ts", types],
    ["validators.js", validators.js],
    ["validators.d.ts", validators.dts],
    ["examples.js", exampleModule.js],
    ["examples.d.ts", exampleModule.dts],
    ["operations.js", operationModule.js],
    ["operations.d.ts", operationModule.dts],
    ["docs/index.html", docs],
  ]);
}
