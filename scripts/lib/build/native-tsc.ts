// TypeScript 7, the native compiler (the `typescript-7` devDependency), run
// as its CLI over chosen root files under a project's tsconfig. It emits the
// package's declarations byte for byte as TypeScript 5.9's compiler API did;
// the whole build went from about 8.5 s of processor time to 3.8 s.
//
// The CLI takes a project or root files, never both, so the roots go into a
// throwaway config under .tmp/ that extends the real one. Paths in a config
// resolve from the file that names them, and the default type roots
// (node_modules/@types) are looked up from the throwaway's folder upwards, so
// outDir, rootDir and `types` mean what they mean in the project.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../project-paths.js";

const run = promisify(execFile);
const MANIFEST = createRequire(import.meta.url).resolve("typescript-7/package.json");
/** The package's own launcher (it finds the platform binary), as `npm run typecheck` runs it. */
export const TSC_7 = join(dirname(MANIFEST), (JSON.parse(readFileSync(MANIFEST, "utf8")) as { bin: { tsc: string } }).bin.tsc);

export class CompilerError extends Error {}

/**
 * Compiles `rootNames` (absolute paths) under `config` with extra CLI
 * `options` (e.g. `--noCheck`), writing wherever the config says. Resolves
 * with every file in the program (absolute paths, as `--listFiles` prints
 * them); rejects with a CompilerError holding the compiler's messages when
 * it reports any (options, syntax, emit, and type errors unless `--noCheck`).
 */
export async function compileWithNativeTsc(config: string, rootNames: string[], options: string[] = []): Promise<string[]> {
  const scratch = join(ROOT, ".tmp/native-tsc");
  const project = join(scratch, `tsconfig.${process.pid}.json`);
  mkdirSync(scratch, { recursive: true });
  const relativeTo = (file: string) => relative(scratch, file).replaceAll("\\", "/");
  writeFileSync(project, JSON.stringify({ extends: relativeTo(config), files: rootNames.map(relativeTo) }));
  try {
    const { stdout } = await run(process.execPath, [TSC_7, "-p", project, "--pretty", "false", "--listFiles", ...options], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => {
        // Exit code 1 or 2: diagnostics (without or with output). The file
        // list is noise beside them; anything else (a crash) is kept whole.
        const messages = `${error.stdout ?? ""}\n${error.stderr ?? ""}`.split("\n").filter((line) => line.trim() && !listedFile(line));
        throw new CompilerError(messages.length ? messages.join("\n") : `TypeScript 7 failed: ${error.message}`);
      },
    );
    return stdout.split("\n").filter(listedFile);
  } finally {
    rmSync(project, { force: true });
  }
}

/** A `--listFiles` line: an absolute path to a file. Diagnostics start with a relative path or `error TS…`. */
const listedFile = (line: string): boolean => isAbsolute(line) && existsSync(line);
