// `npm run generate`: rebuilds generated/ from openapi/.
// `npm run generate -- --check`: writes nothing; exits 1 naming each stale file.
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { GENERATED, ROOT } from "./lib/project-paths.js";
import { reportFailure } from "./lib/spec/report-failure.js";
import { describeSync, syncGenerated } from "./lib/generate/sync-generated.js";

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

try {
  const result = await syncGenerated({ check, outDir, ...(values.spec ? { specRoot: resolve(values.spec) } : {}) });
  const { out, err, code } = describeSync(result, check, (file) => relative(ROOT, join(outDir, file)));
  for (const line of out) console.log(line);
  for (const line of err) console.error(line);
  process.exitCode = code;
} catch (error) {
  reportFailure(error, "Generation");
}
