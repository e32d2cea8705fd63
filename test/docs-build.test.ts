// `npm run docs` (scripts/docs.ts) builds the docs page alone, with the
// generated code samples, and says where it wrote it.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { customerMethods } from "../src/client/customers-resource.js";

const run = promisify(execFile);

describe("npm run docs", () => {
  it("writes generated/docs/index.html with every operation and its code samples", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/docs.ts"], { cwd: ROOT });
    expect(stdout).toMatch(/^wrote generated\/docs\/index\.html \(\d+ KB\)/);
    const html = readFileSync(join(GENERATED, "docs/index.html"), "utf8");
    expect(html).toContain("<title>Voucherify Customers API</title>");
    for (const operationId of Object.keys(operationTable)) expect(html).toContain(`"operationId":"${operationId}"`);
    // Each operation's TypeScript sample calls its client method.
    for (const name of Object.keys(customerMethods)) expect(html).toContain(`client.customers.${name}(`);
  });
});
