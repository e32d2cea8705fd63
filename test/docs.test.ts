// The generated docs page is one self-contained file: nothing it loads comes
// from outside the file.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledSpec } from "./support/spec.js";

const html = readFileSync(new URL("../generated/docs/index.html", import.meta.url), "utf8");

describe("generated docs", () => {
  it("loads no script, style, font or image from the network", () => {
    const external = [
      ...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi),
      ...html.matchAll(/@import\s+(?:url\()?["']?(?:https?:)?\/\/[^"')]+/gi),
      ...html.matchAll(/url\(\s*["']?https?:\/\/[^"')]+/gi),
    ].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).not.toContain("fonts.googleapis.com");
  });

  it("inlines Redoc and the spec", () => {
    expect(html).toMatch(/<script>[\s\S]{100000,}<\/script>/);
    expect(html).toContain(bundledSpec.info.title);
    for (const item of Object.values<any>(bundledSpec.paths)) {
      for (const op of Object.values<any>(item)) if (op.operationId) expect(html).toContain(op.operationId);
    }
  });

  it("groups every operation under one declared tag", () => {
    const declared = new Set(bundledSpec.tags.map((t: { name: string }) => t.name));
    let operations = 0;
    for (const item of Object.values<any>(bundledSpec.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (method === "parameters") continue;
        operations++;
        expect(op.tags, op.operationId).toHaveLength(1);
        expect(declared.has(op.tags[0]), op.operationId).toBe(true);
        expect(html).toContain(op.summary);
      }
    }
    expect(operations).toBe(13);
  });
});
