// `closedProperties: [names]`: the rule of `additionalProperties: false`
// beside `properties` with those names, with the same error, plus the names
// themselves in it, so the readable message can suggest the intended one
// (`adress` → `address`) wherever the object sits, even inside a referenced
// schema AJV compiled on its own. It also always compiles to a chain of
// `key === "name"` tests: AJV's own keyword switches to a `hasOwnProperty`
// call on the schema object for objects with more than eight properties,
// which cost CustomerCreateRequest 40 of the 180 ns a valid request takes.
// prepare-validation-schemas.ts swaps the keyword in; humanize.ts reports it
// under the spec's keyword, `additionalProperties`.
import type { CodeKeywordDefinition, KeywordCxt } from "ajv";
import { _, not, or, type Code } from "ajv/dist/compile/codegen/index.js";
import namesModule from "ajv/dist/compile/names.js";

// A CommonJS module: Node's loader hands over its `exports` (the names sit at
// `.default`), Vite's interop (in the tests) the default export itself.
const names = ((namesModule as { default?: unknown }).default ?? namesModule) as typeof namesModule.default;

export const CLOSED_PROPERTIES = "closedProperties";

export const closedPropertiesKeyword: CodeKeywordDefinition = {
  keyword: CLOSED_PROPERTIES,
  type: "object",
  schemaType: "array",
  trackErrors: true,
  error: {
    message: "must NOT have additional properties",
    params: ({ params }) => _`{additionalProperty: ${params.additionalProperty}, allowed: ${params.allowed}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schema, schemaValue, it } = cxt;
    const declared = schema as string[];
    // As with additionalProperties: every property counts as evaluated (unevaluatedProperties).
    it.props = true;
    gen.forIn("key", data, (key) => {
      const report = () => {
        cxt.setParams({ additionalProperty: key, allowed: schemaValue as Code });
        cxt.error();
        if (!it.allErrors) gen.break();
      };
      if (declared.length === 0) report();
      else gen.if(not(or(...declared.map((name) => _`${key} === ${name}`))), report);
    });
    cxt.ok(_`${cxt.errsCount!} === ${names.errors}`);
  },
};
