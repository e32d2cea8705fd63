// `npm run mock [-- --port 4010 --host 127.0.0.1 --dynamic --seed 1 --stateful]`:
// the mock of the Customers API, with CORS and a health check, until Ctrl-C.
import { MOCK_USAGE, parseMockArgs } from "./lib/mock-cli-options.js";
import { startMock } from "./lib/mock-server.js";
import { reportFailure } from "./lib/report-failure.js";
import { stopOnSignals } from "./lib/stop-on-signals.js";

try {
  const { options, quiet, help } = parseMockArgs(process.argv.slice(2));
  if (help) {
    console.log(`npm run mock -- [options]\n${MOCK_USAGE}`);
    process.exit(0);
  }
  const mock = await startMock({ ...options, ...(quiet ? {} : { log: (line: string) => console.log(line) }) });
  stopOnSignals(mock.stop, mock.prism.process);
  console.log(`Mock of the Customers API (${mock.mode}): ${mock.url}`);
  console.log(`Health check: ${mock.url}/__health   (Ctrl-C to stop)`);
} catch (error) {
  reportFailure(error, "Starting the mock");
}
