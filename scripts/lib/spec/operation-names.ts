// Names an operation gives generated code, besides the component names
// component-names.ts checks:
// - its operationId names the mock's parameter validators
//   (`<operationId>_path` in generated/mock-data.js), which AJV and esbuild
//   reject unless it is an identifier: `list-customers` failed inside AJV
//   ("CodeGen: invalid export name"), naming no file;
// - an inline example (an entry of a body's `examples` map that is not a
//   `$ref` to components/examples) becomes the constant
//   `<operationId>_<status>_<key>` in generated/examples.js: a key such as
//   `page-1` made a module that does not parse, and two examples with the
//   same constant name (one key under two media types of a body, or a
//   component example of that name) kept only the first, silently.
import { IDENTIFIER } from "./component-names.js";
import { HTTP_METHODS } from "./http-methods.js";
import { pointerSegment as pointerPart } from "./schema-walk.js";
import type { SourceLocator } from "./source-locations.js";
import type { SpecExample } from "./spec-examples.js";


/** One problem (file:line: message) per operationId that cannot name generated code. */
export function operationIdProblems(document: Record<string, any>, locator: SourceLocator): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const id = item?.[method]?.operationId;
      if (typeof id !== "string" || IDENTIFIER.test(id)) continue;
      problems.push(
        `${locator.locate(`/paths/${pointerPart(path)}/${method}/operationId`)}: the operationId "${id}" cannot name generated code: use a letter or _ first, then only letters, digits and _ (e.g. "${id.replace(/[^A-Za-z0-9_]+(.)?/g, (_m, next: string | undefined) => (next ?? "").toUpperCase())}")`,
      );
    }
  }
  return problems;
}

const isInline = (example: SpecExample) => !example.source.startsWith("#/components/examples/");
const describeExample = (example: SpecExample) =>
  `the inline example "${example.key}" of ${example.operationId} (${example.status === "request" ? "request" : `${example.status} response`}, ${example.mediaType})`;

/**
 * One problem per inline example whose constant name is no identifier or is
 * taken by another example. `examples` as collectExamples returns them; an
 * operation whose operationId is no identifier is left to operationIdProblems.
 */
export function exampleNameProblems(examples: readonly SpecExample[], locator: SourceLocator): string[] {
  const problems: string[] = [];
  /** The first example exported under each name. */
  const first = new Map<string, SpecExample>();
  for (const example of examples) {
    if (!IDENTIFIER.test(example.operationId)) continue;
    if (isInline(example) && !IDENTIFIER.test(example.name)) {
      problems.push(
        `${locator.locate(example.source)}: ${describeExample(example)} would be exported as "${example.name}", which cannot name generated code: give it a key of only letters, digits and _, or move it to components/examples and $ref it`,
      );
      continue;
    }
    const earlier = first.get(example.name);
    if (!earlier) {
      first.set(example.name, example);
      continue;
    }
    // The same component example $ref'd from several bodies is one constant.
    if (earlier.source === example.source) continue;
    const inline = isInline(example) ? example : earlier;
    const other = inline === example ? earlier : example;
    const otherWhat = isInline(other) ? describeExample(other) : `the example component "${other.name}"`;
    problems.push(
      `${locator.locate(inline.source)}: ${describeExample(inline)} would be exported as "${inline.name}", a name ${otherWhat} (${locator.locate(other.source)}) has already: rename one of them`,
    );
  }
  return problems;
}
