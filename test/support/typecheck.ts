// Compiles TypeScript sources with the project's compiler options, in process,
// and returns the diagnostics as "file:line: message" strings.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const ROOT = new URL("../../", import.meta.url).pathname;
export const TYPECHECK_DIR = join(ROOT, ".tmp/typecheck");

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
};

// Every call makes a new program, but the files it reads besides the ones it
// was given (TypeScript's lib files, generated/, src/) are the same within a
// test run: parse each once (lib.dom.d.ts alone is 2 MB), as TypeScript's
// language service does, and share the parsed file between programs.
const host = ts.createCompilerHost(OPTIONS);
const parsed = new Map<string, ts.SourceFile>();
const readSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, onError, shouldCreateNewSourceFile) => {
  if (fileName.startsWith(TYPECHECK_DIR)) return readSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile);
  let file = parsed.get(fileName);
  if (!file) {
    file = readSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    if (file) parsed.set(fileName, file);
  }
  return file;
};

export function typecheck(files: Record<string, string>): string[] {
  mkdirSync(TYPECHECK_DIR, { recursive: true });
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(TYPECHECK_DIR, name);
    writeFileSync(path, text);
    return path;
  });
  const program = ts.createProgram(paths, OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.replace(ROOT, "")}:${line + 1}: ${message}`;
  });
}
