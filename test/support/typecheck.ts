// Compiles TypeScript sources in process and returns the diagnostics as
// "file:line: message" strings, with a small fixed set of options (a browser
// project's: DOM lib, no @types/node). typecheck-project.ts checks the whole
// project with tsconfig.json's.
//
// typecheck() reports the files it is given, not the src/ files they import:
// those are checked once by the project check (test/types.test.ts), and
// under these options by typecheckWithImports() (the same file's
// browser-project case). Checking the client again in every caller's program
// cost about 3 s of processor time each.
//
// All are incremental, as `tsc --incremental` is: each kind of program keeps
// its state in TYPECHECK_DIR, and a file whose text and whose dependencies'
// declarations are unchanged since the last run reuses that run's
// diagnostics (TypeScript compares files by a hash of their text, not by
// modification time). A fresh clone checks everything.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type TS from "typescript";

// Required, not imported: Node's ES module loader first scans TypeScript's
// 9 MB CommonJS file for export names, about 0.8 s of processor time.
const ts = createRequire(import.meta.url)("typescript") as typeof TS;

const ROOT = new URL("../../", import.meta.url).pathname;
export const TYPECHECK_DIR = join(ROOT, ".tmp/typecheck");

const OPTIONS: TS.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
};

/** A compiler host for incremental programs, parsing as tsc does, whose state files are written whole, then renamed: a run that starts meanwhile reads the old state or the new, never half of one. */
function incrementalHost(options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createIncrementalCompilerHost(options);
  // As tsc parses: JSDoc only where it can change a type error (a language
  // service parses all of it; @types/node is mostly doc comments).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  host.writeFile = (path, text) => {
    mkdirSync(TYPECHECK_DIR, { recursive: true });
    const next = `${path}.${process.pid}`;
    writeFileSync(next, text);
    renameSync(next, path);
  };
  return host;
}

// Every program here is new, but the files it reads besides the ones it was
// given (TypeScript's lib files, generated/, src/) are the same within a test
// run: parse each once (lib.dom.d.ts alone is 2 MB), as TypeScript's language
// service does, and share the parsed file between programs (all of them
// have the same OPTIONS, which decide how a file is parsed and bound).
const parsed = new Map<string, TS.SourceFile>();
function sharingParsedFiles(host: TS.CompilerHost, shared: (fileName: string) => boolean): TS.CompilerHost {
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreateNewSourceFile) => {
    if (!shared(fileName)) return readSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    let file = parsed.get(fileName);
    if (!file) {
      file = readSourceFile(fileName, languageVersion, onError, shouldCreateNewSourceFile);
      if (file) parsed.set(fileName, file);
    }
    return file;
  };
  return host;
}
const host = sharingParsedFiles(incrementalHost(OPTIONS), (fileName) => !fileName.startsWith(TYPECHECK_DIR));
/** Writes each file into TYPECHECK_DIR; returns their paths. */
export function writeChecks(files: Record<string, string>): string[] {
  mkdirSync(TYPECHECK_DIR, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(TYPECHECK_DIR, name);
    writeFileSync(path, text);
    return path;
  });
}

function format(d: TS.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return message;
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName.replace(ROOT, "")}:${line + 1}: ${message}`;
}

/**
 * What tsc reports for a noEmit program (config, options, global, syntactic
 * and semantic diagnostics), the semantic ones of `only` when given (else of
 * every file); then saves the incremental state.
 */
function diagnosticsOf(program: TS.EmitAndSemanticDiagnosticsBuilderProgram, only?: string[]): readonly TS.Diagnostic[] {
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...(only ? only.flatMap((path) => program.getSemanticDiagnostics(program.getSourceFile(path))) : program.getSemanticDiagnostics()),
  ];
  // With noEmit, this writes the incremental state only.
  program.emit();
  return diagnostics;
}

function check(files: Record<string, string>, withImports: boolean): string[] {
  // One state per set of file names and kind of check: the callers' sets are few and fixed.
  const key = createHash("sha256")
    .update(`${withImports}\n${Object.keys(files).sort().join("\n")}`)
    .digest("hex")
    .slice(0, 16);
  const options = { ...OPTIONS, incremental: true, tsBuildInfoFile: join(TYPECHECK_DIR, `typecheck-${key}.tsbuildinfo`) };
  const rootNames = writeChecks(files);
  const program = ts.createIncrementalProgram({ rootNames, options, host });
  return diagnosticsOf(program, withImports ? undefined : rootNames).map(format);
}

/** The given files' diagnostics, each compiled as a module of its own in one program; the files they import are not checked here (see the top). */
export function typecheck(files: Record<string, string>): string[] {
  return check(files, false);
}

/** typecheck(), and every source file (not declaration file) the given files import, checked under the same options. */
export function typecheckWithImports(files: Record<string, string>): string[] {
  return check(files, true);
}
