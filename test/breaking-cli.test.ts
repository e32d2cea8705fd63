// `npm run breaking` end to end on the project's own spec: exit codes, report,
// JSON output. Bases are copies of the bundled spec changed in one place.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledSpec } from "./support/spec.js";

const ROOT = new URL("../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "breaking-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the guard's command; resolves with its exit code and output, whatever the code. */
function guard(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "scripts/breaking.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 150_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, out, err });
    });
  });
}

function baseFile(name: string, change: (spec: any) => void): string {
  const spec = structuredClone(bundledSpec);
  change(spec);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

// A base whose Customer had one more always-present field: the current spec removed it.
const withExtraField = (spec: any) => {
  spec.components.schemas.Customer.properties.loyalty_tier = { type: "string", description: "Gone." };
  spec.components.schemas.Customer.required.push("loyalty_tier");
};

// Each case starts the guard (seconds of linting); a generous ceiling for a busy machine.
describe("npm run breaking", { timeout: 180_000 }, () => {
  it("passes the spec against its own bundle", async () => {
    const { code, out } = await guard("--base", baseFile("same.json", () => {}));
    expect(out).toContain("No differences that a client can see.");
    expect(code).toBe(0);
  });

  it("fails, exit 1, when a breaking change comes without a major bump", async () => {
    const { code, out } = await guard("--base", baseFile("extra-field.json", withExtraField));
    expect(out).toMatch(/breaking\s+major\s+response\.property-removed\s+POST \/v1\/customers response 200 \(application\/json\) \/loyalty_tier/);
    expect(out).toContain("### Breaking changes");
    expect(out).toMatch(/FAIL: \d+ breaking change\(s\) need a major version bump/);
    expect(code).toBe(1);
  });

  it("passes the same change when info.version took a major step", async () => {
    const { code, out } = await guard("--base", baseFile("older.json", (spec) => {
      withExtraField(spec);
      spec.info.version = "0.0.1"; // 0.0.1 → 0.1.0 is the breaking digit under 0.y.z
    }));
    expect(out).toContain("OK: info.version 0.0.1 →");
    expect(code).toBe(0);
  });

  it("prints the changes as JSON with --json", async () => {
    const { code, out } = await guard("--json", "--base", baseFile("extra-field-json.json", withExtraField));
    const report = JSON.parse(out);
    expect(report.ok).toBe(false);
    expect(report.changes).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.property-removed", pointer: "/loyalty_tier" }));
    expect(code).toBe(1);
  });

  it("exits 2 with a clear message for a base it cannot read or an unknown flag", async () => {
    const [missing, flag] = await Promise.all([guard("--base", "no/such/thing"), guard("--bse", "x")]);
    expect(missing.err).toContain("breaking: --base no/such/thing is neither a file nor a git revision");
    expect(missing.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--bse'");
    expect(flag.code).toBe(2);
  });
});
