// Voucherify's JS SDK as evidence of what the API sends. Values shaped as the
// SDK's response types (test/fixtures/fidelity-sdk/responses.json: every
// field each type declares, filled) validate against our schema for the same
// operation and status, and every field in them is typed in ours, except the
// SDK's known drift from the API, listed there with the reason.
import { describe, expect, it } from "vitest";
import { validators, type SchemaName } from "../src/validators.js";
import { resolvePointer } from "../src/spec/refs.js";
import { bundledSpec, readFixture } from "./support/spec.js";
import { ourAjv, ourSchema, type ReferenceBody } from "./support/reference.js";

interface SdkResponse {
  operation: string;
  sdkType: string;
  value: unknown;
}
const fixture: { drift: { path: string; why: string }[]; responses: SdkResponse[] } = readFixture("fidelity-sdk/responses.json");
const ajv = ourAjv();

/** Our schema for "METHOD /path status" (application/json). */
function ourBodySchema(operation: string): unknown {
  const [method, path, status] = operation.split(" ");
  return ourSchema({ key: `${operation} application/json`, method: method!, path: path!, status: status!, schema: undefined, examples: {} } satisfies ReferenceBody);
}

function ourIssues(schema: any, value: unknown): string[] {
  const name = typeof schema.$ref === "string" && Object.keys(schema).length === 1 ? schema.$ref.replace("#/components/schemas/", "") : undefined;
  const validate = name ? validators[name as SchemaName] : undefined;
  if (!validate) return ajv.validate(schema, value);
  const result = validate(value);
  return result.ok ? [] : result.errors.map((e) => `${e.path} ${e.message}`);
}

/** `nodes` with refs followed and every allOf/anyOf/oneOf member listed beside them. */
function alternatives(nodes: unknown[], depth = 0): any[] {
  if (depth > 40) throw new Error("our schema nests deeper than 40 levels of refs and unions");
  return nodes.flatMap((node: any) => {
    if (!node || typeof node !== "object") return [];
    const own = node.$ref ? { ...(resolvePointer(bundledSpec, node.$ref) as object), ...node, $ref: undefined } : node;
    const members = [...(own.allOf ?? []), ...(own.anyOf ?? []), ...(own.oneOf ?? [])];
    return [own, ...alternatives(members, depth + 1)];
  });
}

const declares = (node: any) => node.type !== undefined || "const" in node || node.enum !== undefined || node.properties !== undefined;
/** An object of ours that keeps free-form content (metadata): what is inside is not ours to type. */
const freeForm = (node: any) => node.additionalProperties === true || ((node.type === "object" || node.type?.includes?.("object")) && !node.properties && !node.additionalProperties && !node.anyOf && !node.oneOf && !node.allOf);

/** JSON paths of `value` that no alternative of ours types, `*` for array items. */
function untypedPaths(value: unknown, nodes: unknown[], path: string, drift: Set<string>, out: string[]): string[] {
  if (drift.has(path)) return out;
  const ours = alternatives(nodes);
  if (Array.isArray(value)) {
    const items = ours.flatMap((n) => (n.items && typeof n.items === "object" ? [n.items] : []));
    for (const item of value) untypedPaths(item, items, `${path}/*`, drift, out);
  } else if (value !== null && typeof value === "object") {
    if (ours.some(freeForm)) return out;
    for (const [name, child] of Object.entries(value)) {
      const at = `${path}/${name}`;
      const declared = ours.flatMap((n) => (n.properties && name in n.properties ? [n.properties[name]] : []));
      const mapped = ours.flatMap((n) => (n.additionalProperties && typeof n.additionalProperties === "object" ? [n.additionalProperties] : []));
      const children = declared.length > 0 ? declared : mapped;
      if (drift.has(at)) continue;
      if (!alternatives(children).some(declares)) out.push(at);
      else untypedPaths(child, children, at, drift, out);
    }
  }
  return out;
}

const drift = new Set(fixture.drift.map((d) => d.path));

describe("values shaped as Voucherify's JS SDK types them", () => {
  it("cover every operation with a JSON success body", () => {
    const operations = new Set(fixture.responses.map((r) => r.operation.split(" ").slice(0, 2).join(" ")));
    expect(operations.size).toBe(12); // the 13 operations but DELETE, whose 204 has no body
  });

  it.each(fixture.responses.map((r) => [`${r.operation} · ${r.sdkType}`, r] as const))("%s validates against ours", (_label, { operation, value }) => {
    expect(ourIssues(ourBodySchema(operation), value)).toEqual([]);
  });

  it.each(fixture.responses.map((r) => [`${r.operation} · ${r.sdkType}`, r] as const))("%s: every field is typed in ours", (_label, { operation, value }) => {
    expect(untypedPaths(value, [ourBodySchema(operation)], "", drift, [])).toEqual([]);
  });

  it("lists as drift only fields the values carry, each with a reason, none typed in ours", () => {
    const carried = (value: unknown, path: string[]): boolean => {
      if (path.length === 0) return value !== undefined;
      const [head, ...rest] = path;
      if (head === "*") return Array.isArray(value) && value.some((v) => carried(v, rest));
      return value !== null && typeof value === "object" && carried((value as Record<string, unknown>)[head!], rest);
    };
    for (const { path, why } of fixture.drift) {
      expect(why.length, path).toBeGreaterThan(20);
      expect(fixture.responses.some((r) => carried(r.value, path.split("/").slice(1))), `stale drift entry ${path}`).toBe(true);
    }
  });

  it("the typing check can fail: a field ours does not declare is reported", () => {
    const customer = fixture.responses.find((r) => r.operation === "GET /v1/customers/{customerId} 200")!.value as object;
    const value = { ...customer, address: { city: "Warsaw", district: "Mokotów" } };
    expect(untypedPaths(value, [ourBodySchema("GET /v1/customers/{customerId} 200")], "", drift, [])).toEqual(["/address/district"]);
  });
});
