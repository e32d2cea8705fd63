// One throughput measurement, run in its own process by
// bench/validators.bench.ts: `tsx throughput.ts <customer|create> <valid|invalid> [mixed]`.
// Prints one JSON line: ops/s of the generated validator and of the
// hand-written check (interleaved, medians) and their ratio; for an invalid
// payload also ops/s of the `.is` guard. With `mixed`, both first see a few
// thousand values of other shapes, as in a service that validates whatever
// arrives, which leaves V8 with polymorphic property access in both.
import { validators } from "../../../generated/validators.js";
import { compare } from "./interleave.js";
import { diverseValues } from "./parity.js";
import { contestants, payload, schemaName, type Path, type Subject } from "./payloads.js";

const [subject, path, mode] = process.argv.slice(2) as [Subject, Path, string | undefined];
if (!(subject in contestants) || (path !== "valid" && path !== "invalid") || (mode !== undefined && mode !== "mixed")) {
  console.error("usage: throughput.ts <customer|create> <valid|invalid> [mixed]");
  process.exit(2);
}

const input = payload(subject, path);
const { generated, handWritten } = contestants[subject];
if (generated(input).ok !== (path === "valid")) throw new Error(`the ${path} ${subject} payload is not ${path}`);
if (mode === "mixed") {
  for (const value of diverseValues(subject)) {
    generated(value);
    handWritten(value);
  }
}

const main = compare([{ name: "generated", run: generated }, { name: "hand-written", run: handWritten }], input);
const figures: Record<string, number> = { generatedOps: main.opsPerSecond[0]!, handWrittenOps: main.opsPerSecond[1]!, ratio: main.ratio };
if (path === "invalid") {
  const guard = compare([{ name: ".is", run: validators[schemaName[subject]].is }, { name: "generated", run: generated }], input, { rounds: 11 });
  figures.isOps = guard.opsPerSecond[0]!;
}
console.log(JSON.stringify(figures));
