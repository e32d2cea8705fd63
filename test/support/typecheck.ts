// Compiles TypeScript sources in process and returns the diagnostics as
// "file:line: message" strings: typecheck() with a small fixed set of options
// (no @types/node), typecheckProject() with tsconfig.json's.
//
// Both are incremental, as `tsc --incremental` is: each kind of program keeps
// its state in TYPECHECK_DIR, and a file whose text and whose dependencies'
// declarations are unchanged since the last run reuses that run's
// diagnostics (TypeScript compares files by a hash of their text, not by
// modification time). A fresh clone checks everything.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
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

/** A compiler host for incremental programs whose state files are written whole, then renamed: a run that starts meanwhile reads the old state or the new, never half of one. */
function incrementalHost(options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createIncrementalCompilerHost(options);
  host.writeFile = (path, text) => {
    mkdirSync(TYPECHECK_DIR, { recursive: true });
    const next = `${path}.${process.pid}`;
    writeFileSync(next, text);
    renameSync(next, path);
  };
  return host;
}

// Every typecheck() makes a new program, but the files it reads besides the
// ones it was given (TypeScript's lib files, generated/, src/) are the same
// within a test run: parse each once (lib.dom.d.ts alone is 2 MB), as
// TypeScript's language service does, and share the parsed file between
// programs. (Only between programs with these options: a SourceFile is bound
// once, and binding reads some options.)
const host = incrementalHost(OPTIONS);
const parsed = new Map<string, TS.SourceFile>();
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

/** Writes each file into TYPECHECK_DIR; returns their paths. */
function writeChecks(files: Record<string, string>): string[] {
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

/** What tsc reports for a noEmit program (config, options, global, syntactic and semantic diagnostics); then saves the incremental state. */
function diagnosticsOf(program: TS.EmitAndSemanticDiagnosticsBuilderProgram): readonly TS.Diagnostic[] {
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  // With noEmit, this writes the incremental state only.
  program.emit();
  return diagnostics;
}

export function typecheck(files: Record<string, string>): string[] {
  // One state per set of file names: the callers' sets are few and fixed.
  const key = createHash("sha256").update(Object.keys(files).sort().join("\n")).digest("hex").slice(0, 16);
  const options = { ...OPTIONS, incremental: true, tsBuildInfoFile: join(TYPECHECK_DIR, `typecheck-${key}.tsbuildinfo`) };
  const program = ts.createIncrementalProgram({ rootNames: writeChecks(files), options, host });
  return diagnosticsOf(program).map(format);
}

export interface ProjectDiagnostics {
  /** What `tsc -p <config>` reports: the config file, options, and every file the config includes. */
  project: string[];
  /** Each extra file's own diagnostics, by the name it was given. */
  files: Record<string, string[]>;
}

/**
 * `tsc -p <config>` in process, with extra files compiled in the same program
 * under the same options: one program checks src/ and generated/ once for the
 * project and for the extra files, instead of once per program.
 */
export function typecheckProject(config: string, files: Record<string, string>): ProjectDiagnostics {
  const configErrors: TS.Diagnostic[] = [];
  const parsedConfig = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d),
  });
  if (!parsedConfig) return { project: configErrors.map(format), files: {} };
  const extra = new Map(writeChecks(files).map((path, i) => [path, Object.keys(files)[i]!]));
  const options = { ...parsedConfig.options, incremental: true, tsBuildInfoFile: join(TYPECHECK_DIR, `${basename(config, ".json")}.tsbuildinfo`) };
  const program = ts.createIncrementalProgram({
    rootNames: [...parsedConfig.fileNames, ...extra.keys()],
    options,
    host: incrementalHost(options),
    projectReferences: parsedConfig.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsedConfig),
  });
  const result: ProjectDiagnostics = { project: [], files: Object.fromEntries(Object.keys(files).map((name) => [name, []])) };
  for (const d of diagnosticsOf(program)) {
    const name = d.file && extra.get(d.file.fileName);
    if (name) result.files[name]!.push(format(d));
    else result.project.push(format(d));
  }
  return result;
}
