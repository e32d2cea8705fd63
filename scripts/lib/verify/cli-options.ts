// The verify command line, parsed and checked: every bad value gets a
// sentence that names the flag, never a stack trace.
import { parseArgs } from "node:util";
import type { VerifySettings } from "./run-verification.js";

export const HELP = `Usage: npm run verify -- --base-url URL [options]

  --base-url URL       the server to check, e.g. https://api.voucherify.io or
                       the mock, http://127.0.0.1:4010
  --app-id ID          sent as X-App-Id (default: $VOUCHERIFY_APP_ID)
  --app-token TOKEN    sent as X-App-Token (default: $VOUCHERIFY_APP_TOKEN)
  --operations A,B     only these operationIds (default: every operation)
  --allow-writes       also run operations that change data (POST, PUT,
                       PATCH, DELETE); without it only GET/HEAD/OPTIONS run
  --runs N             generated requests per operation, 0-1000 (default 20),
                       on top of the documented examples
  --time-limit S       seconds per operation, 1-3600 (default 30)
  --timeout S          seconds per request, 1-600 (default 10)
  --seed N             seed of the generated requests (default: random, printed)
  --json               print the results as JSON
  -h, --help           this text

Exit codes: 0 every answer honoured the spec, 1 violations, 2 could not verify.`;

export interface VerifyCommand {
  help: boolean;
  json: boolean;
  operations?: string[];
  allowWrites: boolean;
  settings: VerifySettings;
}

/** A flag is missing or has a value the command cannot use. */
export class UsageError extends Error {
  override name = "UsageError";
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function parseVerifyCommand(argv: string[], env: Record<string, string | undefined> = process.env): VerifyCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "base-url": { type: "string" },
        "app-id": { type: "string" },
        "app-token": { type: "string" },
        operations: { type: "string" },
        "allow-writes": { type: "boolean" },
        runs: { type: "string" },
        "time-limit": { type: "string" },
        timeout: { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  if (values.help) {
    return { help: true, json: false, allowWrites: false, settings: { baseUrl: "", credentials: {}, runs: 0, timeLimitMs: 0, requestTimeoutMs: 0, seed: 0 } };
  }
  const baseUrl = text("base-url");
  if (!baseUrl) throw new UsageError("--base-url is required, e.g. --base-url http://127.0.0.1:4010");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--base-url must use http or https, got ${url.protocol}`);
  if (url.search || url.hash) throw new UsageError("--base-url must not have a query or a fragment");

  const list = text("operations");
  const operations = list === undefined ? undefined : list.split(",").map((s) => s.trim()).filter(Boolean);
  if (operations && operations.length === 0) throw new UsageError("--operations needs at least one operationId");

  const appId = text("app-id") ?? env.VOUCHERIFY_APP_ID;
  const appToken = text("app-token") ?? env.VOUCHERIFY_APP_TOKEN;
  return {
    help: false,
    json: values.json === true,
    ...(operations ? { operations } : {}),
    allowWrites: values["allow-writes"] === true,
    settings: {
      baseUrl: url.href,
      credentials: { ...(appId !== undefined ? { appId } : {}), ...(appToken !== undefined ? { appToken } : {}) },
      runs: integer("runs", text("runs"), 20, 0, 1000),
      timeLimitMs: integer("time-limit", text("time-limit"), 30, 1, 3600) * 1000,
      requestTimeoutMs: integer("timeout", text("timeout"), 10, 1, 600) * 1000,
      seed: integer("seed", text("seed"), Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 31 - 1),
    },
  };
}
