// `npm run docs` (scripts/docs.ts) builds the docs page alone, with the
// generated code samples, and says where it wrote it. The command runs on a
// one-path copy of the spec, written to a temporary folder: half the CPU of the
// whole spec (lint and Redoc), and generated/, which other suites read, stays
// untouched. The page of the whole spec is generated/docs/index.html, the
// same function's output (generation.test.ts checks it is current).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { parseDocument } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { customerMethods } from "../src/client/customers-resource.js";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "customers-docs-build-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The path the one-path copy keeps, and the client methods of its operations. */
const KEPT_PATH = "/v1/customers/{customerId}";
const keptMethods = ["get", "update", "delete"] as const;

describe("npm run docs", () => {
  it("writes the page of the spec it is given, with its operations and their code samples, where it is told", async () => {
    cpSync(join(ROOT, "openapi"), join(work, "openapi"), { recursive: true });
    const rootFile = join(work, "openapi/openapi.yaml");
    const root = parseDocument(readFileSync(rootFile, "utf8"));
    const paths = root.toJS().paths as Record<string, unknown>;
    for (const path of Object.keys(paths)) if (path !== KEPT_PATH) root.deleteIn(["paths", path]);
    writeFileSync(rootFile, root.toString());
    const out = join(work, "page/index.html");

    const { stdout } = await run(process.execPath, ["scripts/run.mjs", "scripts/docs.ts", "--spec", rootFile, "--out", out], { cwd: ROOT });
    expect(stdout).toMatch(new RegExp(`^wrote ${relative(ROOT, out).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ KB\\)`));
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<title>Voucherify Customers API</title>");
    for (const name of keptMethods) {
      expect(html).toContain(`"operationId":"${customerMethods[name].operationId}"`);
      expect(html).toContain(`client.customers.${name}(`);
    }
    // Only the copy's path: the page is of the spec given, not of openapi/.
    expect(html).not.toContain(`"operationId":"${customerMethods.create.operationId}"`);
  });

  it("generated/docs/index.html, its page of the whole spec, has every operation and each one's client call", () => {
    const html = readFileSync(join(GENERATED, "docs/index.html"), "utf8");
    expect(html).toContain("<title>Voucherify Customers API</title>");
    for (const operationId of Object.keys(operationTable)) expect(html).toContain(`"operationId":"${operationId}"`);
    // Each operation's TypeScript sample calls its client method.
    for (const name of Object.keys(customerMethods)) expect(html).toContain(`client.customers.${name}(`);
  });
});
