// A cache of the pages `redocly build-docs` writes, keyed by a hash of
// everything the page is made from (generate-docs.ts passes the docs document,
// the Redocly config, the arguments with the title, and the CLI's path and
// version). A build costs
// about 2 s of processor time; `npm run generate`, `docs`, `site`, `start` and
// `dev` (and the tests) often build a page for a spec built before.
//
// Each entry is one file: the sha256 of the page, a newline, the page. It is
// written to a temporary name and renamed, so a reader sees a whole entry or
// none; an entry whose hash does not match (cut short, edited) is rebuilt.
// The least recently used entries beyond `maxEntries` are removed.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CACHE_ROOT, pruneOldest } from "../cache-dir.js";

export const DOCS_CACHE_DIR = join(CACHE_ROOT, "docs-pages");

/** About 2.5 MB each: a few dozen megabytes at most. */
const MAX_ENTRIES = 16;

export interface PageCacheOptions {
  /** Default: DOCS_CACHE_DIR. */
  dir?: string;
  maxEntries?: number;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The key of a page: a hash over each part, each prefixed by its length so no two lists of parts collide. */
function pageKey(parts: readonly string[]): string {
  return sha256(parts.map((part) => `${part.length}:${part}`).join("\n"));
}

async function readEntry(file: string): Promise<string | undefined> {
  const entry = await readFile(file, "utf8").catch(() => undefined);
  if (entry === undefined) return undefined;
  const newline = entry.indexOf("\n");
  const page = entry.slice(newline + 1);
  return newline === 64 && entry.slice(0, 64) === sha256(page) ? page : undefined;
}

/** The cached page for `parts`, or `build()`'s, stored for next time. A cache that cannot be written only costs the next build. */
export async function cachedPage(parts: readonly string[], build: () => Promise<string>, { dir = DOCS_CACHE_DIR, maxEntries = MAX_ENTRIES }: PageCacheOptions = {}): Promise<string> {
  const file = join(dir, `${pageKey(parts)}.html`);
  const cached = await readEntry(file);
  if (cached !== undefined) {
    const now = new Date();
    await utimes(file, now, now).catch(() => {}); // most recently used: pruned last
    return cached;
  }
  const page = await build();
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temporary, `${sha256(page)}\n${page}`);
    await rename(temporary, file);
    await pruneOldest(dir, maxEntries, ".html");
  } catch {
    await rm(temporary, { force: true });
  }
  return page;
}
