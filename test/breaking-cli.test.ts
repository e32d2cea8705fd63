// `npm run breaking` end to end on the project's own spec: exit codes, report,
// JSON output. Bases are copies of the bundled spec changed in one place.
// One case spawns the real command, which lints and bundles openapi/; the
// others run the same command in process (lib/breaking/cli.ts) against
// generated/openapi.json, the bundle generation.test.ts proves up to date.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBreaking } from "../scripts/lib/breaking/cli.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import type { BundledSpec } from "../scripts/lib/spec/bundle-spec.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { bundledSpec } from "./support/spec.js";

const dir = mkdtempSync(join(tmpdir(), "breaking-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loadHead = async (): Promise<BundledSpec> => ({ document: bundledSpec, files: [] });

/** Runs the guard in process; resolves with its exit code and output. */
async function guard(args: string[], options: { loadHead?: () => Promise<BundledSpec> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBreaking(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, { loadHead, ...options });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Runs `npm run breaking`'s command in a child process; resolves with its exit code and output, whatever the code. */
function spawnGuard(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["scripts/run.mjs", "scripts/breaking.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 150_000 }, (error, out, err) => {
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
const REMOVED_FIELD = /breaking\s+major\s+response\.property-removed\s+POST \/v1\/customers response 200 \(application\/json\) \/loyalty_tier/;

describe("npm run breaking", () => {
  // The real command: arguments, linting and bundling openapi/, stdout and the
  // exit code CI reads. A generous ceiling for a busy machine (seconds when idle).
  it("fails, exit 1, when a breaking change comes without a major bump", { timeout: 180_000 }, async () => {
    const { code, out } = await spawnGuard("--base", baseFile("extra-field.json", withExtraField));
    expect(out).toMatch(REMOVED_FIELD);
    expect(out).toContain("### Breaking changes");
    expect(out).toMatch(/FAIL: \d+ breaking change\(s\) need a major version bump/);
    expect(code).toBe(1);
    // Every change is the base's one: openapi/ as the command bundles it reads
    // like generated/openapi.json, the head of the in-process cases.
    const rows = out.split("\n").filter((line) => /^(breaking|non-breaking)\s/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/response\.property-removed .*\/loyalty_tier\s/);
    expect(out).toContain(`${rows.length} change(s): ${rows.length} breaking, 0 non-breaking`);
  });

  it("passes the spec against its own bundle", async () => {
    const { code, out } = await guard(["--base", baseFile("same.json", () => {})]);
    expect(out).toContain("No differences that a client can see.");
    expect(code).toBe(0);
  });

  it("passes the same change when info.version took a major step", async () => {
    const { code, out } = await guard([
      "--base",
      baseFile("older.json", (spec) => {
        withExtraField(spec);
        spec.info.version = "0.0.1"; // 0.0.1 → 0.1.0 is the breaking digit under 0.y.z
      }),
    ]);
    expect(out).toContain("OK: info.version 0.0.1 →");
    expect(code).toBe(0);
  });

  it("prints the changes as JSON with --json", async () => {
    const { code, out } = await guard(["--json", "--base", baseFile("extra-field-json.json", withExtraField)]);
    const report = JSON.parse(out);
    expect(report.ok).toBe(false);
    expect(report.changes).toContainEqual(expect.objectContaining({ class: "breaking", rule: "response.property-removed", pointer: "/loyalty_tier" }));
    expect(code).toBe(1);
  });

  it("exits 2 with a clear message for a base it cannot read or an unknown flag", async () => {
    const [missing, flag] = await Promise.all([guard(["--base", "no/such/thing"]), guard(["--bse", "x"])]);
    expect(missing.err).toContain("breaking: --base no/such/thing is neither a file nor a git revision");
    expect(missing.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--bse'");
    expect(flag.code).toBe(2);
  });

  it("exits 2 naming the spec whose info.version is not a semantic version", async () => {
    const file = baseFile("odd-version.json", (spec) => (spec.info.version = "one"));
    const { code, err } = await guard(["--base", file]);
    expect(err).toBe(`breaking: the base spec (${file}): info.version "one" is not a semantic version (MAJOR.MINOR.PATCH)`);
    expect(code).toBe(2);
  });

  it("exits 2 with the file and line when the spec does not lint", async () => {
    // generation.test.ts proves that lintAndBundle names file:line in a SpecError; here, that the guard prints them.
    const problem = "openapi/paths/customers.yaml:12:9: Can't resolve $ref (no-unresolved-refs)";
    const loadBroken = () => Promise.reject(new SpecError([problem]));
    const { code, out, err } = await guard(["--base", baseFile("same-broken.json", () => {})], { loadHead: loadBroken });
    expect(err).toBe(`breaking: the spec in openapi/ has 1 problem(s):\n  ${problem}`);
    expect(out).toBe("");
    expect(code).toBe(2);
  });
});
