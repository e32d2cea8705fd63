#!/usr/bin/env node
// `npx voucherify-customers-mock [--port 4010] [--host 127.0.0.1] [--stateful] [--seed 1] [--empty] [--state FILE] [--app-id ID --app-token TOKEN]`:
// the package's mock engine on node:http, no Prism needed. Prints one
// readiness line with the URL, answers GET /__health, stops cleanly on
// Ctrl-C or SIGTERM (after saving the `--state` file).
import { BIN_USAGE, parseBinArgs, type BinOptions } from "./bin-options.js";

let options: BinOptions;
try {
  options = parseBinArgs(process.argv.slice(2));
} catch (error) {
  console.error(`voucherify-customers-mock: ${(error as Error).message}\n${BIN_USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(BIN_USAGE);
  process.exit(0);
}

// Loaded once the flags are good: the engine and its validators are most of the start-up.
const [{ contractVersion, operationTable }, { createMockEngine }, { closeServer, createEngineServer, listen, urlOf }, { keepStoreIn, readStateFile }] = await Promise.all([
  import("../../generated/operations.js"),
  import("../mock/engine.js"),
  import("./node-server.js"),
  import("./state-file.js"),
]);

const { mode, state: stateFile } = options;
let saved: Awaited<ReturnType<typeof readStateFile>>;
try {
  saved = stateFile ? await readStateFile(stateFile) : undefined;
} catch (error) {
  console.error(`voucherify-customers-mock: ${(error as Error).message}`);
  process.exit(1);
}
const engine = createMockEngine({
  mode,
  ...(options.seed !== undefined ? { seed: options.seed } : {}),
  ...(saved ? { customers: saved } : options.empty ? { customers: [] } : {}),
  latencyMs: options.latencyMs,
  ...(options.credentials ? { credentials: options.credentials } : {}),
});
const writer = stateFile && engine.store ? keepStoreIn(engine.store, stateFile, (error) => console.error(`voucherify-customers-mock: ${error.message}`)) : undefined;
const server = createEngineServer({
  handle: engine.handle,
  health: () => ({
    mode,
    contractVersion,
    operations: Object.keys(operationTable).length,
    ...(engine.store ? { customers: engine.store.size } : {}),
    ...(stateFile && writer ? { state: { file: stateFile, writes: writer.writes } } : {}),
  }),
  ...(options.quiet ? {} : { log: (line: string) => console.log(line) }),
});
try {
  const port = await listen(server, options.port, options.host);
  const url = urlOf(options.host, port);
  console.log(`Mock of the Customers API (${mode}): ${url}`);
  if (stateFile) console.log(`Customers kept in ${stateFile} (${saved ? `${saved.length} loaded` : "a new file, written on the first change"})`);
  // Says that keys are checked, never what they are.
  if (options.credentials) console.log("App keys checked: a request without the X-App-Id and X-App-Token given gets 401");
  console.log(`Health check: ${url}/__health   (Ctrl-C to stop)`);
} catch (error) {
  console.error(`voucherify-customers-mock: ${(error as Error).message}`);
  process.exit(1);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    void closeServer(server)
      .then(() => writer?.flush())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
