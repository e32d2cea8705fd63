#!/usr/bin/env node
// `npx voucherify-customers-mock [--port 4010] [--host 127.0.0.1] [--stateful] [--seed 1] [--empty] [--state FILE]`:
// the package's mock engine on node:http, no Prism needed. Prints one
// readiness line with the URL, answers GET /__health, stops cleanly on
// Ctrl-C or SIGTERM (after saving the `--state` file).
import { parseArgs } from "node:util";
import { contractVersion, operationTable } from "../../generated/operations.js";
import { createMockEngine } from "../mock/engine.js";
import { closeServer, createEngineServer, listen, urlOf } from "./node-server.js";
import { keepStoreIn, readStateFile, type StateFileWriter } from "./state-file.js";

const USAGE = `Usage: voucherify-customers-mock [options]
  --port <n>       port to listen on (default 4010; 0 picks a free one)
  --host <name>    interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --stateful       keep customers in memory: create, then get, list, update, delete
  --empty          with --stateful, start with no customers
  --state <file>   keep the customers in this JSON file across restarts (implies
                   --stateful; a missing file starts as --stateful does and is
                   created on the first change)
  --seed <text>    repeatable IDs
  --latency <ms>   wait this long before each answer
  --quiet          do not print one line per request
  --help           show this text`;

function fail(message: string): never {
  console.error(`voucherify-customers-mock: ${message}\n${USAGE}`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      stateful: { type: "boolean", default: false },
      empty: { type: "boolean", default: false },
      state: { type: "string" },
      seed: { type: "string" },
      latency: { type: "string", default: "0" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const portText = String(values.port);
if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail(`--port must be a whole number from 0 to 65535, got "${portText}"`);
if (!values.host) fail("--host needs a value, e.g. --host 127.0.0.1");
if (values.state === "") fail("--state needs a file name, e.g. --state .mock-customers.json");
const stateFile = values.state === undefined ? undefined : String(values.state);
if (values.empty && !values.stateful && !stateFile) fail("--empty only applies with --stateful");
if (values.seed === "") fail("--seed needs a value, e.g. --seed 1");
const latencyMs = Number(values.latency);
if (!/^\d+$/.test(String(values.latency))) fail(`--latency must be a whole number of milliseconds, got "${values.latency}"`);

const mode = values.stateful || stateFile ? "stateful" : "static";
let saved: Awaited<ReturnType<typeof readStateFile>>;
try {
  saved = stateFile ? await readStateFile(stateFile) : undefined;
} catch (error) {
  console.error(`voucherify-customers-mock: ${(error as Error).message}`);
  process.exit(1);
}
const engine = createMockEngine({
  mode,
  ...(values.seed !== undefined ? { seed: String(values.seed) } : {}),
  ...(saved ? { customers: saved } : values.empty ? { customers: [] } : {}),
  latencyMs,
});
const writer: StateFileWriter | undefined =
  stateFile && engine.store ? keepStoreIn(engine.store, stateFile, (error) => console.error(`voucherify-customers-mock: ${error.message}`)) : undefined;
const server = createEngineServer({
  handle: engine.handle,
  health: () => ({
    mode,
    contractVersion,
    operations: Object.keys(operationTable).length,
    ...(engine.store ? { customers: engine.store.size } : {}),
    ...(stateFile && writer ? { state: { file: stateFile, writes: writer.writes } } : {}),
  }),
  ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
});
const host = String(values.host);
try {
  const port = await listen(server, Number(portText), host);
  const url = urlOf(host, port);
  console.log(`Mock of the Customers API (${mode}): ${url}`);
  if (stateFile) console.log(`Customers kept in ${stateFile} (${saved ? `${saved.length} loaded` : "a new file, written on the first change"})`);
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
