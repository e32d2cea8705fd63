// The published package: `npm pack` builds it, publint and attw find no
// problem, and a fresh project can install the tarball and use it on Node 20.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";

const exec = promisify(execFile);
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);
const work = mkdtempSync(join(tmpdir(), "customers-pack-"));
let tarball = "";

beforeAll(async () => {
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, maxBuffer: 8 * 1024 * 1024 });
  tarball = join(work, JSON.parse(stdout)[0].filename);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the npm package", () => {
  it("passes publint with warnings as errors", async () => {
    const { stdout } = await exec(bin("publint"), ["run", tarball, "--strict", "--pack", "false"], { cwd: ROOT });
    expect(stdout).toMatch(/All good!/);
  });

  it("passes Are The Types Wrong for every entry point", async () => {
    // openapi.yaml is a data file TypeScript cannot resolve as a module; attw would flag it for that alone.
    const result = await exec(bin("attw"), [tarball, "--profile", "esm-only", "--format", "json", "--exclude-entrypoints", "./openapi.yaml"], {
      cwd: ROOT,
      maxBuffer: 32 * 1024 * 1024,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (e: { code: number; stdout: string }) => e,
    );
    const report = JSON.parse(result.stdout);
    // The esm-only profile ignores node10 and require() resolution: this package is ESM.
    const ignored = new Set(["node10", "node16-cjs"]);
    const all: Array<{ kind: string; entrypoint: string; resolutionKind?: string }> = Object.values(report.problems ?? {}).flat() as never;
    const problems = all.filter((p) => !ignored.has(p.resolutionKind ?? ""));
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(
      ["./client", "./examples", "./openapi.json", "./package.json", "./types", "./validators", "."].sort(),
    );
  });

  it("installs in an empty project and works from JavaScript and TypeScript on Node 20", async () => {
    const app = join(work, "consumer");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await exec("npm", ["install", tarball, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app });
    writeFileSync(
      join(app, "use.mjs"),
      `import { createCustomersClient, CustomersApiError, validateCustomerCreateRequest, examples, CONTRACT_VERSION } from "voucherify-customers-contract";
import { validateCustomer } from "voucherify-customers-contract/validators";
import { CustomerSeed } from "voucherify-customers-contract/examples";
import spec from "voucherify-customers-contract/openapi.json" with { type: "json" };
const client = createCustomersClient({ appId: "a", appToken: "t", baseUrl: "http://127.0.0.1:9" });
console.log(JSON.stringify({
  client: typeof client.customers.create,
  error: typeof CustomersApiError,
  request: validateCustomerCreateRequest(examples.CustomerCreateRequestSeed).ok,
  customer: validateCustomer(CustomerSeed).ok,
  version: CONTRACT_VERSION === spec.info.version,
}));
`,
    );
    const { stdout } = await exec("node", ["use.mjs"], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ client: "function", error: "function", request: true, customer: true, version: true });

    writeFileSync(
      join(app, "use.ts"),
      `import type { Customer, CustomerCreateRequest, ApiError, paths } from "voucherify-customers-contract/types";
import { createCustomersClient } from "voucherify-customers-contract";
const request: CustomerCreateRequest = { source_id: "s", email: "a@b.co" };
export async function create(): Promise<Customer> {
  return createCustomersClient({ appId: "a", appToken: "t" }).customers.create(request);
}
export type Error = ApiError;
export type CreatePath = keyof paths;
// @ts-expect-error a typo in a request property is caught by the published types too
export const typo: CustomerCreateRequest = { source_id: "s", adress: {} };
`,
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ["use.ts"] }),
    );
    const tsc = await exec(bin("tsc"), ["-p", join(app, "tsconfig.json")], { cwd: app }).catch((e: { stdout: string }) => e);
    expect(tsc.stdout).toBe("");
  });
});
