// The one $ref helper every stage uses: following refs and re-pointing them.
import { describe, expect, it } from "vitest";
import { deref, derefNode, resolvePointer, rewriteSchemaRefs } from "../src/spec/refs.js";

const document = {
  components: {
    schemas: { "a/b": { type: "string" }, Loop: { $ref: "#/components/schemas/Loop" }, Name: { type: "string", description: "plain" } },
    parameters: { Id: { $ref: "#/components/parameters/Real" }, Real: { name: "id", in: "path" } },
  },
};

describe("resolvePointer and deref", () => {
  it("unescapes ~1 and ~0 and rejects what points at nothing or outside the document", () => {
    expect(resolvePointer(document, "#/components/schemas/a~1b")).toEqual({ type: "string" });
    expect(() => resolvePointer(document, "#/components/schemas/Missing")).toThrow(/points at nothing/);
    expect(() => resolvePointer(document, "other.yaml#/x")).toThrow(/only local/);
  });

  it("follows chains, lets siblings win, and stops on a cycle", () => {
    expect(deref(document, { $ref: "#/components/parameters/Id" })).toEqual({
      node: { name: "id", in: "path" },
      refs: ["#/components/parameters/Id", "#/components/parameters/Real"],
    });
    expect(derefNode(document, { $ref: "#/components/schemas/Name", description: "mine" })).toEqual({ type: "string", description: "mine" });
    expect(derefNode(document, { type: "integer" })).toEqual({ type: "integer" });
    expect(() => derefNode(document, { $ref: "#/components/schemas/Loop" })).toThrow(/refers to itself/);
  });
});

describe("rewriteSchemaRefs", () => {
  it("re-points component refs only, leaving strings that merely mention them", () => {
    const input = {
      properties: { x: { $ref: "#/components/schemas/Customer" }, y: { $ref: "#/components/parameters/Id" } },
      description: "see #/components/schemas/Customer",
      examples: [{ $ref: "#/components/schemas/Customer-like text" }, "#/components/schemas/Customer"],
      items: [{ $ref: "#/components/schemas/List" }],
    };
    const out = rewriteSchemaRefs(input, "customers#/$defs/");
    expect(out.properties.x.$ref).toBe("customers#/$defs/Customer");
    expect(out.properties.y.$ref).toBe("#/components/parameters/Id");
    expect(out.items[0]!.$ref).toBe("customers#/$defs/List");
    expect(out.description).toBe("see #/components/schemas/Customer");
    expect(out.examples[1]).toBe("#/components/schemas/Customer");
    expect(input.properties.x.$ref).toBe("#/components/schemas/Customer"); // a copy, the input is untouched
  });
});
