// Measures how deeply a parsed JSON value nests, without recursion (a
// recursive walk would itself overflow on the values it is meant to catch).

/** True when `value` nests objects or arrays more than `limit` levels deep (the value itself is level 1). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}
