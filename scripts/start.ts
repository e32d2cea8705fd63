// `npm start`: regenerate if stale, then the mock (4010) and the docs (4011)
// side by side until Ctrl-C.
import { parseArgs } from "node:util";
import { startPrism } from "./lib/prism-process.js";
import { reportFailure } from "./lib/report-failure.js";
import { serveDocs } from "./lib/serve-docs.js";
import { syncGenerated } from "./lib/sync-generated.js";

const { values } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "4010" },
    "docs-port": { type: "string", default: "4011" },
    dynamic: { type: "boolean", default: false },
    seed: { type: "string" },
  },
});

try {
  const { stale } = await syncGenerated({ check: false });
  if (stale.length) console.log(`Regenerated ${stale.join(", ")} from openapi/.`);
  const prism = await startPrism({ host: values.host, port: Number(values.port), dynamic: values.dynamic, seed: values.seed });
  const docs = await serveDocs(values.host!, Number(values["docs-port"]));
  console.log(`Mock: ${prism.url}`);
  console.log(`Docs: ${docs.url}`);
  console.log("Ctrl-C stops both.");
  const shutdown = async () => {
    docs.server.close();
    await prism.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  // Ctrl-C reaches Prism too (same process group): a signal exit is a normal stop.
  prism.process.once("exit", (code, signal) => {
    docs.server.close();
    if (signal) process.exit(0);
    console.error(`The mock stopped unexpectedly (exit code ${code}).`);
    process.exit(1);
  });
} catch (error) {
  reportFailure(error, "npm start");
}
