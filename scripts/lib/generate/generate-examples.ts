// generated/examples.js (+ .d.ts): every named example of the spec as a
// constant, typed by the schema of the body it documents.
import { GENERATED_HEADER } from "./generated-header.js";
import type { SpecExample } from "../spec/spec-examples.js";

/** One constant per name: a component example $ref'd from several bodies is one (two different examples under one name stop generation first: spec/operation-names.ts). */
export function uniqueExamples(examples: SpecExample[]): SpecExample[] {
  const byName = new Map<string, SpecExample>();
  for (const example of examples) if (!byName.has(example.name)) byName.set(example.name, example);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function generateExamples(examples: SpecExample[]): { js: string; dts: string } {
  const unique = uniqueExamples(examples);
  const js = unique.map((e) => `export const ${e.name} = Object.freeze(${JSON.stringify(e.value, null, 2)});`);
  const dts = unique.map(
    (e) => `/** ${e.method.toUpperCase()} ${e.path}, ${e.status === "request" ? "request" : `${e.status} response`} (\`${e.key}\`). */\nexport declare const ${e.name}: ${e.typeExpression};`,
  );
  return {
    js: `${GENERATED_HEADER}${js.join("\n")}\n`,
    dts: `${GENERATED_HEADER}import type { components, operations } from "./schema.js";\n\n${dts.join("\n")}\n`,
  };
}
