// Where this repository's tools keep what they can reuse between runs (docs
// pages, lint passes): under node_modules/.cache, as other tools do, so a
// fresh install starts clean and nothing there is committed.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { ROOT } from "./project-paths.js";

export const CACHE_ROOT = join(ROOT, "node_modules/.cache/voucherify-customers-contract");

/** Removes the least recently used files ending in `suffix` beyond `maxEntries` (used: last modified; readers touch what they reuse). */
export async function pruneOldest(dir: string, maxEntries: number, suffix: string): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith(suffix));
  if (names.length <= maxEntries) return;
  const entries = await Promise.all(names.map(async (name) => ({ name, used: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  entries.sort((a, b) => b.used - a.used);
  await Promise.all(entries.slice(maxEntries).map(({ name }) => rm(join(dir, name), { force: true })));
}
