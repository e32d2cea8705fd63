// openapi-core words a `$ref` to an empty (0-byte) file as it words any
// other it cannot resolve, "Can't resolve $ref", at the referring line and
// without the error it gives for a missing file: this says which file the
// `$ref` names and that it is empty.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { ROOT } from "../project-paths.js";

const unescape = (segment: string) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * What to add to an unresolved `$ref` problem at `pointer` ("#/a/b") of the
 * file `file` (its text `body`) when the file it names is empty, e.g.
 * `: components/schemas/X.yaml is empty`; "" otherwise.
 */
export function emptyRefTarget(file: string, body: string, pointer: string | undefined): string {
  try {
    const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
    let node: unknown = parse(body);
    for (const segment of (pointer ?? "#").replace(/^#\/?/, "").split("/").filter(Boolean).map(unescape)) {
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
    }
    const ref = typeof node === "string" ? node : (node as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== "string") return "";
    const uri = ref.split("#", 1)[0];
    if (!uri || /^[a-z][a-z0-9+.-]*:/i.test(uri)) return "";
    const target = resolve(dirname(file), decodeURIComponent(uri));
    return readFileSync(target, "utf8").trim() === "" ? `: ${relative(ROOT, target)} is empty` : "";
  } catch {
    return ""; // unreadable or missing: openapi-core's message says so already
  }
}
