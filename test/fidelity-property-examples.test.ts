// The values Voucherify's document gives as examples of single fields (an
// `example` on a property schema: 229 of them, most inside the activity
// records) validate against our schema for the same field. The 21 examples
// of whole bodies are fidelity-examples.test.ts; these reach the fields no
// whole example shows. A field's path runs through properties, `*` for array
// items and `{}` for the values of a map; inside an activity page, a record
// is matched with our branch for the event type it is the record of.
import { describe, expect, it } from "vitest";
import { resolvePointer } from "../src/spec/refs.js";
import { bundledSpec } from "./support/spec.js";
import { activityRecordNames, ourAjv, ourSchema, pathSegment, reference, referenceBodies } from "./support/reference.js";

const ajv = ourAjv();
const typeOfRecord = new Map([...activityRecordNames()].filter(([, name]) => name !== undefined).map(([type, name]) => [name!, type]));
const RECORDS = /\/data\/\*\/data\/data$/;

interface FieldExample {
  path: string;
  value: unknown;
}

/** Every `example` in the reference's schema for one body, with the path of its field. */
function fieldExamples(schema: unknown): FieldExample[] {
  const found: FieldExample[] = [];
  const walk = (node: any, path: string, refs: string[]) => {
    if (!node || typeof node !== "object") return;
    if (node.$ref) {
      if (refs.includes(node.$ref)) return; // a recursive schema: its fields were seen once
      return walk(resolvePointer(reference, node.$ref), path, [...refs, node.$ref]);
    }
    if ("example" in node) found.push({ path, value: node.example });
    for (const keyword of ["allOf", "anyOf", "oneOf"]) {
      for (const member of node[keyword] ?? []) {
        // The activity item's records: each one under its own event type.
        const type = keyword === "oneOf" && RECORDS.test(path) && member.$ref ? typeOfRecord.get(member.$ref.split("/").pop()) : undefined;
        walk(member, type ? path.replace(RECORDS, `/data/*[type=${type}]/data/data`) : path, refs);
      }
    }
    for (const [name, child] of Object.entries<any>(node.properties ?? {})) walk(child, `${path}/${name}`, refs);
    if (node.items) walk(node.items, `${path}/*`, refs);
    if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}/{}`, refs);
  };
  walk(schema, "", []);
  return found;
}

/** Our subschemas that may apply at `segments` below `node` (every alternative of every union on the way). */
function oursAt(node: any, segments: string[], depth = 0): any[] {
  if (!node || typeof node !== "object") return [];
  if (depth > 80) throw new Error(`our schema nests deeper than 80 levels at ${segments.join("/")}`);
  if (node.$ref) {
    const { $ref, ...siblings } = node;
    return oursAt({ ...(resolvePointer(bundledSpec, $ref) as object), ...siblings }, segments, depth + 1);
  }
  if (segments.length === 0) return [node];
  const out = [...(node.allOf ?? []), ...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap((member: any) => oursAt(member, segments, depth + 1));
  const [head, ...rest] = segments;
  const { name, tag } = pathSegment(head!);
  if (name === "*" && node.items) {
    if (!tag) return [...out, ...oursAt(node.items, rest, depth + 1)];
    // Our branch for that event type, else our branch for unknown types.
    const item: any = node.items.$ref ? resolvePointer(bundledSpec, node.items.$ref) : node.items;
    const branches: any[] = item.anyOf ?? [item];
    const pins = (b: any, value: string) => b.properties?.[tag.property]?.const === value || b.properties?.[tag.property]?.enum?.includes(value);
    const own = branches.filter((b) => tag.values.some((v) => pins(b, v)));
    const chosen = own.length > 0 ? own : branches.filter((b) => b.properties?.[tag.property]?.not);
    return [...out, ...chosen.flatMap((b) => oursAt(b, rest, depth + 1))];
  }
  if (name === "{}") return typeof node.additionalProperties === "object" ? [...out, ...oursAt(node.additionalProperties, rest, depth + 1)] : out;
  if (node.properties && name in node.properties) return [...out, ...oursAt(node.properties[name], rest, depth + 1)];
  return out;
}

const bodies = referenceBodies().filter((b) => b.status !== "request");
const cases = bodies.flatMap((body) => {
  // One case per field and value: the same record is reached from many places.
  const unique = new Map(fieldExamples(body.schema).map((e) => [`${e.path} ${JSON.stringify(e.value)}`, e]));
  return [...unique.values()].map((e) => ({ body, ...e }));
});

/** The examples of `cases` that ours rejects or has no field for, as `path: why`. */
function rejected(check: typeof cases, schemaOf: (c: (typeof cases)[number]) => unknown): string[] {
  const out: string[] = [];
  for (const c of check) {
    const ours = oursAt(schemaOf(c), c.path.split("/").slice(1));
    const label = `${c.body.method} ${c.body.path} ${c.body.status} ${c.path} = ${JSON.stringify(c.value)}`;
    if (ours.length === 0) out.push(`${label}: no such field in ours`);
    else {
      const issues = ajv.validate({ anyOf: ours }, c.value);
      if (issues.length > 0) out.push(`${label}: ${issues.slice(0, 2).join("; ")}`);
    }
  }
  return out;
}

describe("the reference's examples of single response fields against ours", () => {
  it("finds them, the activity records' among them", () => {
    expect(new Set(cases.map((c) => `${c.path} ${JSON.stringify(c.value)}`.replace(/\[type=[^\]]*\]/, ""))).size).toBeGreaterThanOrEqual(150);
    expect(cases.some((c) => c.path.includes("[type=customer.segment.entered]/data/data/segment/id"))).toBe(true);
  });

  it.each(bodies.map((b) => [b.key, b] as const))("%s", (_key, body) => {
    expect(rejected(cases.filter((c) => c.body === body), (c) => ourSchema(c.body))).toEqual([]);
  });

  it("the check can fail: a field example ours rejects is reported", () => {
    const body = bodies.find((b) => b.method === "GET" && b.path === "/v1/customers/{customerId}" && b.status === "200")!;
    const own = cases.filter((c) => c.body === body && c.path === "/created_at");
    expect(own.length).toBeGreaterThan(0);
    // Ours made stricter by hand: `created_at` a date without a time, which the reference's example is not.
    const stricter = { type: "object", properties: { created_at: { type: "string", format: "date" } } };
    expect(rejected(own, () => stricter)).toHaveLength(own.length);
  });
});
