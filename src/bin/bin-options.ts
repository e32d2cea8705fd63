// The flags of `voucherify-customers-mock`, checked before the engine loads,
// so a typo gets one clear sentence (and the tests check each one in process).
import { parseArgs } from "node:util";
import type { CustomersMockCredentials } from "../mock/credentials.js";
import { CREDENTIAL_FLAGS, credentialUsage, credentialsFrom } from "./credential-flags.js";

export const BIN_USAGE = `Usage: voucherify-customers-mock [options]
  --port <n>       port to listen on (default 4010; 0 picks a free one)
  --host <name>    interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --stateful       keep customers in memory: create, then get, list, update, delete
  --empty          with --stateful, start with no customers
  --state <file>   keep the customers in this JSON file across restarts (implies
                   --stateful; a missing file starts as --stateful does and is
                   created on the first change)
  --seed <text>    repeatable IDs
  --latency <ms>   wait this long before each answer
${credentialUsage(19)}
  --quiet          do not print one line per request
  --help           show this text`;

export interface BinOptions {
  port: number;
  host: string;
  mode: "static" | "stateful";
  empty: boolean;
  state?: string;
  seed?: string;
  latencyMs: number;
  /** The app keys to insist on (--app-id, --app-token); undefined: any non-empty keys. */
  credentials?: CustomersMockCredentials;
  quiet: boolean;
  help: boolean;
}

/** Parses the command's arguments (`env` for a key flag left out); throws an Error whose message is the one line to print. */
export function parseBinArgs(argv: string[], env: Record<string, string | undefined> = process.env): BinOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      stateful: { type: "boolean", default: false },
      empty: { type: "boolean", default: false },
      state: { type: "string" },
      seed: { type: "string" },
      latency: { type: "string", default: "0" },
      ...CREDENTIAL_FLAGS,
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port;
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be a whole number from 0 to 65535, got "${portText}"`);
  if (!values.host) throw new Error("--host needs a value, e.g. --host 127.0.0.1");
  if (values.state === "") throw new Error("--state needs a file name, e.g. --state .mock-customers.json");
  if (values.empty && !values.stateful && values.state === undefined) throw new Error("--empty only applies with --stateful");
  if (values.seed === "") throw new Error("--seed needs a value, e.g. --seed 1");
  if (!/^\d+$/.test(values.latency)) throw new Error(`--latency must be a whole number of milliseconds, got "${values.latency}"`);
  const credentials = credentialsFrom(values, env);
  return {
    port: Number(portText),
    host: values.host,
    mode: values.stateful || values.state !== undefined ? "stateful" : "static",
    empty: values.empty,
    ...(values.state !== undefined ? { state: values.state } : {}),
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    latencyMs: Number(values.latency),
    ...(credentials ? { credentials } : {}),
    quiet: values.quiet,
    help: values.help,
  };
}
