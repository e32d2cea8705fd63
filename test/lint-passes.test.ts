// The record of specs that passed the lint (scripts/lib/spec/lint-passes.ts):
// a spec whose files are all as they were when it passed is not linted again;
// any change to a file the lint read, to the rules, or a failing lint, and it
// is linted as before.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { lintSpec } from "../scripts/lib/spec/bundle-spec.js";
import { NO_LINT_CACHE_ENV, passedBefore, recordPass } from "../scripts/lib/spec/lint-passes.js";
import { REDOCLY_CONFIG } from "../scripts/lib/project-paths.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { copySpec } from "./support/generation-spec-copy.js";

const work = mkdtempSync(join(tmpdir(), "customers-lint-passes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** A spec of three files in a folder of its own. */
function smallSpec(name: string): { root: string; files: string[] } {
  const dir = join(work, name);
  mkdirSync(join(dir, "paths"), { recursive: true });
  const files = {
    "openapi.yaml": "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths:\n  /a: { $ref: paths/a.yaml }\n",
    "paths/a.yaml": "get: { $ref: ../op.yaml }\n",
    "op.yaml": "responses: { '200': { description: ok } }\n",
  };
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return { root: join(dir, "openapi.yaml"), files: Object.keys(files).map((file) => join(dir, file)) };
}

describe("the record of lint passes", () => {
  it("holds while every file the lint read is unchanged, here or in a copy of the folder, and not after an edit or a deletion", async () => {
    const options = { dir: join(work, "records-1") };
    const { root, files } = smallSpec("spec-1");
    expect(await passedBefore(root, options)).toBe(false);
    await recordPass(root, files, options);
    expect(await passedBefore(root, options)).toBe(true);

    cpSync(join(work, "spec-1"), join(work, "spec-1-copy"), { recursive: true });
    expect(await passedBefore(join(work, "spec-1-copy/openapi.yaml"), options)).toBe(true);

    const op = files[2]!;
    const text = readFileSync(op, "utf8");
    writeFileSync(op, text.replace("ok", "fine"));
    expect(await passedBefore(root, options)).toBe(false);
    writeFileSync(op, text);
    expect(await passedBefore(root, options)).toBe(true);
    rmSync(op);
    expect(await passedBefore(root, options)).toBe(false);
    // The root file's own text is part of the key.
    writeFileSync(op, text);
    writeFileSync(root, `${readFileSync(root, "utf8")}# edited\n`);
    expect(await passedBefore(root, options)).toBe(false);
  });

  it("is kept per set of rules: another config or plugin is a miss", async () => {
    const options = { dir: join(work, "records-2") };
    const { root, files } = smallSpec("spec-2");
    await recordPass(root, files, options);
    const otherConfig = join(work, "redocly-other.yaml");
    writeFileSync(otherConfig, `${readFileSync(REDOCLY_CONFIG, "utf8").replace("./scripts/", `${process.cwd()}/scripts/`)}\n# another rule set\n`);
    expect(await passedBefore(root, { ...options, configPath: otherConfig })).toBe(false);
    expect(await passedBefore(root, options)).toBe(true);
  });

  it("records nothing for a lint that read a file outside the root's folder, or with the switch off", async () => {
    const options = { dir: join(work, "records-3") };
    const { root, files } = smallSpec("spec-3");
    const outside = join(work, "outside.yaml");
    writeFileSync(outside, "x: 1\n");
    await recordPass(root, [...files, outside], options);
    expect(await passedBefore(root, options)).toBe(false);

    vi.stubEnv(NO_LINT_CACHE_ENV, "off");
    await recordPass(root, files, options);
    expect(existsSync(options.dir) ? readdirSync(options.dir) : []).toEqual([]);
    vi.unstubAllEnvs();
    await recordPass(root, files, options);
    expect(await passedBefore(root, options)).toBe(true);
    vi.stubEnv(NO_LINT_CACHE_ENV, "off");
    expect(await passedBefore(root, options)).toBe(false);
  });

  it("lets lintSpec skip a spec that passed, and lint it again once a file it reads is broken", async () => {
    const root = copySpec(join(work, "real"), ["/v1/customers/{customerId}"]);
    await lintSpec(root);
    expect(await passedBefore(root)).toBe(true);
    await lintSpec(root);

    // A broken schema file: the lint runs, fails with file:line, and the failure is not recorded.
    const schema = join(work, "real/components/schemas/CustomerAddress.yaml");
    const text = readFileSync(schema, "utf8");
    writeFileSync(schema, `${text}\nnot: [valid\n`);
    for (let i = 0; i < 2; i++) {
      const failure = await lintSpec(root).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(SpecError);
      expect(String((failure as SpecError).message)).toMatch(/CustomerAddress\.yaml:\d+/);
    }
    expect(await passedBefore(root)).toBe(false);
    writeFileSync(schema, text);
    expect(await passedBefore(root)).toBe(true);
  });
});
