// Where a place in the bundled spec was written: a JSON Pointer of the bundled
// document (`/components/schemas/Customer/properties/email`,
// `/paths/~1v1~1customers/post/requestBody/content/application~1json`) back to
// the split file and line it came from, for problems the generators find
// after bundling (the bundle keeps no positions). It walks the hand-written
// files from the root, following each `$ref` it meets on the way; a component
// the bundler hoisted from a file is found by its name, which is the file's
// (the bundler's rule, as component-names.ts relies on too).
// Only called when there is a problem to report: it reads and parses files.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, extname, relative, resolve } from "node:path";
import type { Document, LineCounter } from "yaml";
import { ROOT } from "../project-paths.js";

type Yaml = typeof import("yaml");

interface ParsedFile {
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** `~1` and `~0` undone in one JSON Pointer segment (and `%xx`, as a `$ref`'s fragment may carry). */
const unescapeSegment = (segment: string) => {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // not percent-encoded
  }
  return text.replace(/~1/g, "/").replace(/~0/g, "~");
};

/** A JSON Pointer ("/a/b", "#/a/b" or "") as its segments. */
export const pointerSegments = (pointer: string): string[] =>
  pointer.replace(/^#/, "").split("/").slice(1).map(unescapeSegment);

/** The file a component named `name` of kind `kind` (schemas, examples, …) was hoisted from: the one named after it, in a folder named after its kind if there are more. */
export function componentFile(files: Iterable<string>, kind: string, name: string): string | undefined {
  const named = [...files].filter((file) => basename(file, extname(file)) === name);
  return named.find((file) => basename(dirname(file)) === kind) ?? named[0];
}

export interface SourceLocator {
  /** `file:line:col` (the file relative to the repository) of a JSON Pointer of the bundled spec; the root file and the pointer when no file holds it. */
  locate(pointer: string): string;
}

export function sourceLocator(specRoot: string): SourceLocator {
  // Loaded on the first look-up: a locator is made on every run, and used only when there is a problem.
  let yamlModule: Yaml | undefined;
  const yaml = () => (yamlModule ??= createRequire(import.meta.url)("yaml") as Yaml);
  const root = resolve(specRoot);
  const parsed = new Map<string, ParsedFile | undefined>();
  const parse = (file: string): ParsedFile | undefined => {
    if (!parsed.has(file)) {
      try {
        const lineCounter = new (yaml().LineCounter)();
        parsed.set(file, { document: yaml().parseDocument(readFileSync(file, "utf8"), { lineCounter, uniqueKeys: false }), lineCounter });
      } catch {
        parsed.set(file, undefined); // unreadable: lint or the bundler reported it
      }
    }
    return parsed.get(file);
  };

  let reachable: string[] | undefined;
  /** Every spec file reached from the root through `$ref`s. */
  const reachableFiles = (): string[] => {
    if (reachable) return reachable;
    const seen = new Set<string>();
    const pending = [root];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const value = parse(file)?.document.toJS({ maxAliasCount: -1 });
      const visit = (node: unknown, entered: Set<unknown>) => {
        if (node === null || typeof node !== "object" || entered.has(node)) return;
        entered.add(node);
        const ref = (node as { $ref?: unknown }).$ref;
        if (typeof ref === "string") {
          const uri = ref.split("#", 1)[0]!;
          if (uri && !/^[a-z][a-z0-9+.-]*:/i.test(uri) && /\.(ya?ml|json)$/i.test(uri)) pending.push(resolve(dirname(file), decodeURIComponent(uri)));
        }
        for (const child of Object.values(node)) visit(child, entered);
      };
      visit(value, new Set());
    }
    return (reachable = [...seen]);
  };

  const position = (file: string, offset: number | undefined) => {
    const where = offset === undefined ? { line: 1, col: 1 } : parse(file)!.lineCounter.linePos(offset);
    return `${relative(ROOT, file)}:${where.line}:${where.col}`;
  };

  /** Walks `segments` from the top of `file`, into the files its `$ref`s name; the position of the deepest node reached. */
  const walk = (file: string, segments: string[], depth = 0): string | undefined => {
    const source = parse(file);
    if (!source || depth > 32) return undefined;
    let node: unknown = source.document.contents;
    let offset: number | undefined;
    for (let i = 0; i < segments.length; i++) {
      if (yaml().isAlias(node)) node = node.resolve(source.document);
      const segment = segments[i]!;
      if (yaml().isMap(node)) {
        const pair = node.items.find((item) => yaml().isScalar(item.key) && String(item.key.value) === segment);
        if (pair) {
          offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
          node = pair.value;
          continue;
        }
        const ref = node.get("$ref");
        if (typeof ref === "string") {
          const [uri = "", fragment = ""] = ref.split("#", 2);
          const target = uri ? resolve(dirname(file), decodeURIComponent(uri)) : file;
          return walk(target, [...pointerSegments(fragment), ...segments.slice(i)], depth + 1) ?? position(file, offset);
        }
      } else if (yaml().isSeq(node)) {
        const item = node.items[Number(segment)];
        if (/^\d+$/.test(segment) && item !== undefined) {
          offset = (item as { range?: [number, number, number] }).range?.[0] ?? offset;
          node = item;
          continue;
        }
      }
      break; // not written in the files: the deepest place that is
    }
    return position(file, offset);
  };

  return {
    locate(pointer) {
      const segments = pointerSegments(pointer);
      const [first, kind, name] = segments;
      const rootDocument = parse(root)?.document;
      // A component hoisted from its own file is not in the root file's components.
      if (first === "components" && kind !== undefined && name !== undefined && !rootDocument?.hasIn(["components", kind, name])) {
        const file = componentFile(reachableFiles(), kind, name);
        if (file) return walk(file, segments.slice(3)) ?? `${relative(ROOT, file)}:1:1`;
      }
      return walk(root, segments) ?? `${relative(ROOT, root)}#${pointer}`;
    },
  };
}
