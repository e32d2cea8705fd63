// `npm start [-- --port 4010 --docs-port 4011 --stateful …]`: regenerate if
// openapi/ changed (a content hash answers that in milliseconds), then the mock
// and the docs side by side until Ctrl-C stops both. Prints each step.
// `--spec <openapi.yaml> --out <folder>` check a copy instead (the tests do).
import { resolve } from "node:path";
import { MOCK_USAGE, parseMockArgs, parsePort } from "./lib/mock/mock-cli-options.js";
import { reportFailure } from "./lib/spec/report-failure.js";
import { serveDocs } from "./lib/docs/serve-docs.js";
import { checkSpec, startupLog } from "./lib/docs/startup.js";
import { stopOnSignals } from "./lib/process/stop-on-signals.js";

const log = startupLog();
try {
  const extra = { "docs-port": { type: "string", default: "4011" }, spec: { type: "string" }, out: { type: "string" } } as const;
  const { options, quiet, help, values } = parseMockArgs(process.argv.slice(2), extra);
  if (help) {
    console.log(`npm start -- [options]\n${MOCK_USAGE}\n  --docs-port <n> port of the docs (default 4011)`);
    process.exit(0);
  }
  const docsPort = parsePort(values["docs-port"] as string, "--docs-port");
  await checkSpec(log, {
    ...(values.spec ? { specRoot: resolve(values.spec as string) } : {}),
    ...(values.out ? { outDir: resolve(values.out as string) } : {}),
  });
  log.step("Starting the mock (Prism) and the docs…");
  // The docs first: they listen at once, so a taken docs port stops the start
  // before the mock loads. The mock's own taken port fails before Prism starts.
  const served = await serveDocs(options.host!, docsPort, "npm start -- --docs-port");
  const docs = {
    ...served,
    stop: () => new Promise<void>((resolve) => (served.server.closeAllConnections(), served.server.close(() => resolve()))),
  };
  let mock: Awaited<ReturnType<typeof import("./lib/mock/mock-server.js").startMock>>;
  try {
    // Loaded after the check: the mock reads generated/ when it is imported.
    const { startMock } = await import("./lib/mock/mock-server.js");
    mock = await startMock({ ...options, portFlag: "npm start -- --port", ...(quiet ? {} : { log: (line: string) => console.log(line) }) });
  } catch (error) {
    await docs.stop();
    throw error;
  }
  stopOnSignals(async () => void (await Promise.all([docs.stop(), mock.stop()])), mock.prism.process);
  log.done("ready");
  console.log(`Mock (${mock.mode}): ${mock.url}   health: ${mock.url}/__health`);
  console.log(`Docs: ${docs.url}`);
  console.log("Ctrl-C stops both.");
} catch (error) {
  reportFailure(error, "npm start");
}
