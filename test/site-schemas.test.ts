// The JSON Schemas that ship as `voucherify-customers-contract/schemas/<Name>.json`
// and on the site: one standalone JSON Schema 2020-12 document per component,
// that compiles with no other file and accepts the spec's own examples.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { GENERATED } from "../scripts/lib/project-paths.js";
import { generateJsonSchemas } from "../scripts/lib/generate/generate-json-schemas.js";
import { bundledSpec, specExamples } from "./support/spec.js";

const names = Object.keys(bundledSpec.components.schemas).sort();
const shipped = (name: string) => JSON.parse(readFileSync(join(GENERATED, "schemas", `${name}.json`), "utf8"));

const OPTIONS = { strict: true, allErrors: true, allowUnionTypes: true } as const;
/** Checks schemas against the 2020-12 meta-schema; compiled once, not once per schema's AJV. */
const metaSchema = new Ajv2020(OPTIONS);
(addFormats as unknown as (ajv: Ajv2020) => void)(metaSchema); // as before: the meta-schema's formats (e.g. a pattern is a regex) are checked

/** A fresh AJV per schema, strict, with no other schema added: a `$ref` that leaves the file cannot resolve. */
function compile(schema: object) {
  // The meta-schema check comes first, from the shared AJV: the per-schema AJV would
  // compile the meta-schema again for each of the 88 files (half the time of this file).
  if (!metaSchema.validateSchema(schema)) throw new Error(`not a valid 2020-12 schema: ${metaSchema.errorsText(metaSchema.errors)}`);
  // inlineRefs and optimize off: the same checks, compiled in a third of the time (88 files, shared $defs compiled in each).
  const ajv = new Ajv2020({ ...OPTIONS, validateSchema: false, inlineRefs: false, code: { source: true, optimize: false } });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  return { validate, code: (standaloneCode as unknown as (ajv: Ajv2020, v: unknown) => string)(ajv, validate) };
}
const compiled = new Map<string, ReturnType<typeof compile>>();
const compileShipped = (name: string) => compiled.get(name) ?? compiled.set(name, compile(shipped(name))).get(name)!;

describe("generated/schemas", () => {
  it("holds one file per component schema, and nothing else", () => {
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect(readdirSync(join(GENERATED, "schemas")).sort()).toEqual(names.map((n) => `${n}.json`).sort());
  });

  it.each(names)("%s is a standalone 2020-12 document that compiles alone", (name) => {
    const schema = shipped(name);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.title).toBe(name);
    const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(ref === "#" || ref.startsWith("#/$defs/"), ref).toBe(true);
    for (const ref of refs.filter((r) => r !== "#")) expect(schema.$defs?.[ref.slice("#/$defs/".length)], ref).toBeDefined();
    expect(JSON.stringify(schema)).not.toMatch(/"(example|discriminator|x-[\w-]+)":/);
    const { code } = compileShipped(name);
    expect(code).not.toMatch(/require\("\.\.?\//); // no other file needed at run time
  });

  it("accepts every named example documented for the schema", () => {
    let checked = 0;
    for (const example of specExamples.filter((e) => e.schemaName)) {
      const { validate } = compileShipped(example.schemaName!);
      expect(validate(example.value), `${example.name} as ${example.schemaName}: ${JSON.stringify(validate.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("rejects what the component rejects: a closed request with an unknown property", () => {
    const { validate } = compileShipped("CustomerCreateRequest");
    expect(validate({ source_id: "a", adress: "typo" })).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain("additionalProperties");
  });

  it("turns a self-reference into # and OpenAPI's example into examples", () => {
    const document = {
      components: {
        schemas: {
          Node: { type: "object", example: { children: [] }, properties: { children: { type: "array", items: { $ref: "#/components/schemas/Node" } }, tag: { $ref: "#/components/schemas/Tag" } } },
          Tag: { type: "string", "x-internal": true, discriminator: { propertyName: "x" } },
        },
      },
    };
    const node = JSON.parse(generateJsonSchemas(document).get("schemas/Node.json")!);
    expect(node.properties.children.items).toEqual({ $ref: "#" });
    expect(node.examples).toEqual([{ children: [] }]);
    expect(node.$defs).toEqual({ Tag: { type: "string" } });
    expect(compile(node).validate({ children: [{ children: [], tag: "a" }] })).toBe(true);
  });

  it("names a reference to a missing component", () => {
    const document = { components: { schemas: { A: { $ref: "#/components/schemas/Missing" } } } };
    expect(() => generateJsonSchemas(document)).toThrow(/components\/schemas\/A refers to #\/components\/schemas\/Missing/);
  });
});
