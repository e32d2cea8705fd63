// The generated docs page is one self-contained file: nothing it loads comes
// from outside the file.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docsInput, operationAnchor } from "../scripts/lib/docs/docs-input.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { derefNode } from "../src/spec/refs.js";
import { bundledSpec } from "./support/spec.js";

const html = readFileSync(new URL("../generated/docs/index.html", import.meta.url), "utf8");

/** The spec as the page hands it to Redoc (build-docs inlines it as one JSON line). */
function pageSpec(): any {
  const match = /const __redoc_definition = (.*);\s*$/m.exec(html);
  if (!match) throw new Error("generated/docs/index.html has no inlined spec (__redoc_definition)");
  return JSON.parse(match[1]!);
}

/** Every response of the bundled spec that declares links, with where it is. */
function responsesWithLinks(spec: any) {
  return Object.entries<any>(spec.paths).flatMap(([path, item]) =>
    Object.entries<any>(item).flatMap(([method, op]) =>
      Object.entries<any>(op?.responses ?? {})
        .filter(([, response]) => response.links)
        .map(([status, response]) => ({ path, method, status, operationId: op.operationId as string, links: response.links as Record<string, any> })),
    ),
  );
}

/** The event types of the activity union, from the `type` of each branch. */
const activityTypes = (spec: any): string[] =>
  spec.components.schemas.CustomerActivity.anyOf.flatMap((branch: any) => {
    const type = derefNode(spec, branch).properties?.type;
    return type?.const !== undefined ? [type.const] : (type?.enum ?? []);
  });

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

  it("lists each response's links as Next steps: name, target operation anchor, parameter mapping", () => {
    const spec = pageSpec();
    const linked = responsesWithLinks(bundledSpec);
    expect(linked.map((r) => `${r.operationId} ${r.status}`)).toContain("createCustomer 200");
    for (const { path, method, status, links } of linked) {
      const description: string = spec.paths[path][method].responses[status].description;
      expect(description, `${method} ${path} ${status}`).toContain("**Next steps**");
      for (const [name, raw] of Object.entries(links)) {
        const link = derefNode(bundledSpec, raw);
        const line = description.split("\n").find((l) => l.startsWith(`- **${name}** → `));
        expect(line, `${path} ${status} ${name}`).toBeDefined();
        expect(line).toContain(`](${operationAnchor(link.operationId)})`);
        for (const [param, value] of Object.entries<string>(link.parameters ?? {})) expect(line).toContain(`\`${param}\` ← \`${value}\``);
      }
    }
    const created = spec.paths["/v1/customers"].post.responses["200"].description as string;
    expect(created).toContain("- **GetCustomerById** → [Get a customer](#operation/getCustomer) (`getCustomer`) with `customerId` ← `$response.body#/id`.");
    expect(created).toContain("- **DeleteCustomerPermanentlyById** → ");
    expect(created).toContain("(#operation/deleteCustomerPermanently)");
  });

  it("adds Next steps to the docs only, not to the shipped spec", () => {
    for (const { path, method, status } of responsesWithLinks(bundledSpec)) {
      expect(bundledSpec.paths[path][method].responses[status].description).not.toContain("Next steps");
    }
    expect(JSON.stringify(bundledSpec)).not.toContain("**Next steps**");
  });

  it("lists every activity event type with its data.data schema", () => {
    const types = activityTypes(bundledSpec);
    expect(types.length).toBeGreaterThanOrEqual(70);
    expect(types).toEqual(expect.arrayContaining(["customer.segment.entered", "customer.order.paid"]));
    const description: string = pageSpec().components.schemas.CustomerActivity.description;
    expect(description).toContain(`**Event types** (${types.length}, by \`type\`)`);
    for (const type of types) expect(description, type).toContain(`\`${type}\``);
    expect(description).toMatch(/`customer\.segment\.entered`, `customer\.segment\.left` → `data\.data`: `CustomerActivitySegmentData`/);
    expect(description).toMatch(/`customer\.order\.paid`.* → `data\.data`: `CustomerActivityOrderData`/);
    // Redoc names each tab of the union by its title.
    for (const branch of bundledSpec.components.schemas.CustomerActivity.anyOf) expect(derefNode(bundledSpec, branch).title).toBeTruthy();
  });
});

describe("docs input", () => {
  const spec = (links: Record<string, unknown>) => ({
    openapi: "3.1.1",
    info: { title: "t", version: "1" },
    paths: {
      "/a": { post: { operationId: "makeA", summary: "Make an A", responses: { "200": { description: "Made.", links } } } },
      "/a/{id}": { get: { operationId: "getA", summary: "Get an A", responses: { "200": { description: "The A." } } } },
    },
  });

  it("resolves operationRef targets and leaves its input unchanged", () => {
    const input = spec({ ReadIt: { operationRef: "#/paths/~1a~1{id}/get", parameters: { id: "$response.body#/id" } } });
    const before = JSON.stringify(input);
    const out: any = docsInput(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.paths["/a"].post.responses["200"].description).toContain("- **ReadIt** → [Get an A](#operation/getA) (`getA`) with `id` ← `$response.body#/id`.");
  });

  it("names the response and link when a link points at no operation", () => {
    expect(() => docsInput(spec({ Gone: { operationId: "nope" } }))).toThrow(SpecError);
    expect(() => docsInput(spec({ Gone: { operationId: "nope" } }))).toThrow('POST /a 200 link Gone: no operation has operationId "nope"');
    expect(() => docsInput(spec({ Bad: { operationRef: "#/paths/~1b/get" } }))).toThrow(/POST \/a 200 link Bad: operationRef/);
  });
});
