// Compiles small TypeScript programs with TypeScript 7, the native compiler
// (the `typescript-7` devDependency, run as `tsc -p`), and returns the
// diagnostics as "file:line: message" strings, with a small fixed set of
// options (a browser project's: DOM lib, no @types/node).
// typecheck-project.ts checks the whole project with tsconfig.json's.
//
// TypeScript 7 has no compiler API to call in process, and needs none here:
// its CLI checks these programs in under a second of processor time where
// TypeScript 5.9's compiler API, in the test worker, took 3 to 4 s cold.
//
// typecheck() reports the files it is given, not the src/ files they import
// (tsc checks them, but they are checked once by the project check in
// test/types.test.ts, and under these options by typecheckWithImports() in the
// same file's browser-project case).
//
// Each program is incremental (`tsc --incremental`): each set of files and
// kind of check keeps its state in TYPECHECK_DIR, and a run whose files'
// text is unchanged since the last one reuses its diagnostics (TypeScript
// compares files by a hash of their text). A fresh clone checks everything.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { TSC_7 } from "../../scripts/lib/build/native-tsc.js";
import { ROOT } from "../../scripts/lib/project-paths.js";

export const TYPECHECK_DIR = join(ROOT, ".tmp/typecheck");
/**
 * TypeScript 7's options for every check the suite runs (these and the
 * consumer matrix's shared `tsc -b`). The suite is short of processor time,
 * not of wall time: TypeScript 7's parallel checkers each redo work on the
 * shared libraries (the project check costs 6.0 s of CPU with them, 4.1 s on
 * one thread).
 */
export const SUITE_TSC_OPTIONS = ["--singleThreaded"];

const COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: "es2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  skipLibCheck: true,
  types: [],
  lib: ["es2023", "dom"],
};

/** Writes each file into TYPECHECK_DIR; returns their paths. */
export function writeChecks(files: Record<string, string>): string[] {
  mkdirSync(TYPECHECK_DIR, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(TYPECHECK_DIR, name);
    writeFileSync(path, text);
    return path;
  });
}

export interface TscDiagnostic {
  /** The file's absolute path; none for a diagnostic of the options or the program. */
  path?: string;
  line?: number;
  /** "TSnnnn". */
  code: string;
  /** The message, with its chain's indented continuation lines. */
  message: string;
}

/** `file(line,col): error TSn: message`, or `error TSn: message` for none, as `tsc --pretty false` prints a diagnostic's first line. */
const FIRST_LINE = /^(?:(.+?)\((\d+),\d+\): )?error (TS\d+): (.*)$/;

/**
 * The diagnostics in what `tsc --pretty false` printed, run in `cwd`. Any
 * other line (neither a diagnostic nor its indented continuation) throws:
 * a change of format must not read as "no errors".
 */
export function parseTscOutput(output: string, cwd: string): TscDiagnostic[] {
  const diagnostics: TscDiagnostic[] = [];
  for (const text of output.split(/\r?\n/)) {
    if (!text.trim()) continue;
    const first = FIRST_LINE.exec(text);
    const last = diagnostics.at(-1);
    if (first) {
      const [, file, line, code, message] = first;
      diagnostics.push({ ...(file && { path: isAbsolute(file) ? file : join(cwd, file), line: Number(line) }), code: code!, message: message! });
    } else if (last && text.startsWith("  ")) last.message += `\n${text}`;
    else throw new Error(`tsc printed a line that is not a diagnostic: ${text}\n${output}`);
  }
  return diagnostics;
}

/**
 * What failed unless tsc ran as a check does: exit code 0 with nothing
 * printed, or 1 or 2 (diagnostics reported) with diagnostics printed.
 * Anything else (a crash, a signal, a non-zero exit with nothing parsed) is
 * the compiler failing, not a clean program.
 */
export function tscFailure(status: number | null, stdout: string, stderr: string, diagnostics: TscDiagnostic[]): string | undefined {
  if (status === 0 && diagnostics.length === 0) return undefined;
  if ((status === 1 || status === 2) && diagnostics.length > 0) return undefined;
  return `exit code ${status}, ${diagnostics.length} diagnostics: ${stderr || stdout || "(no output)"}`;
}

function format({ path, line, message }: TscDiagnostic): string {
  if (!path) return message;
  const rel = relative(ROOT, path);
  return `${rel.startsWith("..") ? path : rel}:${line}: ${message}`;
}

function check(files: Record<string, string>, withImports: boolean): string[] {
  // One config and state per set of file names and kind of check: the callers' sets are few and fixed.
  const key = createHash("sha256")
    .update(`${withImports}\n${Object.keys(files).sort().join("\n")}`)
    .digest("hex")
    .slice(0, 16);
  const paths = writeChecks(files);
  const config = join(TYPECHECK_DIR, `typecheck-${key}.json`);
  const compilerOptions = { ...COMPILER_OPTIONS, incremental: true, tsBuildInfoFile: join(TYPECHECK_DIR, `typecheck-${key}.tsbuildinfo`) };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: paths }, null, 2));
  const run = spawnSync(process.execPath, [TSC_7, "-p", config, "--pretty", "false", ...SUITE_TSC_OPTIONS], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  const diagnostics = parseTscOutput(run.stdout, ROOT);
  const failure = tscFailure(run.status, run.stdout, run.stderr, diagnostics);
  if (failure) throw new Error(`tsc -p ${config} failed: ${failure}`);
  const given = new Set(paths);
  return diagnostics.filter((d) => withImports || !d.path || given.has(d.path)).map(format);
}

/**
 * The given files' diagnostics, each compiled as a module of its own in one
 * program, and those of no file (the options'); not those of the files they
 * import (see the top).
 */
export function typecheck(files: Record<string, string>): string[] {
  return check(files, false);
}

/** typecheck(), and every source file (not declaration file) the given files import, checked under the same options. */
export function typecheckWithImports(files: Record<string, string>): string[] {
  return check(files, true);
}
