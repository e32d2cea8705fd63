// `npm run mock [-- --port 4010 --host 127.0.0.1 --dynamic --seed 1 --stateful --state FILE --app-id ID --app-token TOKEN --prism-spec FILE]`:
// the mock of the Customers API, with CORS and a health check, until Ctrl-C.
import { MOCK_USAGE, parseMockArgs } from "./lib/mock/mock-cli-options.js";
import { reportFailure } from "./lib/spec/report-failure.js";
import { stopOnSignals } from "./lib/process/stop-on-signals.js";

try {
  const { options, quiet, help } = parseMockArgs(process.argv.slice(2));
  if (help) {
    console.log(`npm run mock -- [options]\n${MOCK_USAGE}`);
    process.exit(0);
  }
  // Loaded once the flags are good: the engine and its validators are most of the start-up.
  const { startMock } = await import("./lib/mock/mock-server.js");
  const mock = await startMock({ ...options, portFlag: "npm run mock -- --port", ...(quiet ? {} : { log: (line: string) => console.log(line) }) });
  stopOnSignals(mock.stop, mock.prism.process);
  console.log(`Mock of the Customers API (${mock.mode}): ${mock.url}`);
  if (options.state) console.log(`Customers kept in ${options.state}`);
  // Says that keys are checked, never what they are.
  if (options.credentials) console.log("App keys checked: a request without the X-App-Id and X-App-Token given gets 401");
  console.log(`Health check: ${mock.url}/__health   (Ctrl-C to stop)`);
} catch (error) {
  reportFailure(error, "Starting the mock");
}
