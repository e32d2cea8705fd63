// Fails generation when a named example does not satisfy its schema, with the
// example's file and what is wrong. Redocly checks examples too, but with its
// own AJV setup; this checks them with the validators the package ships (the
// functions compiled for generated/validators.js, so nothing is compiled
// twice), and reports the issues those validators would.
import type { ValidateFunction } from "ajv";
import { schemaRef } from "./create-ajv.js";
import { SpecError } from "../spec/spec-error.js";
import { resolvePointer, rewriteSchemaRefs } from "../../../src/spec/refs.js";
import { humanize } from "../../../src/validation/humanize.js";
import type { SpecExample } from "../spec/spec-examples.js";
import type { ValidationIssue } from "../../../generated/validators.js";

/** What is wrong with an example; empty when it satisfies its schema. */
export type ExampleCheck = (example: SpecExample) => readonly ValidationIssue[];

/** What checking needs of the compiled validators (see compileValidators). */
export interface ExampleValidators {
  validatorFor(name: string): ValidateFunction | undefined;
  compile(schema: unknown): ValidateFunction;
}

/** Checks with the compiled validators; a schema that is not a component is compiled once, on first use. */
export function checkWithCompiled(document: Record<string, any>, validators: ExampleValidators): ExampleCheck {
  const inline = new Map<string, ValidateFunction>();
  const validatorOf = (example: SpecExample): ValidateFunction => {
    const component = example.schemaName && validators.validatorFor(example.schemaName);
    if (component) return component;
    let validate = inline.get(example.schemaPointer);
    if (!validate) {
      validate = validators.compile(rewriteSchemaRefs(resolvePointer(document, example.schemaPointer), schemaRef("")));
      inline.set(example.schemaPointer, validate);
    }
    return validate;
  };
  return (example) => {
    const validate = validatorOf(example);
    return validate(example.value) ? [] : humanize(validate.errors ?? []);
  };
}

export function checkExamples(examples: SpecExample[], check: ExampleCheck): void {
  const problems: string[] = [];
  for (const example of examples) {
    const file = `openapi/components/examples/${example.name}.yaml`;
    for (const issue of check(example)) {
      problems.push(`${file}: example "${example.key}" of ${example.operationId} ${example.status}: ${issue.path || "(root)"} ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
}
