// The consumer setups of the matrix: each row is a throwaway project (the
// files it writes) and the commands that type-check, build and run it. Every
// row runs the same program: create a customer, get an unknown one (a 404 that
// must arrive as a CustomersApiError), and validate a request with the
// `adress` typo. Tools come from this repository's node_modules (the projects
// live under .tmp/, so Node and TypeScript find them by walking up), with
// `npm:` aliases for the other versions: typescript-5.4, typescript-7, jest-29.
//
// Three TypeScripts: 7 (the native compiler) for the module modes it
// supports (nodenext, node16, bundler), 5.9 for node10 (7 removed it) and
// under ts-jest, and 5.4, the floor the package declares.
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/project-paths.js";

/** What every row's program reports. */
export const EXPECTED = { id: "cust_consumer", status: 404, branded: true, typo: ["/adress"] };

/** The program, as a TypeScript module every TypeScript row compiles. */
export const CONSUMER_TS = `import { createCustomersClient, CustomersApiError } from "voucherify-customers-contract/client";
import { validateCustomerCreateRequest } from "voucherify-customers-contract/validators";
import type { Customer, CustomerCreateRequest } from "voucherify-customers-contract/types";

export async function useContract(baseUrl: string) {
  const client = createCustomersClient({ appId: "app", appToken: "token", baseUrl });
  const request: CustomerCreateRequest = { source_id: "consumer-1", name: "Bob Smith" };
  const created: Customer = await client.customers.create(request);
  let status: number | undefined;
  let branded = false;
  try {
    await client.customers.get("cust_missing");
  } catch (error) {
    if (CustomersApiError.is(error) && error.kind === "api") {
      status = error.status;
      branded = error instanceof CustomersApiError;
    }
  }
  const typo = validateCustomerCreateRequest({ source_id: "s", adress: { city: "Warsaw" } });
  return { id: created.id, status, branded, typo: typo.ok ? [] : typo.errors.map((issue) => issue.path) };
}
`;

/** A TypeScript row's program: its result, exported for test/consumers/run-compiled.cjs, which runs every row's output in one process. */
const MAIN_TS = `${CONSUMER_TS}
export const result = useContract(process.env.API_URL!);
`;

/**
 * The program in plain CommonJS, plus the dual-package check: an error made
 * by the CommonJS copy is an instance of the ESM copy's class. Like the
 * TypeScript rows' output, it exports its result for run-compiled.cjs, which
 * loads it with require().
 */
const MAIN_CJS = `const { createCustomersClient, CustomersApiError } = require("voucherify-customers-contract/client");
const { validateCustomerCreateRequest } = require("voucherify-customers-contract");

exports.result = (async () => {
  const client = createCustomersClient({ appId: "app", appToken: "token", baseUrl: process.env.API_URL });
  const created = await client.customers.create({ source_id: "consumer-1", name: "Bob Smith" });
  const caught = await client.customers.get("cust_missing").catch((error) => error);
  const typo = validateCustomerCreateRequest({ source_id: "s", adress: { city: "Warsaw" } });
  const esm = await import("voucherify-customers-contract/client");
  const { createCustomersMock } = require("voucherify-customers-contract/mock");
  // Resolved, not loaded: msw 2's own CommonJS build requires an ESM-only
  // dependency (rettime), so require("msw") needs Node 20.19+ whatever we ship.
  const msw = require.resolve("voucherify-customers-contract/msw");
  return {
    id: created.id,
    status: CustomersApiError.is(caught) && caught.kind === "api" ? caught.status : undefined,
    branded: caught instanceof CustomersApiError,
    typo: typo.ok ? [] : typo.errors.map((issue) => issue.path),
    resolved: require.resolve("voucherify-customers-contract/client").includes("/dist/cjs/"),
    subpaths: [typeof createCustomersMock, msw.endsWith("/dist/cjs/src/msw.js"), require("voucherify-customers-contract/schemas/Customer.json").title],
    crossCopy: {
      twoCopies: esm.CustomersApiError !== CustomersApiError,
      instanceOfEsm: caught instanceof esm.CustomersApiError,
      esmIs: esm.CustomersApiError.is(caught),
    },
  };
})();
`;

const testFile = (imports: string) => `${imports}
${CONSUMER_TS}
test("the contract works from this setup", async () => {
  expect(await useContract(process.env.API_URL!)).toEqual(${JSON.stringify(EXPECTED)});
});
`;

export type Step = { command: string; args: string[] };
export interface Row {
  name: string;
  files: Record<string, string>;
  /** Type-checked and compiled by the one `tsc -b` (TypeScript 7) shared by the rows in the module modes it supports, before `steps`. */
  sharedTsc?: boolean;
  steps: Step[];
  /** The program, run after the steps by test/consumers/run-compiled.cjs (one process for every such row); its exported `result` must equal `expected` or EXPECTED. */
  compiled?: { file: string; format: "esm" | "cjs" };
  /** The last step prints the program's JSON on its last line (else the step's exit code, or `compiled`, is the check). */
  printsResult: boolean;
  /** What the printed JSON or the `compiled` result must equal, when not EXPECTED. */
  expected?: unknown;
  /** Processor seconds it took on the 2-core machine (2026-11-30), a guide for the start order: slowest first, so the file does not end on one long row. */
  seconds: number;
}

const bin = (path: string) => join(ROOT, "node_modules", path);
const node = (...args: string[]): Step => ({ command: process.execPath, args });
/** TypeScript 5.9's `tsc -p .`, for the node10 row. */
const TSC_5_9 = node(bin("typescript/bin/tsc"), "-p", ".");
/** `tsc -p .` with TypeScript 5.4 and skipLibCheck false, less the check of @types/node's own files (see the script). */
const TSC_5_4_DECLARATIONS = node(join(ROOT, "test/consumers/check-declarations.mjs"), bin("typescript-5.4/lib/typescript.js"));
/** Node 20.19+ can require() ES modules; this flag restores what Node < 20.19 (and Jest) do, so a CommonJS row proves the CommonJS build. */
export const OLD_REQUIRE = "--no-experimental-require-module";

interface TsRow {
  name: string;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** Its own compile step; without one, the row is compiled by the shared `tsc -b` (TypeScript 7). */
  tsc?: Step;
  seconds: number;
}

/** `tsc --init`'s skipLibCheck: true, except in the row that checks our declarations themselves (no DOM lib, the TypeScript floor). */
const CHECK_DECLARATIONS = { skipLibCheck: false, skipDefaultLibCheck: true };

function tsRow({ name, type, compilerOptions, tsc, seconds }: TsRow): Row {
  const tsconfig = {
    compilerOptions: { target: "es2022", strict: true, skipLibCheck: true, types: ["node"], rootDir: ".", outDir: "out", ...compilerOptions },
    files: ["consumer.ts"],
  };
  return {
    name,
    files: {
      "package.json": JSON.stringify({ name: `consumer-${name}`, private: true, type }),
      "tsconfig.json": JSON.stringify(tsconfig, null, 2),
      "consumer.ts": MAIN_TS,
    },
    sharedTsc: tsc === undefined,
    steps: tsc === undefined ? [] : [tsc],
    compiled: { file: "out/consumer.js", format: type === "commonjs" ? "cjs" : "esm" },
    printsResult: false,
    seconds,
  };
}

const JEST_CONFIG = `/** @type {import("jest").Config} */
module.exports = { preset: "ts-jest" };
`;

function jestRow(name: string, jestBin: string, seconds: number): Row {
  return {
    name,
    files: {
      "package.json": JSON.stringify({ name: `consumer-${name}`, private: true }),
      // What a CommonJS project typically has: module commonjs, so node10 resolution, and a Node lib
      // (no DOM, as @tsconfig/node20 has; the tsc rows have DOM and @types/node together).
      // ts-jest type-checks with this, and lib.dom.d.ts (2 MB) was a fifth of each Jest row's time.
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          target: "es2022",
          lib: ["es2022"],
          module: "commonjs",
          strict: true,
          esModuleInterop: true,
          types: ["node"],
        },
      }),
      "jest.config.js": JEST_CONFIG,
      "consumer.test.ts": testFile(`import { expect, test } from "@jest/globals";`),
    },
    // The cache in the row's folder, deleted with it: Jest's default (/tmp/jest_*) keeps every run's transforms.
    steps: [node(bin(jestBin), "--ci", "--watchman=false", "--cacheDirectory=<rootDir>/.jest-cache")],
    printsResult: false,
    seconds,
  };
}

/**
 * The mock in its three forms, from the installed package (ESM: msw's own
 * CommonJS build needs Node 20.19+): the engine's handle(), the MSW handlers
 * under msw/node's setupServer, and the `voucherify-customers-mock` command
 * through npx (the package's bin, linked in node_modules/.bin as npm install
 * does) on a free port, asked for /__health and one API call, then stopped
 * (its port refuses connections afterwards).
 */
const MOCK_MJS = `import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setupServer } from "msw/node";
import { createCustomersMock } from "voucherify-customers-contract/mock";
import { createCustomersHandlers } from "voucherify-customers-contract/msw";

const headers = { "X-App-Id": "app", "X-App-Token": "token" };
const api = "https://api.voucherify.io/v1/customers";

const engine = createCustomersMock({ mode: "stateful" });
const created = await engine.handle(new Request(api, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify({ source_id: "consumer-1" }) }));
const fetched = await engine.handle(new Request(api + "/consumer-1", { headers }));

const server = setupServer(...createCustomersHandlers());
server.listen({ onUnhandledRequest: "error" });
const viaMsw = [(await fetch(api, { headers })).status, (await fetch(api + "/cust_missing", { headers })).status];
server.close();

// Its own process group, stopped as Ctrl-C stops it (npx does not pass SIGTERM on to the command).
const command = spawn("npx", ["--no", "--", "voucherify-customers-mock", "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"], detached: true });
// On an early exit, stop the group. A command stopped by a signal has a null exitCode (its signalCode
// is set), and a group that is already gone must not turn a passing run, or the error that ended it, into ESRCH.
process.on("exit", () => {
  try {
    if (command.exitCode === null && command.signalCode === null) process.kill(-command.pid, "SIGKILL");
  } catch {}
});
let url;
for await (const line of createInterface({ input: command.stdout })) {
  url = /^Mock of the Customers API .*: (http:\\/\\/\\S+)$/.exec(line)?.[1];
  if (url) break;
}
if (!url) throw new Error("the command exited without printing its URL");
const health = await (await fetch(url + "/__health")).json();
const listed = await fetch(url + "/v1/customers", { headers });
command.stdout.resume();
process.kill(-command.pid, "SIGTERM");
// "close": every process holding the command's stdout (npx, its shell, the mock) has exited.
await once(command, "close");
const afterStop = await fetch(url + "/__health").then(() => "still answering", (error) => error.cause?.code);
console.log(JSON.stringify({ engine: [created.status, fetched.status], msw: viaMsw, command: { health: health.mode, list: listed.status, afterStop } }));
`;

const MOCK_ROW: Row = {
  name: "mock engine, MSW handlers (msw/node) and the npx command",
  files: { "package.json": JSON.stringify({ name: "consumer-mock", private: true, type: "module" }), "consumer.mjs": MOCK_MJS },
  steps: [node("consumer.mjs")],
  printsResult: true,
  expected: { engine: [200, 200], msw: [200, 404], command: { health: "static", list: 200, afterStop: "ECONNREFUSED" } },
  seconds: 2,
};
// The seconds of the TypeScript 7 rows are their share of the shared `tsc -b`.
export const ROWS: Row[] = [
  tsRow({ name: "ts nodenext ESM (TypeScript 7)", type: "module", compilerOptions: { module: "nodenext" }, seconds: 0.3 }),
  tsRow({ name: "ts nodenext CommonJS (TypeScript 7)", type: "commonjs", compilerOptions: { module: "nodenext" }, seconds: 0.3 }),
  tsRow({ name: "ts node16 CommonJS (TypeScript 7)", type: "commonjs", compilerOptions: { module: "node16" }, seconds: 0.3 }),
  tsRow({
    name: "ts node10 (module commonjs, TypeScript 5.9)",
    type: "commonjs",
    compilerOptions: { module: "commonjs", moduleResolution: "node10" },
    tsc: TSC_5_9,
    seconds: 4,
  }),
  tsRow({ name: "ts bundler (TypeScript 7)", type: "module", compilerOptions: { module: "esnext", moduleResolution: "bundler" }, seconds: 0.3 }),
  // One row for both: checking declarations without skipLibCheck is the matrix's most expensive compile (8 s of CPU).
  tsRow({
    name: "TypeScript 5.4, no DOM lib, skipLibCheck false (nodenext CommonJS)",
    type: "commonjs",
    compilerOptions: { module: "nodenext", lib: ["es2022"], ...CHECK_DECLARATIONS },
    tsc: TSC_5_4_DECLARATIONS,
    seconds: 8,
  }),
  {
    name: "plain require()",
    files: { "package.json": JSON.stringify({ name: "consumer-require", private: true }), "consumer.cjs": MAIN_CJS },
    steps: [],
    compiled: { file: "consumer.cjs", format: "cjs" },
    printsResult: false,
    expected: { ...EXPECTED, resolved: true, subpaths: ["function", true, "Customer"], crossCopy: { twoCopies: true, instanceOfEsm: true, esmIs: true } },
    seconds: 0,
  },
  jestRow("Jest 29 + ts-jest", "jest-29/bin/jest.js", 7),
  jestRow("Jest 30 + ts-jest", "jest/bin/jest.js", 7),
  {
    name: "Vitest",
    files: {
      "package.json": JSON.stringify({ name: "consumer-vitest", private: true, type: "module" }),
      // A config of its own, so Vitest does not look further for one.
      "vitest.config.mjs": "export default {};\n",
      "consumer.test.ts": testFile(`import { expect, test } from "vitest";`),
    },
    steps: [node(bin("vitest/vitest.mjs"), "run", "--root", ".")],
    printsResult: false,
    seconds: 2,
  },
  MOCK_ROW,
];

/** The browser row's program: bundled by esbuild, run by Chromium from the API server's origin. */
export const BROWSER_TS = `${CONSUMER_TS}
useContract(location.origin).then(
  (result) => ((globalThis as any).consumerResult = result),
  (error) => ((globalThis as any).consumerResult = { error: String(error) }),
);
`;
