// `npm run docs`: builds generated/docs/index.html alone (lint, bundle, code
// samples, Redoc), the same page `npm run generate` writes with everything else.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { lintAndBundle } from "./lib/spec/bundle-spec.js";
import { withCodeSamples } from "./lib/docs/code-samples.js";
import { generateDocs } from "./lib/docs/generate-docs.js";
import { GENERATED, ROOT } from "./lib/project-paths.js";
import { reportFailure } from "./lib/spec/report-failure.js";

try {
  const { document } = await lintAndBundle();
  const html = await generateDocs(withCodeSamples(document));
  const target = join(GENERATED, "docs/index.html");
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, html);
  console.log(`wrote ${relative(ROOT, target)} (${Math.round(Buffer.byteLength(html) / 1024)} KB); open it in a browser, or run \`npm start\` to serve it with the mock.`);
} catch (error) {
  reportFailure(error, "Building the docs");
}
