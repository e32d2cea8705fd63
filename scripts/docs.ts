// `npm run docs [-- --spec <openapi.yaml> --out <file>]`: builds
// generated/docs/index.html alone (lint, bundle, code samples, Redoc), the same
// page `npm run generate` writes with everything else. `--spec` and `--out`
// build another spec's page, or write it elsewhere (the tests do both).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { lintAndBundle } from "./lib/spec/bundle-spec.js";
import { withCodeSamples } from "./lib/docs/code-samples.js";
import { generateDocs } from "./lib/docs/generate-docs.js";
import { GENERATED, ROOT } from "./lib/project-paths.js";
import { reportFailure } from "./lib/spec/report-failure.js";

const HELP = `npm run docs -- [options]
  --spec <file>  the spec's root file (default openapi/openapi.yaml)
  --out <file>   where to write the page (default generated/docs/index.html)`;

try {
  const { values } = parseArgs({ options: { spec: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const { document } = await lintAndBundle(...(values.spec ? [resolve(values.spec)] : []));
  const html = await generateDocs(withCodeSamples(document));
  const target = values.out ? resolve(values.out) : join(GENERATED, "docs/index.html");
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, html);
  console.log(`wrote ${relative(ROOT, target)} (${Math.round(Buffer.byteLength(html) / 1024)} KB); open it in a browser, or run \`npm start\` to serve it with the mock.`);
} catch (error) {
  reportFailure(error, "Building the docs");
}
