// `npm run breaking -- [--base <git-ref|file>] [--json] [--changelog]`
// Compares the spec in openapi/ with a base and fails (exit 1) when a breaking
// change is not matched by a major bump of info.version. Exit 2: could not compare.
// The command itself lives in lib/breaking/cli.ts, so the tests can run it in process.
import { runBreaking } from "./lib/breaking/cli.js";

process.exitCode = await runBreaking(process.argv.slice(2), { out: (text) => console.log(text), err: (text) => console.error(text) });
