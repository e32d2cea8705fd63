// The JSON Schemas that ship as `voucherify-customers-contract/schemas/<Name>.json`
// and on the site: one standalone JSON Schema 2020-12 document per component,
// that compiles with no other file and accepts the spec's own examples.
//
// A file carries every component it references in its `$defs`, so most files
// are parts of a bigger one (the activity data of CustomerActivity, that of
// CustomerActivityList): compiling each file whole compiled the same content
// about four times over. AJV (inlineRefs off) builds one function for a file's
// root and one for each `$defs` entry a `$ref` reaches, each from that
// subschema alone: its strict checks and its code read nothing else, and its
// `$ref`s become calls. So a file whose root and `$defs` entries are, read
// with each `$ref` as the component it names, entries (or the root) of a
// bigger file that compiles alone compiles alone too, and its code is a part
// of that file's. Each file is compiled whole, or checked to be such a part of
// the one file compiled for it (compileTarget).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { GENERATED } from "../scripts/lib/project-paths.js";
import { generateJsonSchemas } from "../scripts/lib/generate/generate-json-schemas.js";
import { bundledSpec, specExamples } from "./support/spec.js";

const names = Object.keys(bundledSpec.components.schemas).sort();
const file = (name: string) => join(GENERATED, "schemas", `${name}.json`);
/** Each file as read, and parsed, once (nothing here changes a parsed file). */
const texts = new Map<string, string>();
const text = (name: string) => texts.get(name) ?? texts.set(name, readFileSync(file(name), "utf8")).get(name)!;
const parsed = new Map<string, any>();
const shipped = (name: string) => parsed.get(name) ?? parsed.set(name, JSON.parse(text(name))).get(name);

const OPTIONS = { strict: true, allErrors: true, allowUnionTypes: true } as const;
/** Checks schemas against the 2020-12 meta-schema; compiled once, not once per schema's AJV. */
const metaSchema = new Ajv2020(OPTIONS);
(addFormats as unknown as (ajv: Ajv2020) => void)(metaSchema); // as before: the meta-schema's formats (e.g. a pattern is a regex) are checked

const checkDialect = (schema: object) => {
  if (!metaSchema.validateSchema(schema)) throw new Error(`not a valid 2020-12 schema: ${metaSchema.errorsText(metaSchema.errors)}`);
};

/** A fresh AJV per schema, strict, with no other schema added: a `$ref` that leaves the file cannot resolve. */
function compile(schema: object) {
  // The meta-schema check comes first, from the shared AJV: the per-schema AJV would
  // compile the meta-schema again for each file it compiles.
  checkDialect(schema);
  // inlineRefs and optimize off: the same checks, compiled in a third of the time (shared $defs compiled in each file).
  const ajv = new Ajv2020({ ...OPTIONS, validateSchema: false, inlineRefs: false, code: { source: true, optimize: false } });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  return { validate, code: (standaloneCode as unknown as (ajv: Ajv2020, v: unknown) => string)(ajv, validate) };
}
const compiled = new Map<string, ReturnType<typeof compile>>();
const compileShipped = (name: string) => compiled.get(name) ?? compiled.set(name, compile(shipped(name))).get(name)!;

/** Orders files biggest first (then by name), so that every file has one compile target. */
const bigger = (a: string, b: string) => text(b).length - text(a).length || a.localeCompare(b);
/**
 * The file compiled for `name`: the biggest of its own file and the files
 * whose `$defs` carry it. That file is its own target: a file carrying it
 * carries `name` too (`$defs` hold every component reached) and is bigger.
 */
const compileTarget = (name: string) => [name, ...names.filter((other) => other !== name && existsSync(file(other)) && shipped(other).$defs?.[name])].sort(bigger)[0]!;

/** A subschema of `owner`'s file as text, each `$ref` written as the component it names ("#" is the file's own). */
const byComponent = (owner: string, schema: unknown) =>
  JSON.stringify(schema, (key, value) => (key === "$ref" && typeof value === "string" ? `component:${value === "#" ? owner : value.slice("#/$defs/".length)}` : value));
/** `owner`'s file root as another file's `$defs` entry holds it: without `$schema` and `$defs`. */
const asDefinition = (owner: string, { $schema: _dialect, $defs: _defs, ...root }: Record<string, unknown>) => byComponent(owner, root);

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
    const target = compileTarget(name);
    if (target !== name) {
      checkDialect(schema); // as compile does for the files it compiles
      // Every function this file compiles to is one the target compiles to (see the top of this file).
      const container = shipped(target);
      expect(asDefinition(name, schema), `the root, as ${target}'s $defs/${name}`).toBe(byComponent(target, container.$defs[name]));
      for (const [def, subschema] of Object.entries<unknown>(schema.$defs ?? {})) {
        expect(byComponent(name, subschema), `$defs/${def}, as in ${target}`).toBe(def === target ? asDefinition(target, container) : byComponent(target, container.$defs?.[def]));
      }
    }
    const { code } = compileShipped(target);
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
