// `npm start [-- --port 4010 --docs-port 4011 --stateful …]`: regenerate if
// stale, then the mock and the docs side by side until Ctrl-C stops both.
import { MOCK_USAGE, parseMockArgs, parsePort } from "./lib/mock-cli-options.js";
import { reportFailure } from "./lib/report-failure.js";
import { serveDocs } from "./lib/serve-docs.js";
import { stopOnSignals } from "./lib/stop-on-signals.js";
import { syncGenerated } from "./lib/sync-generated.js";

try {
  const { options, quiet, help, values } = parseMockArgs(process.argv.slice(2), { "docs-port": { type: "string", default: "4011" } });
  if (help) {
    console.log(`npm start -- [options]\n${MOCK_USAGE}\n  --docs-port <n> port of the docs (default 4011)`);
    process.exit(0);
  }
  const docsPort = parsePort(values["docs-port"] as string, "--docs-port");
  const { stale } = await syncGenerated({ check: false });
  if (stale.length) console.log(`Regenerated ${stale.join(", ")} from openapi/.`);
  // Loaded after the sync: the stateful mock reads generated/ when it is imported.
  const { startMock } = await import("./lib/mock-server.js");
  const mock = await startMock({ ...options, ...(quiet ? {} : { log: (line: string) => console.log(line) }) });
  let docs;
  try {
    docs = await serveDocs(options.host!, docsPort);
  } catch (error) {
    await mock.stop();
    throw error;
  }
  const { server } = docs;
  stopOnSignals(async () => {
    server.closeAllConnections();
    await Promise.all([new Promise((resolve) => server.close(resolve)), mock.stop()]);
  }, mock.prism.process);
  console.log(`Mock (${mock.mode}): ${mock.url}   health: ${mock.url}/__health`);
  console.log(`Docs: ${docs.url}`);
  console.log("Ctrl-C stops both.");
} catch (error) {
  reportFailure(error, "npm start");
}
