// A small OpenAPI file for Prism, for the tests of how the commands manage
// it (start, health, restart after it dies, cleanup on SIGTERM or SIGKILL),
// which do not depend on what Prism answers. Prism needs about 6-7 s of CPU
// to read generated/openapi.json (or .yaml) and about 1.8 s for this one,
// nearly all of it loading Prism's own modules: a spec with one inline
// operation costs the same, so only fewer starts save more. It is cut from the
// bundled spec (one operation, the components it refers to), so it cannot go
// stale: a dynamic answer from it is still a valid Customer. Prism serving the
// real spec is covered by test/mock-modes.test.ts ("Prism reading the real spec").
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED } from "../../scripts/lib/project-paths.js";

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

/** The bundled spec with only `operations` (path → methods) and the components they reach through `$ref`. */
export function cutSpec(spec: Record<string, any>, operations: Record<string, string[]>): Record<string, any> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(operations)) {
    const item = spec.paths[path];
    if (!item) throw new Error(`the spec has no path ${path}`);
    paths[path] = Object.fromEntries(Object.entries(item).filter(([key]) => !METHODS.has(key) || methods.includes(key)));
  }
  const components: Record<string, Record<string, unknown>> = { ...(spec.components?.securitySchemes ? { securitySchemes: spec.components.securitySchemes } : {}) };
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key !== "$ref" || typeof value !== "string") {
        walk(value);
        continue;
      }
      if (!value.startsWith("#/components/") || seen.has(value)) continue;
      seen.add(value);
      const [, , kind, name] = value.split("/") as [string, string, string, string];
      const target = spec.components[kind][name];
      (components[kind] ??= {})[name] = target;
      walk(target);
    }
  };
  walk(paths);
  return { ...spec, paths, components };
}

/** Writes the small spec (GET /v1/customers/{customerId}) into `dir` and returns its path. */
export function writeSmallPrismSpec(dir: string): string {
  const spec = JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  const file = join(dir, "prism-small.json");
  writeFileSync(file, JSON.stringify(cutSpec(spec, { "/v1/customers/{customerId}": ["get"] })));
  return file;
}
