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
