// The spec the run's shared Prism serves: the bundled spec without the body
// schemas of responses that carry examples. Without `Prefer: dynamic=true`,
// Prism answers with a documented example and uses a response's schema only
// to check that example, and that check is what costs: Prism compiles the
// schema on the first answer of each operation, ~10 s of CPU for each
// activity list, ~8 s to read the whole spec. Request schemas, parameters,
// headers and security stay, so Prism validates requests and picks examples
// and statuses as it does for the real spec. The examples are checked against
// their schemas by our validators (test/examples.test.ts); that Prism serves
// the real spec with the same answers is test/mock-modes.test.ts's
// "real spec" case.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED } from "../../scripts/lib/project-paths.js";
import { cutSpec } from "./small-prism-spec.js";

type Responses = Record<string, { $ref?: string; content?: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> }>;

/** A copy of `spec` whose response media types with an example have no schema, and without the components only those schemas used. */
export function staticPrismSpec(spec: Record<string, any>): Record<string, any> {
  const copy = structuredClone(spec);
  const strip = (responses: Responses | undefined) => {
    for (const response of Object.values(responses ?? {})) {
      for (const media of Object.values(response.content ?? {})) {
        if (media.examples !== undefined || media.example !== undefined) delete media.schema;
      }
    }
  };
  const operations: Record<string, string[]> = {};
  for (const [path, item] of Object.entries<Record<string, { responses?: Responses }>>(copy.paths)) {
    operations[path] = Object.keys(item);
    for (const operation of Object.values(item)) if (operation && typeof operation === "object") strip(operation.responses);
  }
  strip(copy.components?.responses);
  // Every path and method, with only the components still referred to.
  return cutSpec(copy, operations);
}

/** Writes the static spec of generated/openapi.json into `dir` and returns its path. */
export function writeStaticPrismSpec(dir: string): string {
  const file = join(dir, "prism-static.json");
  writeFileSync(file, JSON.stringify(staticPrismSpec(JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8")))));
  return file;
}
