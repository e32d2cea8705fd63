// Fails generation when a named example does not satisfy its schema, with the
// example's file and line (where its value is written: a component's file, or
// the path file of an inline example) and what is wrong. Redocly checks examples too, but with its
// own AJV setup; this checks them with the validators the package ships (the
// functions compiled for generated/validators.js, so nothing is compiled
// twice), and reports the issues those validators would.
import type { ValidateFunction } from "ajv";
import { schemaRef } from "./create-ajv.js";
import { SpecError } from "../spec/spec-error.js";
import { sourceLocator, type SourceLocator } from "../spec/source-locations.js";
import { SPEC_ROOT } from "../project-paths.js";
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

/** `locator` finds each example's file: by default in openapi/. */
export function checkExamples(examples: SpecExample[], check: ExampleCheck, locator: SourceLocator = sourceLocator(SPEC_ROOT)): void {
  const problems: string[] = [];
  for (const example of examples) {
    const issues = check(example);
    if (issues.length === 0) continue;
    const where = locator.locate(`${example.source}/value`);
    for (const issue of issues) {
      problems.push(`${where}: example "${example.key}" of ${example.operationId} ${example.status}: ${issue.path || "(root)"} ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
}
