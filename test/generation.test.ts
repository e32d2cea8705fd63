// The pipeline: generated/ matches the spec, output is deterministic, lint is
// clean, and a broken spec fails with the file and line, not a stack trace.
// One generation of openapi/ serves every case that needs one.
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { bundleStandalone } from "../scripts/lib/generate/bundle-standalone.js";
import { generateAll } from "../scripts/lib/generate/generate-all.js";
import { ROOT } from "../scripts/lib/project-paths.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { describeSync, syncGenerated } from "../scripts/lib/generate/sync-generated.js";
import { endIdleWorkers } from "../scripts/lib/generate/worker-task.js";
import { copySpec, type SpecEdit } from "./support/generation-spec-copy.js";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "customers-spec-"));
afterAll(() => {
  // The runs below share the pipeline's workers (each loads its tools once); the next file in this process needs none.
  endIdleWorkers();
  rmSync(work, { recursive: true, force: true });
});

let generation: Promise<Map<string, string>> | undefined;
/** The pipeline's output for openapi/, generated once for this file. */
const generated = () => (generation ??= generateAll());

/** Serves every file the broken specs below edit (through Customer and CustomerCreateRequest). */
const KEPT_PATH = "/v1/customers";

/** The paths a copy keeps to pass the lint: every operation its links name. */
const LINT_CLEAN_PATHS = ["/v1/customers", "/v1/customers/{customerId}", "/v1/customers/{customerId}/permanent-deletion"];

/** A copy of openapi/ with each file of `edits` changed, and with only the path the edited files serve. */
const brokenSpec = (name: string, edits: SpecEdit[]) => copySpec(join(work, name), [KEPT_PATH], edits);

async function generateCli(args: string[]) {
  return run(process.execPath, ["scripts/run.mjs", "scripts/generate.ts", ...args], { cwd: ROOT, timeout: 170_000 }).then(
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
    expect(await syncGenerated({ check: true, outputs: await generated() })).toEqual({ stale: [], extra: [] });
    const files = readdirSync(join(ROOT, "generated"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith("."));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it("names bundled modules by their path in the checkout, also where node_modules is a symlink (pnpm, a shared install)", async () => {
    // Else generated/validators.js would carry the link's target in its
    // comments and keys, and `generate --check` would call it stale there.
    const checkout = join(work, "linked-checkout");
    mkdirSync(checkout);
    symlinkSync(join(ROOT, "node_modules"), join(checkout, "node_modules"), "dir");
    const entry = 'export { default as equal } from "virtual:ajv-standalone";';
    const js = await bundleStandalone(entry, 'module.exports = require("ajv/dist/runtime/equal");', "entry.js", [], checkout);
    expect(js).toContain("// node_modules/ajv/dist/runtime/equal.js");
    expect(js).not.toContain("../");
  });

  it("--check names each stale file and exits 1", async () => {
    const out = join(work, "stale-out");
    cpSync(join(ROOT, "generated"), out, { recursive: true });
    writeFileSync(join(out, "schema.d.ts"), "// edited by hand\n");
    writeFileSync(join(out, "leftover.js"), "");
    const result = await syncGenerated({ check: true, outDir: out, outputs: await generated() });
    expect(result).toEqual({ stale: ["schema.d.ts"], extra: ["leftover.js"] });
    // What `npm run generate -- --check --out <out>` prints and exits with.
    const report = describeSync(result, true, (file) => relative(ROOT, join(out, file)));
    expect(report.code).toBe(1);
    const stderr = report.err.join("\n");
    expect(stderr).toMatch(/stale: .*schema\.d\.ts/);
    expect(stderr).toMatch(/not produced by the spec: .*leftover\.js/);
    expect(stderr).not.toMatch(/validators\.js/);
  });

  it("lint reports no problem", async () => {
    // generateAll lints openapi/ with redocly.yaml (what `npm run lint` reads)
    // and rejects on any error; recommended-strict and the house rules make
    // every rule an error, so a resolved generation is a clean lint.
    await expect(generated()).resolves.toBeInstanceOf(Map);
  });

  it("generates a recursive schema: one that refers to itself, and two that refer to each other", async () => {
    // Valid OpenAPI 3.1. AJV calls a schema on a cycle through a wrapper object
    // (`wrapper0.validate.errors`), which generate-validators.ts must rewrite too.
    const dir = join(work, "recursive");
    const specRoot = copySpec(dir, LINT_CLEAN_PATHS, [
      [
        "components/schemas/CustomerAddress.yaml",
        (t) => `${t}  parent:\n    $ref: ./CustomerAddress.yaml\n    description: The address this one is part of.\n  link:\n    $ref: ./AddressLink.yaml\n    description: A link to another address.\n`,
      ],
    ]);
    writeFileSync(
      join(dir, "components/schemas/AddressLink.yaml"),
      "type: object\ndescription: A link to an address.\nproperties:\n  address:\n    $ref: ./CustomerAddress.yaml\n    description: The address linked to.\n",
    );
    const outputs = await generateAll(specRoot);
    const valid = { city: "Oslo", parent: { parent: { city: null } }, link: { address: { link: { address: { city: "Bergen" } } } } };
    const invalid = { parent: { link: { address: { parent: { city: 42 } } } } };

    const validators = join(dir, "validators.mjs");
    writeFileSync(validators, outputs.get("validators.js")!);
    const { validateCustomerAddress, validateAddressLink } = await import(pathToFileURL(validators).href);
    expect(validateCustomerAddress(valid)).toEqual({ ok: true, value: valid });
    expect(validateCustomerAddress(invalid)).toMatchObject({ ok: false, errors: [{ path: "/parent/link/address/parent/city", keyword: "type" }] });
    expect(validateAddressLink({ address: invalid })).toMatchObject({ ok: false, errors: [{ path: "/address/parent/link/address/parent/city", keyword: "type" }] });

    // Each JSON schema stands alone, its cycle through `#` and its own $defs.
    for (const [name, value] of [["CustomerAddress", invalid], ["AddressLink", { address: invalid }]] as const) {
      const check = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(outputs.get(`schemas/${name}.json`)!));
      expect(check(name === "CustomerAddress" ? valid : { address: valid }), name).toBe(true);
      expect(check(value), name).toBe(false);
      expect(check.errors?.map((e) => e.instancePath), name).toContain(`${name === "AddressLink" ? "/address" : ""}/parent/link/address/parent/city`);
    }
    expect(outputs.get("schema.d.ts")).toMatch(/parent\?: components\["schemas"\]\["CustomerAddress"\]/);
    expect(outputs.get("schema.d.ts")).toMatch(/address\?: components\["schemas"\]\["CustomerAddress"\]/);
    expect(outputs.get("mock-data.js")).toBeTruthy();
  });

  // Broken copies of openapi/, one per stage that should stop the pipeline:
  // files that cannot be read stop the bundling, rule breaches stop the lint,
  // and a root file that is not YAML stops both before they reach any other
  // file. Each stage reports every problem it finds, so one copy carries
  // several. The command runs the first copy (its output is what a developer
  // reads), generateAll in process the others.
  let command: ReturnType<typeof generateCli> | undefined;
  const unreadable = () =>
    (command ??= generateCli([
      "--check",
      "--spec",
      brokenSpec("unreadable", [
        ["paths/customers.yaml", (t) => t.replace("CustomerCreateRequest.yaml", "CustomerCreateRequst.yaml")],
        ["components/schemas/CustomerAddress.yaml", (t) => t.replace("properties:\n", "properties:\n  - : [\n")],
        ["components/schemas/CustomerAssets.yaml", () => ""],
      ]),
      "--out",
      join(work, "unreadable-out"),
    ]));
  const failures = new Map<string, Promise<unknown>>();
  /** generateAll's error for a broken copy, run once however many cases read it. */
  const generationError = (name: string, edits: SpecEdit[]) => {
    if (!failures.has(name)) failures.set(name, generateAll(brokenSpec(name, edits)).then(() => undefined, (error: unknown) => error));
    return failures.get(name)!;
  };
  const copies = {
    "breaks rules": () =>
      generationError("breaks-rules", [
        ["components/examples/CustomerSeed.yaml", (t) => t.replace("email: bob.smith@email.com", "email: 42")],
        ["components/schemas/CustomerAssets.yaml", (t) => t.replace(/\n    description: Former cockpit link[^\n]*/, "")],
        // Lint's house/link-operation-exists (scripts/lib/spec/lint-plugin.mjs); before it, only the docs build noticed, without a line.
        ["components/links/GetListedCustomer.yaml", (t) => t.replace("operationId: getCustomer\n", "operationId: getCustomr\n")],
      ]),
    // Valid OpenAPI, but generated code names constants after components. Lint-clean otherwise: lint's problems come first.
    "bad names": () => {
      const dir = join(work, "bad-names");
      const specRoot = copySpec(dir, LINT_CLEAN_PATHS, [
        ["components/schemas/Customer.yaml", (t) => t.replace("./CustomerAssets.yaml", "./Customer-Assets.yaml")],
        ["paths/customers.yaml", (t) => t.replace("/CustomerSeed.yaml", "/default.yaml")],
      ]);
      renameSync(join(dir, "components/schemas/CustomerAssets.yaml"), join(dir, "components/schemas/Customer-Assets.yaml"));
      copyFileSync(join(dir, "components/examples/CustomerSeed.yaml"), join(dir, "components/examples/default.yaml")); // another path refers to it too
      if (!failures.has("bad-names")) failures.set("bad-names", generateAll(specRoot).then(() => undefined, (error: unknown) => error));
      return failures.get("bad-names")!;
    },
    // openapi-core throws "Self-referencing circular pointer" with no file; bundle-spec.ts finds the loop (ref-loops.ts).
    "ref loop": () => generationError("ref-loop", [["components/schemas/CustomerAssets.yaml", () => "$ref: ./CustomerAssets.yaml\n"]]),
    "ref loop of two": () => {
      const dir = join(work, "ref-loop-of-two");
      const specRoot = brokenSpec("ref-loop-of-two", [["components/schemas/CustomerAssets.yaml", () => "$ref: ./CustomerAssetsAlias.yaml\n"]]);
      writeFileSync(join(dir, "components/schemas/CustomerAssetsAlias.yaml"), "$ref: ./CustomerAssets.yaml\n");
      if (!failures.has("ref-loop-of-two")) failures.set("ref-loop-of-two", generateAll(specRoot).then(() => undefined, (error: unknown) => error));
      return failures.get("ref-loop-of-two")!;
    },
    // Read by openapi-core before any $ref, so it throws rather than reporting a problem; bundle-spec.ts words it as one.
    "broken root": () => generationError("broken-root", [["openapi.yaml", (t) => t.replace("\npaths:\n", "\npaths:\n  - : [\n")]]),
  };
  type Copy = "unreadable" | keyof typeof copies;

  /** The problems generation reported for the copy, one a line. */
  async function problems(copy: Copy): Promise<string> {
    if (copy === "unreadable") {
      const { code, stderr } = await unreadable();
      expect(code).toBe(1);
      expect(stderr).toMatch(/Generation failed: the spec has \d+ problem\(s\):/); // a SpecError, worded by the command
      return stderr;
    }
    const error = await copies[copy]();
    expect(error).toBeInstanceOf(SpecError);
    return (error as SpecError).problems.join("\n");
  }

  const broken: Array<[name: string, copy: Copy, expected: RegExp]> = [
    ["a bad $ref", "unreadable", /paths\/customers\.yaml:\d+:\d+: Can't resolve \$ref/],
    ["a $ref to an empty file", "unreadable", /components\/schemas\/Customer\.yaml:\d+:\d+: Can't resolve \$ref: \S*unreadable\/components\/schemas\/CustomerAssets\.yaml is empty/],
    ["invalid YAML", "unreadable", /components\/schemas\/CustomerAddress\.yaml:\d+:\d+: .*(parse|YAML|indentation|flow)/i],
    ["an example that fails its schema", "breaks rules", /components\/examples\/CustomerSeed\.yaml:\d+:\d+: .*email.*string/],
    ["a property without a description", "breaks rules", /components\/schemas\/CustomerAssets\.yaml:\d+:\d+: Every schema property needs a description/],
    ["a link to an operationId no operation has", "breaks rules", /components\/links\/GetListedCustomer\.yaml:1:\d+: No operation has operationId "getCustomr"/],
    ["invalid YAML in the root file", "broken root", /broken-root\/openapi\.yaml:\d+:\d+: Failed to parse: /],
    ["a component file that is only a $ref to itself", "ref loop", /ref-loop\/components\/schemas\/CustomerAssets\.yaml:1:7: this \$ref names itself/],
    ["two component files that only $ref each other", "ref loop of two", /ref-loop-of-two\/components\/schemas\/CustomerAssets\.yaml:1:7: .*\(\S*CustomerAssets\.yaml:1:7 → \S*CustomerAssetsAlias\.yaml:1:7 → \S*CustomerAssets\.yaml:1:7\)/],
    ["a schema name that is no identifier", "bad names", /bad-names\/components\/schemas\/Customer-Assets\.yaml:1:1: the schema component name "Customer-Assets" cannot name generated code .*letter or _ first/],
    ["an example name that is a reserved word", "bad names", /bad-names\/components\/examples\/default\.yaml:1:1: the example component name "default" cannot name generated code/],
  ];
  it.each(broken)("fails on %s with the file and line", async (_name, copy, expected) => {
    expect(await problems(copy)).toMatch(expected);
  });

  it("prints spec problems without a stack trace", async () => {
    const { code, stderr } = await unreadable();
    expect(code).toBe(1);
    expect(stderr).toMatch(/Generation failed: the spec has \d+ problem\(s\):/);
    expect(stderr).toMatch(/paths\/customers\.yaml:\d+:\d+: Can't resolve \$ref/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
