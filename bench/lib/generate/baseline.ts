// The generate.ratio baseline: every step of `npm run generate`, in the
// pipeline's order of dependencies, each as a process of its own, one after
// another, as a Makefile would run them. A tool's own CLI where it has one
// (redocly, openapi-typescript, esbuild); otherwise a step of steps.ts, the
// pipeline's own function in a process that reads the spec from a file.
import { build } from "esbuild";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../../../scripts/lib/project-paths.js";

const BIN = join(ROOT, "node_modules/.bin");

export interface BaselineCommand {
  /** What the pipeline does in this step (for the printed list). */
  does: string;
  command: string;
  args: string[];
  cwd?: string;
}

/** Where steps.ts is built to. */
const STEPS_DIR = join(ROOT, ".tmp/bench/generate-steps");

/**
 * Builds steps.ts into plain JavaScript (not timed): one chunk per step, the
 * packages imported from node_modules as any CLI imports them.
 */
export async function buildSteps(): Promise<string> {
  await build({
    entryPoints: [join(ROOT, "bench/lib/generate/steps.ts")],
    outdir: STEPS_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    // project-paths.ts finds the root from its own address; give it the one it has in the source tree.
    define: { "import.meta.url": JSON.stringify(pathToFileURL(join(ROOT, "scripts/lib/project-paths.ts")).href) },
    logLevel: "warning",
  });
  return join(STEPS_DIR, "steps.mjs");
}

/** The same options bundleStandalone (scripts/lib/generate/bundle-standalone.ts) gives esbuild's API. */
const esbuildArgs = (entry: string, outfile: string, extra: string[] = []) => [
  entry,
  "--bundle",
  "--format=esm",
  "--platform=neutral",
  "--main-fields=module,main",
  "--target=es2022",
  "--legal-comments=none",
  "--minify-syntax",
  "--log-level=warning",
  ...extra,
  `--outfile=${outfile}`,
];

export function baselineCommands(stepsScript: string, out: string, title: string): BaselineCommand[] {
  const step = (name: string, does: string): BaselineCommand => ({ does, command: process.execPath, args: [stepsScript, name, out] });
  const redocly = join(BIN, "redocly");
  const file = (name: string) => join(out, name);
  return [
    { does: "lint the split spec", command: redocly, args: ["lint"] },
    { does: "bundle it into openapi.json", command: redocly, args: ["bundle", "openapi/openapi.yaml", "--output", file("openapi.json")] },
    step("spec-yaml", "openapi.yaml"),
    // Run beside the bundle: in the root it would read redocly.yaml and want its own output settings there.
    { does: "schema.d.ts", command: join(BIN, "openapi-typescript"), args: ["openapi.json", "--output", "schema.d.ts"], cwd: out },
    step("validators", "compile every component schema with AJV (validators.d.ts too)"),
    { does: "bundle validators.js", command: join(BIN, "esbuild"), args: esbuildArgs(file("validators.entry.js"), file("validators.js")), cwd: ROOT },
    step("check-examples", "check every named example with the validators"),
    step("mock-data", "compile the mock's parameter and response validators"),
    {
      does: "bundle mock-data.js",
      command: join(BIN, "esbuild"),
      args: esbuildArgs(file("mock-data.entry.js"), file("mock-data.js"), ["--external:./validators.js"]),
      cwd: ROOT,
    },
    step("examples", "examples.js and .d.ts"),
    step("operations", "operations.js and .d.ts"),
    step("json-schemas", "schemas/<Name>.json"),
    step("docs-input", "the docs' copy of the spec (code samples, descriptions) and Redoc's settings"),
    {
      does: "the docs page",
      command: redocly,
      args: ["build-docs", file("docs-input.json"), "--inlineBundle", "--output", file("index.html"), "--title", title, "--config", file("docs-redocly.yaml"), "--lint-config", "off"],
    },
    step("docs-offline", "the page made to work offline"),
  ];
}
