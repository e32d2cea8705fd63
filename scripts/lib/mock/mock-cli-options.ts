// The mock's command-line flags, shared by `npm run mock` and `npm start`,
// checked up front so a typo gets one clear sentence instead of a stack trace.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CREDENTIAL_FLAGS, credentialUsage, credentialsFrom } from "../../../src/bin/credential-flags.js";
import type { MockOptions } from "./mock-server.js";

export const MOCK_FLAGS = {
  host: { type: "string", default: "127.0.0.1" },
  port: { type: "string", default: "4010" },
  dynamic: { type: "boolean", default: false },
  stateful: { type: "boolean", default: false },
  empty: { type: "boolean", default: false },
  state: { type: "string" },
  seed: { type: "string" },
  quiet: { type: "boolean", default: false },
  "prism-spec": { type: "string" },
  ...CREDENTIAL_FLAGS,
} as const;

export const MOCK_USAGE = `Options:
  --port <n>     port to listen on (default 4010; 0 picks a free one)
  --host <name>  interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --dynamic      generate bodies from the schemas instead of serving the examples
  --seed <text>  repeatable data: Prism's generated bodies, the stateful mock's IDs
  --stateful     keep customers in memory: create, then get, list, update, delete
  --empty        with --stateful, start with no customers
  --state <file> keep the customers in this JSON file across restarts (implies
                 --stateful; a missing file starts as --stateful does and is
                 created on the first change; a corrupt one stops the start)
${credentialUsage(17)}
  --quiet        do not print one line per request
  --prism-spec <file>
                 the OpenAPI file Prism serves (default generated/openapi.yaml);
                 the answers of the engine still come from generated/. A small
                 spec starts in a fraction of the time (the tests use one)`;

export function parsePort(text: string | undefined, flag: string): number {
  const port = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || port > 65535) throw new Error(`${flag} must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

/** Parses argv (`env` for a key flag left out); `extra` adds flags of the calling script (e.g. --docs-port). Throws with a readable message. */
export function parseMockArgs<E extends Record<string, { type: "string" | "boolean"; default?: string | boolean }>>(
  argv: string[],
  extra: E = {} as E,
  env: Record<string, string | undefined> = process.env,
) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...MOCK_FLAGS, ...extra, help: { type: "boolean", default: false } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${MOCK_USAGE}`);
  }
  if (values.state === "") throw new Error("--state needs a file name, e.g. --state .mock-customers.json");
  if (values.state !== undefined && values.dynamic) throw new Error("--state keeps stateful customers; it does not apply with --dynamic");
  const stateful = values.stateful === true || values.state !== undefined;
  if (values.empty && !stateful) throw new Error("--empty only applies with --stateful");
  if (values.seed !== undefined && !values.dynamic && !stateful) throw new Error("--seed only applies with --dynamic or --stateful");
  if (values.seed === "") throw new Error("--seed needs a value, e.g. --seed 1");
  if (!values.host) throw new Error("--host needs a value, e.g. --host 127.0.0.1");
  const credentials = credentialsFrom(values as { "app-id"?: string; "app-token"?: string }, env);
  const prismSpec = values["prism-spec"] as string | undefined;
  if (prismSpec !== undefined && !existsSync(prismSpec)) throw new Error(`--prism-spec: there is no file ${prismSpec}`);
  const options: MockOptions = {
    host: values.host as string,
    port: parsePort(values.port as string, "--port"),
    dynamic: values.dynamic === true,
    stateful,
    empty: values.empty === true,
    ...(values.state !== undefined ? { state: values.state as string } : {}),
    ...(values.seed !== undefined ? { seed: values.seed as string } : {}),
    ...(prismSpec !== undefined ? { prismSpec: resolve(prismSpec) } : {}),
    ...(credentials ? { credentials } : {}),
  };
  return { options, quiet: values.quiet === true, help: values.help === true, values };
}
