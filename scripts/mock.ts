// `npm run mock [-- --port 4010 --host 127.0.0.1 --dynamic --seed 1]`:
// the Prism mock of the bundled spec, with CORS, until Ctrl-C.
import { parseArgs } from "node:util";
import { startPrism } from "./lib/prism-process.js";
import { reportFailure } from "./lib/report-failure.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    dynamic: { type: "boolean", default: false },
    seed: { type: "string" },
  },
});

try {
  const prism = await startPrism({ host: values.host, port: Number(values.port), dynamic: values.dynamic, seed: values.seed, verbose: true });
  console.log(`Mock of the Customers API: ${prism.url}  (Ctrl-C to stop)`);
  const shutdown = async () => {
    await prism.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  // Ctrl-C reaches Prism too (same process group): a signal exit is a normal stop.
  prism.process.once("exit", (code, signal) => {
    if (signal) process.exit(0);
    console.error(`Prism stopped (exit code ${code}).`);
    process.exit(code ?? 1);
  });
} catch (error) {
  reportFailure(error, "Starting the mock");
}
