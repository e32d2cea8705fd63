// The names of the spec's schema and example components become names in
// generated code (`export const Customer`, `validateCustomer`, the example
// constants), so each must be a JavaScript identifier. OpenAPI allows more
// (`Customer-Assets`, `Customer.Assets`, `1Assets`, `default`); without this
// check such a name failed deep inside AJV or esbuild, naming no file.
// A component of a split spec is named after its file (the bundler's rule),
// so a problem names that file.
import { relative } from "node:path";
import { ROOT } from "../project-paths.js";
import { componentFile } from "./source-locations.js";

/** Components whose names generated code uses as identifiers. */
const NAMED_IN_CODE = ["schemas", "examples"] as const;
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words a module cannot declare as a constant (strict mode's reserved words, and `await` in a module). */
export const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await arguments eval"
  ).split(" "),
);

export const ALLOWED_NAMES = "a letter or _ first, then only letters, digits and _, and not a JavaScript reserved word";

/**
 * One problem (file:line: message) per schema or example component of the
 * bundled `document` whose name generated code cannot use. `files` are the
 * files the bundle read: a component comes from the one named after it, or
 * else from the root file.
 */
export function componentNameProblems(document: Record<string, any>, files: Iterable<string>, specRoot: string): string[] {
  const all = [...files];
  const problems: string[] = [];
  for (const kind of NAMED_IN_CODE) {
    for (const name of Object.keys(document.components?.[kind] ?? {})) {
      if (IDENTIFIER.test(name) && !RESERVED.has(name)) continue;
      const file = componentFile(all, kind, name);
      const where = file ? `${relative(ROOT, file)}:1:1` : `${relative(ROOT, specRoot)}#/components/${kind}/${name}`;
      const rename = file ? "rename the file and the $refs to it" : "rename it";
      problems.push(`${where}: the ${kind === "schemas" ? "schema" : "example"} component name "${name}" cannot name generated code (${rename}): use ${ALLOWED_NAMES}`);
    }
  }
  return problems;
}
