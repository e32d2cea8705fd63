// The pipeline: generated/ matches the spec, output is deterministic, lint is
// clean, and a broken spec fails with the file and line, not a stack trace.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generateAll } from "../scripts/lib/generate/generate-all.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { syncGenerated } from "../scripts/lib/generate/sync-generated.js";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "customers-spec-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of openapi/ with one file changed. */
function brokenSpec(name: string, file: string, change: (text: string) => string): string {
  const dir = join(work, name);
  cpSync(join(ROOT, "openapi"), dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
  return join(dir, "openapi.yaml");
}

async function generateCli(args: string[]) {
  return run(process.execPath, ["--import", "tsx", "scripts/generate.ts", ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

// Each case runs the pipeline or a CLI; a generous ceiling for a busy machine (about 10 s when idle).
describe("generation", { timeout: 180_000 }, () => {
  it("generated/ is up to date with openapi/: this run changes no byte of an earlier one", async () => {
    // generated/ is the output of an earlier run (the one that wrote it), so a
    // byte-for-byte match is also the determinism check; a second run here
    // would only repeat it.
    expect(await syncGenerated({ check: true })).toEqual({ stale: [], extra: [] });
    const files = readdirSync(join(ROOT, "generated"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith("."));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it("--check names each stale file and exits 1", async () => {
    const out = join(work, "stale-out");
    cpSync(join(ROOT, "generated"), out, { recursive: true });
    writeFileSync(join(out, "schema.d.ts"), "// edited by hand\n");
    writeFileSync(join(out, "leftover.js"), "");
    const result = await generateCli(["--check", "--out", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stale: .*schema\.d\.ts/);
    expect(result.stderr).toMatch(/not produced by the spec: .*leftover\.js/);
    expect(result.stderr).not.toMatch(/validators\.js/);
  });

  it("lint reports no problem", async () => {
    const { stdout, stderr } = await run(join(ROOT, "node_modules/.bin/redocly"), ["lint"], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    });
    expect(`${stdout}${stderr}`).toContain("Your API description is valid");
  });

  const broken: Array<[string, string, (t: string) => string, RegExp]> = [
    [
      "a bad $ref",
      "paths/customers.yaml",
      (t) => t.replace("CustomerCreateRequest.yaml", "CustomerCreateRequst.yaml"),
      /paths\/customers\.yaml:\d+:\d+: Can't resolve \$ref/,
    ],
    [
      "invalid YAML",
      "components/schemas/CustomerAddress.yaml",
      (t) => t.replace("properties:\n", "properties:\n  - : [\n"),
      /components\/schemas\/CustomerAddress\.yaml:\d+:\d+: .*(parse|YAML|indentation|flow)/i,
    ],
    [
      "an example that fails its schema",
      "components/examples/CustomerSeed.yaml",
      (t) => t.replace("email: bob.smith@email.com", "email: 42"),
      /components\/examples\/CustomerSeed\.yaml:\d+:\d+: .*email.*string/,
    ],
    [
      "a property without a description",
      "components/schemas/CustomerAssets.yaml",
      (t) => t.replace(/\n    description: Former cockpit link[^\n]*/, ""),
      /components\/schemas\/CustomerAssets\.yaml:\d+:\d+: Every schema property needs a description/,
    ],
  ];
  it.each(broken)("fails on %s with the file and line", async (name, file, change, expected) => {
    const spec = brokenSpec(name.replace(/\W+/g, "-"), file, change);
    const error = await generateAll(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems.join("\n")).toMatch(expected);
  });

  it("prints spec problems without a stack trace", async () => {
    const spec = brokenSpec("cli", "paths/customers.yaml", (t) => t.replace("ApiError", "ApiEror").replace("BadRequest.yaml", "BadRequst.yaml"));
    const result = await generateCli(["--check", "--spec", spec, "--out", join(work, "cli-out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Generation failed: the spec has \d+ problem\(s\):/);
    expect(result.stderr).toMatch(/paths\/customers\.yaml:\d+:\d+: Can't resolve \$ref/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
