// Following local $refs in a bundled OpenAPI 3.1 document, shared by the
// generator, the mock, the breaking-change guard and the live-server verifier.

export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`only local $refs can be followed, got "${ref}" (use a bundled spec)`);
  let node: any = document;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) throw new Error(`$ref "${ref}" points at nothing`);
    node = node[key];
  }
  return node;
}

/** Follows a chain of $refs; sibling keywords next to a $ref win over the target's (OpenAPI 3.1). */
export function deref(document: unknown, node: unknown): { node: any; refs: string[] } {
  let current: any = node;
  const seen: string[] = [];
  while (current && typeof current === "object" && typeof current.$ref === "string") {
    if (seen.includes(current.$ref)) throw new Error(`$ref "${current.$ref}" refers to itself`);
    seen.push(current.$ref);
    const { $ref, ...siblings } = current;
    const target = resolvePointer(document, $ref);
    current = Object.keys(siblings).length > 0 && target && typeof target === "object" ? { ...(target as object), ...siblings } : target;
  }
  return { node: current, refs: seen };
}

/** One level: the node a `$ref` points at, or the node itself. */
export const derefNode = (document: unknown, node: unknown): any => deref(document, node).node;

const COMPONENT_SCHEMA = "#/components/schemas/";

/**
 * A deep copy of `node` whose `$ref`s to component schemas point at
 * `prefix + name` instead (for example `customers#/$defs/`). Only `$ref`
 * values change: a description or example that mentions the same text stays.
 */
export function rewriteSchemaRefs<T>(node: T, prefix: string): T {
  const walk = (value: any): any => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      out[key] =
        key === "$ref" && typeof child === "string" && child.startsWith(COMPONENT_SCHEMA)
          ? prefix + child.slice(COMPONENT_SCHEMA.length)
          : walk(child);
    }
    return out;
  };
  return walk(node);
}
