// `npm run generate`: rebuilds generated/ from openapi/.
// `npm run generate -- --check`: writes nothing; exits 1 naming each stale file.
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GENERATED, ROOT } from "./lib/project-paths.js";
import { reportFailure } from "./lib/spec/report-failure.js";
import { syncGenerated } from "./lib/generate/sync-generated.js";

const { values } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    // Another spec root or output folder: for trying a change, and for the tests.
    spec: { type: "string" },
    out: { type: "string" },
  },
});
const check = values.check!;
const outDir = values.out ? resolve(values.out) : GENERATED;
const label = (file: string) => relative(ROOT, join(outDir, file));

try {
  const { stale, extra } = await syncGenerated({ check, outDir, ...(values.spec ? { specRoot: resolve(values.spec) } : {}) });
  if (check) {
    for (const file of stale) console.error(`stale: ${label(file)}`);
    for (const file of extra) console.error(`not produced by the spec: ${label(file)}`);
    if (stale.length + extra.length > 0) {
      console.error("generated/ does not match openapi/: run `npm run generate` and commit the result.");
      process.exit(1);
    }
    console.log("generated/ is up to date with openapi/.");
  } else {
    console.log(stale.length ? `wrote ${stale.map(label).join(", ")}` : "generated/ already up to date.");
    if (extra.length) console.log(`removed ${extra.map(label).join(", ")}`);
  }
} catch (error) {
  reportFailure(error, "Generation");
}
