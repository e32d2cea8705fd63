// Words openapi-core's "Self-referencing circular pointer": a chain of `$ref`s
// that only lead to other `$ref`s and come back (a component file that is only
// `$ref: ./Itself.yaml`, or two that point at each other). openapi-core throws
// it with no file; this finds the loop by following the spec's `$ref`s from
// the root file, so the problem names each `$ref` on it (file:line:col).
// A loop through a schema's properties is recursion, not this: only a `$ref`
// whose target is itself a `$ref` takes a step here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { ROOT } from "../project-paths.js";

type Yaml = typeof import("yaml");

interface ParsedFile {
  value: unknown;
  /** file:line:col of the `$ref` at a JSON Pointer of this file. */
  where(pointer: string[]): string;
}

const unescape = (segment: string) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");

/** A node's `$ref`, split into the file it names (absolute) and the pointer in it. */
function target(file: string, ref: string): { file: string; pointer: string[] } {
  const [uri = "", fragment = ""] = ref.split("#", 2);
  return { file: uri ? resolve(dirname(file), decodeURIComponent(uri)) : file, pointer: fragment.split("/").slice(1).map(unescape) };
}

function at(value: unknown, pointer: string[]): unknown {
  let node = value;
  for (const segment of pointer) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

const refOf = (node: unknown) => (node !== null && typeof node === "object" && typeof (node as { $ref?: unknown }).$ref === "string" ? (node as { $ref: string }).$ref : undefined);

/** The problems for the first `$ref` loop found from `specRoot`, or one naming the root when none is found. */
export function refLoopProblems(specRoot: string): string[] {
  const yaml = createRequire(import.meta.url)("yaml") as Yaml;
  const files = new Map<string, ParsedFile | undefined>();
  const parse = (file: string): ParsedFile | undefined => {
    if (files.has(file)) return files.get(file);
    let parsed: ParsedFile | undefined;
    try {
      const lineCounter = new yaml.LineCounter();
      const document = yaml.parseDocument(readFileSync(file, "utf8"), { lineCounter });
      parsed = {
        value: document.toJS(),
        where(pointer) {
          const node = document.getIn([...pointer, "$ref"], true) as { range?: [number, number, number] } | undefined;
          const position = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
          return `${relative(ROOT, file)}${position ? `:${position.line}:${position.col}` : `#/${pointer.join("/")}`}`;
        },
      };
    } catch {
      parsed = undefined; // unreadable: the lint reports it
    }
    files.set(file, parsed);
    return parsed;
  };

  /** Follows the `$ref` at `pointer` of `file` while each target is a `$ref` too; the loop if one comes back. */
  const loopFrom = (file: string, pointer: string[]): string[] | undefined => {
    const path: string[] = [];
    const seen = new Map<string, number>();
    let current = { file, pointer };
    for (;;) {
      const key = `${current.file}#/${current.pointer.join("/")}`;
      if (seen.has(key)) return path.slice(seen.get(key));
      const parsed = parse(current.file);
      const ref = parsed && refOf(at(parsed.value, current.pointer));
      if (!parsed || ref === undefined) return undefined;
      seen.set(key, path.length);
      path.push(parsed.where(current.pointer));
      current = target(current.file, ref);
    }
  };

  // Every `$ref` of every file reached from the root, each a possible start of a loop.
  const pending = [resolve(specRoot)];
  const visited = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (visited.has(file)) continue;
    visited.add(file);
    const parsed = parse(file);
    if (!parsed) continue;
    const entered = new WeakSet<object>(); // YAML aliases can make a value that contains itself
    const walk = (node: unknown, pointer: string[]): string[] | undefined => {
      if (node === null || typeof node !== "object" || entered.has(node)) return undefined;
      entered.add(node);
      const ref = refOf(node);
      if (ref !== undefined) {
        const loop = loopFrom(file, pointer);
        if (loop) return loop;
        const next = target(file, ref).file;
        if (/\.(ya?ml|json)$/i.test(next)) pending.push(next);
      }
      for (const [key, child] of Object.entries(node)) {
        const loop = walk(child, [...pointer, key]);
        if (loop) return loop;
      }
      return undefined;
    };
    const loop = walk(parsed.value, []);
    if (loop) {
      if (loop.length === 1) return [`${loop[0]}: this $ref names itself: a $ref must lead to a value`];
      return [`${loop[0]}: this $ref leads only to $refs and back to itself (${[...loop, loop[0]].join(" → ")}): a $ref must lead to a value`];
    }
  }
  return [`${relative(ROOT, specRoot)}: a chain of $refs leads back to itself (openapi-core: Self-referencing circular pointer), and no file's loop was found`];
}
