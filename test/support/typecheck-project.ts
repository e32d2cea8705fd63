// `tsc -p tsconfig.json` over the whole project (src, scripts, tests, bench),
// with extra check files in the same program, by TypeScript 7, the native
// compiler (the `typescript-7` devDependency): it checks the project's 1,100
// files in about 4 s of processor time where TypeScript 5.9's compiler API
// took about 20 s on a fresh clone. The package is still built and declared
// with 5.9 (scripts/build.ts), and the consumer matrix and typecheck.ts check
// its types with 5.9 and 5.4.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../scripts/lib/project-paths.js";
import { TYPECHECK_DIR, writeChecks } from "./typecheck.js";

const run = promisify(execFile);
const TSC = join(ROOT, "node_modules/typescript-7/bin/tsc");

export interface ProjectDiagnostics {
  /** What `tsc -p <config>` reports for the config file, its options and every file it includes. */
  project: string[];
  /** Each extra file's own diagnostics, by the name it was given. */
  files: Record<string, string[]>;
}

/** `file(line,col): error TSn: message`, and the message's indented continuation lines, as `tsc --pretty false` prints them. */
const DIAGNOSTIC = /^(?:(.+?)\((\d+),\d+\): )?error (TS\d+: .*(?:\n {2}.*)*)/gm;

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
  const output = await run(process.execPath, [TSC, "-p", projectConfig, "--noEmit", "--pretty", "false"], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; stderr?: string; code?: number }) => {
      // Exit code 1 or 2: diagnostics were reported. Anything else, or nothing printed, is the compiler failing.
      if (!error.stdout?.includes("error TS")) throw new Error(`tsc -p ${config} failed (${error.code}): ${error.stderr || error.stdout}`);
      return error.stdout;
    },
  );
  const result: ProjectDiagnostics = { project: [], files: Object.fromEntries(Object.keys(files).map((name) => [name, []])) };
  for (const [, file, line, message] of output.matchAll(DIAGNOSTIC)) {
    const path = file && (isAbsolute(file) ? file : join(ROOT, file));
    const text = path ? `/${relative(ROOT, path)}:${line}: ${message}` : message!;
    const name = path && extra.get(path);
    if (name) result.files[name]!.push(text);
    else result.project.push(text);
  }
  return result;
}
