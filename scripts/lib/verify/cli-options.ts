// The verify command line, parsed and checked: every bad value gets a
// sentence that names the flag, never a stack trace.
import { parseArgs } from "node:util";
import { CHECKS, CHECK_NAMES, DEFAULT_CHECKS, isCheckName, type CheckName } from "./checks.js";
import type { VerifySettings } from "./run-verification.js";

const checkList = CHECK_NAMES.map((name) => `    ${name.padEnd(29)}${CHECKS[name]}`).join("\n");

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
  --checks LIST        all (default) or a comma-separated list of the checks below
  --skip-wrong-credentials
                       ignored_auth sends no wrong app keys, only none or
                       part of them (for a mock that takes any keys)
  --max-response-time MS
                       also fail any answer slower than MS milliseconds
                       (turns on max_response_time)
  --junit FILE         also write a JUnit XML report: one testcase per
                       operation and check
  --json               print the results as JSON instead of the text report
  -h, --help           this text

Phases: examples (every documented example), coverage (invalid bodies and
parameters, missing headers, no or partial credentials), fuzzing (generated
requests, shrunk on failure), stateful (sequences through the spec's links;
those that create need --allow-writes, and what they create is permanently
deleted at the end).

Checks:
${checkList}

Each failure prints the smallest request found (a failing generated request
is shrunk with up to 150 more requests), a curl line that replays it (the app
token as $VOUCHERIFY_APP_TOKEN) and the seed.

Exit codes: 0 every check passed, 1 a check failed, 2 could not verify,
3 inconclusive: no check failed, but the run could not show that the server
works (an operation no valid request got a 2xx from, a check that only got
429s, a create sequence that could not start); the report names each.`;

/** The exit code of each verdict; 2 is for a run that could not verify at all. */
export const EXIT_CODES = { passed: 0, failed: 1, inconclusive: 3 } as const;

export interface VerifyCommand {
  help: boolean;
  json: boolean;
  /** Where to write the JUnit XML report. */
  junit?: string;
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

/** `all` or names; max_response_time comes with its limit, and only with it. */
export function parseChecks(raw: string | undefined, timed: boolean): Set<CheckName> {
  const chosen = new Set<CheckName>(raw === undefined || raw.trim() === "all" ? DEFAULT_CHECKS : []);
  if (raw !== undefined && raw.trim() !== "all") {
    const names = raw.split(",").map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new UsageError("--checks needs \"all\" or at least one check name");
    const unknown = names.filter((n) => !isCheckName(n));
    if (unknown.length > 0) throw new UsageError(`unknown check(s): ${unknown.join(", ")}. The checks are: ${CHECK_NAMES.join(", ")}`);
    for (const name of names as CheckName[]) chosen.add(name);
    if (chosen.has("max_response_time") && !timed) throw new UsageError("max_response_time needs a limit: add --max-response-time MS");
  }
  if (timed) chosen.add("max_response_time");
  return chosen;
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
        checks: { type: "string" },
        "skip-wrong-credentials": { type: "boolean" },
        "max-response-time": { type: "string" },
        junit: { type: "string" },
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
    return { help: true, json: false, allowWrites: false, settings: { baseUrl: "", credentials: {}, runs: 0, timeLimitMs: 0, requestTimeoutMs: 0, seed: 0, checks: new Set() } };
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

  const maxResponseTime = text("max-response-time");
  const maxResponseTimeMs = maxResponseTime === undefined ? undefined : integer("max-response-time", maxResponseTime, 0, 1, 600_000);
  const checks = parseChecks(text("checks"), maxResponseTimeMs !== undefined);
  const junit = text("junit");
  if (junit !== undefined && junit.trim() === "") throw new UsageError("--junit needs a file name");

  const appId = text("app-id") ?? env.VOUCHERIFY_APP_ID;
  const appToken = text("app-token") ?? env.VOUCHERIFY_APP_TOKEN;
  return {
    help: false,
    json: values.json === true,
    ...(junit !== undefined ? { junit } : {}),
    ...(operations ? { operations } : {}),
    allowWrites: values["allow-writes"] === true,
    settings: {
      baseUrl: url.href,
      credentials: { ...(appId !== undefined ? { appId } : {}), ...(appToken !== undefined ? { appToken } : {}) },
      runs: integer("runs", text("runs"), 20, 0, 1000),
      timeLimitMs: integer("time-limit", text("time-limit"), 30, 1, 3600) * 1000,
      requestTimeoutMs: integer("timeout", text("timeout"), 10, 1, 600) * 1000,
      seed: integer("seed", text("seed"), Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 31 - 1),
      checks,
      ...(values["skip-wrong-credentials"] === true ? { wrongCredentials: false } : {}),
      ...(maxResponseTimeMs !== undefined ? { maxResponseTimeMs } : {}),
    },
  };
}
