// The root entry stays cheap (issue 12, item 8): importing or requiring the
// packed package's root in a fresh Node process does not load the compiled
// validators (dist/cjs/generated/validators.js, 1.6 MB) until a validator is
// called, and then its stand-ins answer as `/validators` does. `/validators`
// itself still loads them on import. Whether a module is loaded is read from
// require.cache, which Node's ES module loader fills for CommonJS too; were
// it ever not to, the "loaded after the first call" assertions would fail.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { packedTarball } from "./consumers/pack.js";

const exec = promisify(execFile);
mkdirSync(join(ROOT, ".tmp"), { recursive: true }); // a fresh clone has no .tmp/
const work = mkdtempSync(join(ROOT, ".tmp/root-entry-"));
const project = join(work, "consumer");

/**
 * Run in the consumer project as `node probe.mjs <import|require> <what>`.
 * "root": what importing the root loads, what reading its records loads,
 * what the first call loads, and every validator's answers next to
 * `/validators`' on the documented examples and a few odd values.
 * "validators": whether importing `/validators` loaded them.
 */
const PROBE = `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const [style, what] = process.argv.slice(2);
const load = async (specifier) => (style === "import" ? await import(specifier) : require(specifier));
const compiled = require.resolve("voucherify-customers-contract/package.json").replace(/package\\.json$/, "dist/cjs/generated/validators.js");
const loaded = () => Object.hasOwn(require.cache, compiled);

const surface = (m) => ({
  names: Object.entries(m).filter(([name]) => name !== "__esModule" && name !== "default").map(([name, value]) => \`\${name}: \${typeof value}\`).sort(),
  schemaNames: [...m.schemaNames],
  records: Object.entries(m.validators).map(([name, validate]) => [name, validate === m["validate" + name], validate.is === m["is" + name]]),
  frozen: [Object.isFrozen(m.schemaNames), Object.isFrozen(m.validators)],
});
const answers = (m, samples) =>
  m.schemaNames.map((name) =>
    samples.map((value) => {
      const result = m.validators[name](value);
      return [result, m["validate" + name](value).ok, m["is" + name](value), m.validators[name].is(value), result.ok ? "" : m.formatIssues(result.errors)];
    }),
  );

if (what === "validators") {
  await load("voucherify-customers-contract/validators");
  console.log(JSON.stringify({ atImport: loaded() }));
} else {
  const root = await load("voucherify-customers-contract");
  const atImport = loaded();
  const lazySurface = surface(root);
  const afterReading = loaded();
  const first = root.validateCustomerCreateRequest({ source_id: "s", adress: {} });
  const afterCall = loaded();
  const eager = await load("voucherify-customers-contract/validators");
  const samples = [null, {}, "text", { source_id: "s", adress: {} }, ...Object.values(root.examples)];
  const [mine, theirs] = [answers(root, samples), answers(eager, samples)];
  const results = mine.flat().map(([result]) => result.ok);
  const activity = root.examples.CustomerActivityPage?.data?.[0] ?? { type: "customer.created" };
  console.log(JSON.stringify({
    atImport,
    afterReading,
    afterCall,
    first,
    firstFromValidators: eager.validateCustomerCreateRequest({ source_id: "s", adress: {} }),
    surface: [lazySurface, surface(eager)],
    sameAnswers: JSON.stringify(mine) === JSON.stringify(theirs),
    answers: { ok: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length },
    activityOfType: [root.isCustomerActivityOfType(activity, activity.type), eager.isCustomerActivityOfType(activity, "x")],
  }));
}
`;

const probe = async (style: "import" | "require", what: "root" | "validators") => {
  const { stdout } = await exec(process.execPath, ["probe.mjs", style, what], { cwd: project, env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(stdout);
};

beforeAll(async () => {
  await exec("tar", ["-xzf", await packedTarball(), "-C", work]);
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(join(work, "package"), join(project, "node_modules/voucherify-customers-contract"), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "root-entry-test", private: true, type: "module" }));
  writeFileSync(join(project, "probe.mjs"), PROBE);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(["import", "require"] as const)("the packed root entry, by %s", (style) => {
  it("loads the compiled validators on the first validator call, not on import, and answers as /validators does", async () => {
    const seen = await probe(style, "root");
    expect(seen.atImport).toBe(false);
    // Listing the names and reading `validators` and `schemaNames` load nothing either.
    expect(seen.afterReading).toBe(false);
    expect(seen.afterCall).toBe(true);
    expect(seen.first).toEqual({ ok: false, errors: [expect.objectContaining({ path: "/adress", keyword: "additionalProperties" })] });
    expect(seen.first).toEqual(seen.firstFromValidators);
    const [lazy, eager] = seen.surface;
    // Every name /validators has, of the same kind, and the same records (validators.Customer is validateCustomer, its `is` is isCustomer).
    expect(lazy.names).toEqual(expect.arrayContaining(eager.names));
    expect(lazy.names).toContain("createCustomersClient: function");
    expect({ ...lazy, names: undefined }).toEqual({ ...eager, names: undefined });
    expect(eager.records.length).toBeGreaterThan(80);
    expect(eager.records.every(([, same, guard]: [string, boolean, boolean]) => same && guard)).toBe(true);
    expect(lazy.frozen).toEqual([true, true]);
    expect(seen.sameAnswers).toBe(true);
    // The samples pass some schemas and fail others, so the comparison covers both answers.
    expect(seen.answers.ok).toBeGreaterThan(0);
    expect(seen.answers.failed).toBeGreaterThan(0);
    expect(seen.activityOfType).toEqual([true, false]);
  });

  it("/validators still loads them on import", async () => {
    expect(await probe(style, "validators")).toEqual({ atImport: true });
  });
});
