// The steps of `npm run generate` that have no CLI of their own, each as a
// process of its own, for the generate.ratio baseline (bench/generate.bench.ts).
// Each step reads the bundled spec (and, where it needs them, the files of
// earlier steps) from a folder, does what the pipeline's function does, and
// writes its files there. It calls the pipeline's own functions, so the work
// is the same; what differs is that nothing is shared between steps but files.
//
// Usage: node steps.mjs <step> <folder>. The bench builds this file into
// plain JavaScript first (buildSteps in baseline.ts), so a step process starts no
// TypeScript loader: like the tools' own CLIs, it runs compiled code.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../../../scripts/lib/project-paths.js";
import type { Validator } from "../../../generated/validators.js";

/** Bundle entries and AJV code refer to src/ from the repository root; as files in another folder they need the full path. */
function fromRoot(code: string): string {
  return code.replaceAll('"./src/', JSON.stringify(ROOT).slice(0, -1) + 'src/');
}

function run(step: string, dir: string): Promise<void> | void {
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  const document = JSON.parse(read("openapi.json"));
  switch (step) {
    // openapi.yaml beside the openapi.json that `redocly bundle` wrote.
    case "spec-yaml":
      return import("../../../scripts/lib/generate/bundled-spec-files.js").then(({ bundledSpecFiles }) => {
        write("openapi.yaml", bundledSpecFiles(document).find(([file]) => file === "openapi.yaml")![1]);
      });
    // AJV's standalone code and the bundle entry, for `esbuild` to bundle into validators.js.
    case "validators":
      return import("../../../scripts/lib/generate/generate-validators.js").then(({ compileValidators }) => {
        const compiled = compileValidators(document);
        write("validators.compiled.js", fromRoot(compiled.source));
        write("validators.entry.js", fromRoot(compiled.entry).replace('"virtual:ajv-standalone"', '"./validators.compiled.js"'));
        write("validators.d.ts", compiled.dts);
      });
    // Every named example against the validators.js built by the steps before.
    case "check-examples":
      return Promise.all([
        import("../../../scripts/lib/generate/check-examples.js"),
        import("../../../scripts/lib/spec/spec-examples.js"),
        import(pathToFileURL(join(dir, "validators.js")).href) as Promise<{ validators: Record<string, Validator<unknown>> }>,
      ]).then(async ([{ checkExamples, checkWithCompiled }, { collectExamples }, { validators }]) => {
        const examples = collectExamples(document);
        const shipped = (name: string | undefined) => (name ? validators[name] : undefined);
        // As in the pipeline, a schema that is not a component is compiled (no example has one today).
        const others = examples.every((example) => shipped(example.schemaName))
          ? undefined
          : checkWithCompiled(document, (await import("../../../scripts/lib/generate/generate-validators.js")).compileValidators(document));
        checkExamples(examples, (example) => {
          const validate = shipped(example.schemaName);
          if (!validate) return others!(example);
          const result = validate(example.value);
          return result.ok ? [] : result.errors;
        });
      });
    // AJV's standalone code and the entry of mock-data.js, for `esbuild`.
    case "mock-data":
      return import("../../../scripts/lib/generate/generate-mock-data.js").then(({ compileMockData, VALIDATORS_IMPORT }) => {
        const compiled = compileMockData(document);
        write("mock-data.compiled.js", fromRoot(compiled.source));
        write(
          "mock-data.entry.js",
          fromRoot(compiled.entry).replace('"virtual:ajv-standalone"', '"./mock-data.compiled.js"').replace(JSON.stringify(VALIDATORS_IMPORT), '"./validators.js"'),
        );
        write("mock-data.d.ts", compiled.dts);
      });
    case "examples":
      return Promise.all([import("../../../scripts/lib/generate/generate-examples.js"), import("../../../scripts/lib/spec/spec-examples.js")]).then(
        ([{ generateExamples }, { collectExamples }]) => {
          const { js, dts } = generateExamples(collectExamples(document));
          write("examples.js", js);
          write("examples.d.ts", dts);
        },
      );
    case "operations":
      return import("../../../scripts/lib/generate/generate-operations.js").then(({ generateOperations }) => {
        const { js, dts } = generateOperations(document);
        write("operations.js", js);
        write("operations.d.ts", dts);
      });
    case "json-schemas":
      return import("../../../scripts/lib/generate/generate-json-schemas.js").then(({ generateJsonSchemas }) => {
        mkdirSync(join(dir, "schemas"), { recursive: true });
        for (const [file, text] of generateJsonSchemas(document)) write(file, text);
      });
    // What `redocly build-docs` reads: the spec with code samples and the extra descriptions, and Redoc's settings.
    case "docs-input":
      return Promise.all([
        import("../../../scripts/lib/docs/code-samples.js"),
        import("../../../scripts/lib/docs/docs-input.js"),
        import("../../../scripts/lib/docs/generate-docs.js"),
        import("yaml"),
      ]).then(([{ withCodeSamples }, { docsInput }, { redocConfig }, { stringify }]) => {
        const withSamples = withCodeSamples(document);
        write("docs-input.json", JSON.stringify(docsInput(withSamples)));
        write("docs-redocly.yaml", stringify(redocConfig(withSamples)));
      });
    // The page `redocly build-docs` wrote, made to work offline.
    case "docs-offline":
      return import("../../../scripts/lib/docs/generate-docs.js").then(({ makeOffline }) => write("index.html", makeOffline(read("index.html"))));
    default:
      throw new Error(`unknown step "${step}"`);
  }
}

const [step, dir] = process.argv.slice(2);
if (step && dir) await run(step, dir);
