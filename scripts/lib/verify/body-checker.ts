// Checks a body against a schema of the spec and returns readable issues with
// JSON Pointers. Named component schemas use the package's own precompiled
// validators (generated/validators.js); an inline schema, which has none, is
// compiled once with the same AJV set-up the generator uses.
import type { ValidationIssue } from "../../../generated/validators.js";
import { validators } from "../../../generated/validators.js";
import { humanize } from "../../../src/validation/humanize.js";
import { componentSchemasDocument, createAjv, extensionKeywordsOf, schemaRef } from "../generate/create-ajv.js";
import { rewriteSchemaRefs } from "../../../src/spec/refs.js";

export type BodyChecker = (value: unknown) => ValidationIssue[];

type AnyValidator = (data: unknown) => { ok: true } | { ok: false; errors: ValidationIssue[] };
const byName = validators as unknown as Record<string, AnyValidator | undefined>;

/** One AJV per spec document, holding its component schemas for inline schemas to $ref. */
const ajvByDocument = new WeakMap<object, ReturnType<typeof createAjv>>();

function compileInline(document: any, schema: unknown): BodyChecker {
  let ajv = ajvByDocument.get(document);
  if (!ajv) {
    ajv = createAjv(extensionKeywordsOf(document), { code: { source: false } });
    ajv.addSchema(componentSchemasDocument(document));
    ajvByDocument.set(document, ajv);
  }
  const validate = ajv.compile(rewriteSchemaRefs(schema ?? {}, schemaRef("")) as object);
  return (value) => (validate(value) ? [] : humanize(validate.errors ?? [], () => undefined));
}

export function bodyChecker(document: unknown, schemaName: string | null | undefined, schema: unknown): BodyChecker {
  const named = schemaName ? byName[schemaName] : undefined;
  if (named) {
    return (value) => {
      const result = named(value);
      return result.ok ? [] : result.errors;
    };
  }
  return compileInline(document, schema);
}
