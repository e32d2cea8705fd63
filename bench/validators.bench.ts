// Validator benchmarks (issue 5). Every throughput figure comes from its own
// process (bench/lib/validators/throughput.ts), the generated validator and a
// hand-written check of the same rules timed side by side, interleaved, as
// medians; the two target ratios take the median of three such processes.
// Before any timing, the hand-written checks must agree with the validators
// on every sample and mutation the spec yields (bench/lib/validators/parity.ts).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../scripts/lib/project-paths.js";
import { isCustomerCreateRequest, validateCustomerCreateRequest } from "../src/validators.js";
import { median, report } from "./lib/report.js";
import { assertSameRules } from "./lib/validators/parity.js";
import { importAndCompileMs } from "./lib/validators/import-cost.js";

const run = promisify(execFile);
const TSX = join(ROOT, "node_modules/.bin/tsx");

async function child<T>(script: string, ...args: string[]): Promise<T[]> {
  const { stdout } = await run(TSX, [join(ROOT, "bench/lib/validators", script), ...args], { cwd: ROOT, maxBuffer: 1 << 20 });
  return stdout.trim().split("\n").map((line) => JSON.parse(line) as T);
}

interface Throughput {
  generatedOps: number;
  handWrittenOps: number;
  ratio: number;
  isOps?: number;
}

const ops = (n: number) => Math.round(n);

assertSameRules("customer");
assertSameRules("create");
console.log("hand-written checks follow the spec's rules (samples and mutations agree)");

for (const subject of ["customer", "create"] as const) {
  // The target figure: three processes, the median ratio.
  const valid: Throughput[] = [];
  for (let i = 0; i < 3; i++) valid.push(...(await child<Throughput>("throughput.ts", subject, "valid")));
  const middle = [...valid].sort((a, b) => a.ratio - b.ratio)[1]!;
  console.log(`${subject} valid ratios in three processes: ${valid.map((t) => t.ratio.toFixed(2)).join(", ")}`);
  report(`validator.${subject}.valid.ratio`, middle.ratio, "×", ">= 0.6");
  report(`validator.${subject}.valid.ops`, ops(middle.generatedOps), "ops/s");
  report(`validator.${subject}.valid.handwritten.ops`, ops(middle.handWrittenOps), "ops/s");

  const [invalid] = await child<Throughput>("throughput.ts", subject, "invalid");
  report(`validator.${subject}.invalid.ratio`, invalid!.ratio, "×");
  report(`validator.${subject}.invalid.ops`, ops(invalid!.generatedOps), "ops/s");
  report(`validator.${subject}.invalid.is.ops`, ops(invalid!.isOps!), "ops/s");

  const [mixed] = await child<Throughput>("throughput.ts", subject, "valid", "mixed");
  report(`validator.${subject}.valid.mixed.ratio`, mixed!.ratio, "×");

  for (const path of ["valid", "invalid"] as const) {
    const [first] = await child<{ ratio: number }>("first-error.ts", subject, path);
    report(`validator.${subject}.${path}.first-error.ratio`, first!.ratio, "×");
  }
}

// The target is the ratio, measured side by side; the milliseconds depend on the machine.
const { importMs, compileMs } = await importAndCompileMs();
report("validator.import.ratio", importMs / compileMs, "×", "<= 0.05");
report("validator.import.ms", importMs, "ms");
report("validator.compile.ms", compileMs, "ms");

const scaling = await child<{ kb: number; validateUs: number; parseAndValidateUs: number }>("metadata-scaling.ts");
for (const { kb, validateUs, parseAndValidateUs } of scaling) {
  report(`validator.metadata.${kb}kb.us`, validateUs, "µs");
  report(`validator.metadata.${kb}kb.parsed.us`, parseAndValidateUs, "µs");
}
const perKb = scaling.map((s) => s.parseAndValidateUs / s.kb);
console.log(`parse + validate per KB of metadata: ${perKb.map((us) => us.toFixed(1)).join(", ")} µs (linear when these stay flat)`);
report("validator.metadata.parsed.us-per-kb.spread", Math.max(...perKb) / Math.min(...perKb), "×");

// A body wrong in 800,000 places (a huge map posted as a create request, every
// key unknown): the report (at most maxIssues issues, then a count) ÷ the
// check alone (`is`), and ÷ the JSON.parse a server does first; in this
// process, side by side, each round starting with the next one, medians of
// the per-round ratios. Before the cap, a suggested name and a sentence for
// every key made the first about 8 (9.9 s against 1.2 s).
function unknownKeysFigures(keys: number, rounds: number) {
  const body: Record<string, unknown> = { source_id: "crm-1" };
  for (let i = 0; i < keys; i++) body[`key_${i}`] = i;
  const text = JSON.stringify(body);
  const parsed = JSON.parse(text) as unknown;
  const ms = (run: () => unknown) => {
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const result = validateCustomerCreateRequest(parsed);
  const last = result.ok ? undefined : result.errors.at(-1);
  if (last?.keyword !== "maxIssues") throw new Error(`expected the report to end with a maxIssues count, got ${JSON.stringify(last)}`);
  const contenders = { parse: () => JSON.parse(text), guard: () => isCustomerCreateRequest(parsed), report: () => validateCustomerCreateRequest(parsed) };
  const names = Object.keys(contenders) as Array<keyof typeof contenders>;
  const reportMs: number[] = [];
  const toGuard: number[] = [];
  const toParse: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next one, so none always runs after the same other.
    const took = {} as Record<keyof typeof contenders, number>;
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      took[name] = ms(contenders[name]);
    }
    reportMs.push(took.report);
    toGuard.push(took.report / took.guard);
    toParse.push(took.report / took.parse);
  }
  console.log(`${keys} unknown keys: ${last.message}`);
  report("validator.unknown-keys.report.ratio", median(toGuard), "×", "<= 1.5");
  report("validator.unknown-keys.parse.ratio", median(toParse), "×");
  report("validator.unknown-keys.ms", median(reportMs), "ms");
}

unknownKeysFigures(800_000, 6);
