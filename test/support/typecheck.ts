// Compiles TypeScript sources with the project's compiler options, in process,
// and returns the diagnostics as "file:line: message" strings.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const ROOT = new URL("../../", import.meta.url).pathname;
export const TYPECHECK_DIR = join(ROOT, ".tmp/typecheck");

export function typecheck(files: Record<string, string>): string[] {
  mkdirSync(TYPECHECK_DIR, { recursive: true });
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(TYPECHECK_DIR, name);
    writeFileSync(path, text);
    return path;
  });
  const program = ts.createProgram(paths, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace(ROOT, "")}:${line + 1}: ${message}`;
  });
}
