// `tsc -p tsconfig.json` over the whole project (src, scripts, tests, bench),
// with extra check files in the same program, by TypeScript 7, the native
// compiler (the `typescript-7` devDependency): it checks the project's 1,100
// files in about 4 s of processor time where TypeScript 5.9's compiler API
// took about 20 s on a fresh clone. typecheck.ts checks small programs the
// same way, and scripts/build.ts emits the package's declarations with it.
// The consumer matrix checks the package's types with 5.9 and 5.4.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../scripts/lib/project-paths.js";
import { TSC_7 } from "../../scripts/lib/build/native-tsc.js";
import { SUITE_TSC_OPTIONS, TYPECHECK_DIR, parseTscOutput, tscFailure, writeChecks } from "./typecheck.js";

const run = promisify(execFile);

export interface ProjectDiagnostics {
  /** What `tsc -p <config>` reports for the config file, its options and every file it includes. */
  project: string[];
  /** Each extra file's own diagnostics, by the name it was given. */
  files: Record<string, string[]>;
}

/**
 * The project's diagnostics, and those of the given files, each compiled as a
 * module of its own in the same program (under TYPECHECK_DIR, so `../../src/…`
 * imports resolve): "file:line: message" strings.
 */
export async function typecheckProject(config: string, files: Record<string, string>): Promise<ProjectDiagnostics> {
  const extra = new Map(writeChecks(files).map((path, i) => [path, Object.keys(files)[i]!]));
  // tsc takes no file names beside -p: a config that extends the project's and adds them.
  const projectConfig = join(TYPECHECK_DIR, `${config.replace(/\W/g, "-")}.project.json`);
  const include: string[] = JSON.parse(readFileSync(join(ROOT, config), "utf8")).include ?? [];
  writeFileSync(
    projectConfig,
    JSON.stringify({ extends: join(ROOT, config), include: [...include.map((path) => join(ROOT, path)), ...extra.keys()] }, null, 2),
  );
  const { status, stdout, stderr } = await run(process.execPath, [TSC_7, "-p", projectConfig, "--noEmit", "--pretty", "false", ...SUITE_TSC_OPTIONS], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
    // Diagnostics reported (exit code 1 or 2) reject too; tscFailure tells them from a failing compiler.
    (error: { code?: number | string; stdout?: string; stderr?: string }) => ({
      status: typeof error.code === "number" ? error.code : null,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? String(error),
    }),
  );
  const diagnostics = parseTscOutput(stdout, ROOT);
  const failure = tscFailure(status, stdout, stderr, diagnostics);
  if (failure) throw new Error(`tsc -p ${config} failed: ${failure}`);
  const result: ProjectDiagnostics = { project: [], files: Object.fromEntries(Object.keys(files).map((name) => [name, []])) };
  for (const { path, line, code, message } of diagnostics) {
    const text = path ? `/${relative(ROOT, path)}:${line}: ${code}: ${message}` : `${code}: ${message}`;
    const name = path && extra.get(path);
    if (name) result.files[name]!.push(text);
    else result.project.push(text);
  }
  return result;
}
