// Every named example of the bundled spec validates against the schema of the
// body it documents, through the shipped validators.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validators } from "../src/validators.js";
import * as exported from "../src/examples.js";
import { bundledSpec, specExamples } from "./support/spec.js";

/**
 * Counts example entries under any `content` map with a plain walk that
 * follows response $refs, independent of collectExamples.
 */
function countExampleEntries(node: unknown, inContent = false): number {
  if (!node || typeof node !== "object") return 0;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/responses/")) {
    return countExampleEntries(bundledSpec.components.responses[ref.split("/").pop()!]);
  }
  let count = 0;
  for (const [key, child] of Object.entries(node)) {
    if (inContent && key === "examples") count += Object.keys(child as object).length;
    else count += countExampleEntries(child, key === "content" || (inContent && key.includes("/")));
  }
  return count;
}

describe("spec examples", () => {
  it("finds every example entry of every body", () => {
    const independent = countExampleEntries(bundledSpec.paths);
    expect(independent).toBeGreaterThanOrEqual(8);
    expect(specExamples).toHaveLength(independent);
    expect(new Set(specExamples.map((e) => `${e.operationId} ${e.status} ${e.key}`)).size).toBe(independent);
  });

  it.each(specExamples.map((e) => [`${e.operationId} ${e.status} ${e.key} (${e.name})`, e] as const))("%s validates", (_, example) => {
    expect(example.schemaName, "every documented body has a named schema").toBeDefined();
    const result = validators[example.schemaName as keyof typeof validators](example.value);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("uses every example file and exports each as a constant", () => {
    const files = readdirSync(new URL("../openapi/components/examples/", import.meta.url)).map((f) => f.replace(/\.yaml$/, ""));
    const used = new Set(specExamples.map((e) => e.name));
    expect([...files].sort()).toEqual([...used].sort());
    for (const example of specExamples) {
      expect(exported[example.name as keyof typeof exported], example.name).toEqual(example.value);
    }
  });
});
