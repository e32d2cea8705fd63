// Compares the pipeline's output with generated/ and, unless checking, writes
// the difference. Shared by `npm run generate` and `npm start`.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { generateAll } from "./generate-all.js";
import { GENERATED } from "./project-paths.js";

export interface SyncResult {
  /** Files whose content differs from the spec's output (written unless checking). */
  stale: string[];
  /** Files in generated/ the spec no longer produces (removed unless checking). */
  extra: string[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

export async function syncGenerated({ check, outDir = GENERATED, specRoot }: { check: boolean; outDir?: string; specRoot?: string }): Promise<SyncResult> {
  const outputs = await generateAll(specRoot);
  const stale: string[] = [];
  for (const [file, content] of outputs) {
    const target = join(outDir, file);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === content) continue;
    stale.push(file);
    if (!check) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }
  const extra = (await listFiles(outDir)).filter((file) => !outputs.has(file));
  if (!check) for (const file of extra) await rm(join(outDir, file));
  return { stale, extra };
}
