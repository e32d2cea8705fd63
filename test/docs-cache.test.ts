// The cache of docs pages (scripts/lib/docs/docs-page-cache.ts): a second
// build of the same input does not run Redocly, a changed input does, and an
// entry that is missing or cut short is built again. Redocly here is a stand-in
// script that logs each run and writes a page of the title and the input (the real
// build costs about 2 s of processor time; docs-build.test.ts runs it).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { generateDocs, NO_CACHE_ENV } from "../scripts/lib/docs/generate-docs.js";

const work = mkdtempSync(join(tmpdir(), "customers-docs-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runs = join(work, "runs.log");
const redocly = join(work, "redocly.sh");
// A shell script, not Node: a dozen runs cost next to nothing. The page is the title and the input file.
writeFileSync(
  redocly,
  `#!/bin/sh
echo run >> '${runs}'
input=$2
while [ $# -gt 0 ]; do
  case $1 in --output) out=$2 ;; --title) title=$2 ;; esac
  shift
done
{ printf '<html><head></head><body>%s ' "$title"; cat "$input"; printf '</body></html>'; } > "$out"
`,
);
chmodSync(redocly, 0o755);
const runCount = () => readFileSync(runs, "utf8").split("\n").filter(Boolean).length;

const spec = (description: string, title = "Cache test") => ({ openapi: "3.1.0", info: { title, version: "1.0.0", description }, paths: {} });

describe("the docs page cache", () => {
  it("runs Redocly once for one input, again for a changed one, and rebuilds a missing or damaged entry", async () => {
    const cache = { dir: join(work, "cache") };
    const build = (document: Record<string, any>) => generateDocs(document, undefined, { cache, redocly });
    const entries = () => readdirSync(cache.dir);

    const first = await build(spec("first"));
    expect(first).toContain('<body>Cache test {"openapi":"3.1.0","info":{"title":"Cache test","version":"1.0.0","description":"first"}');
    expect(first).toContain('<link rel="icon" href="data:,">'); // made offline, as a built page is
    expect(runCount()).toBe(1);
    expect(await build(spec("first"))).toBe(first);
    expect(runCount()).toBe(1);
    expect(entries()).toHaveLength(1); // no temporary file left behind

    // Another document, or only another title (an argument, not the input file): built.
    expect(await build(spec("second"))).toContain('"description":"second"');
    expect(runCount()).toBe(2);
    expect(await build(spec("first", "Other title"))).toContain('<body>Other title {"openapi":"3.1.0","info":{"title":"Other title","version":"1.0.0","description":"first"}');
    expect(runCount()).toBe(3);
    expect(entries()).toHaveLength(3);

    // An entry cut short (a full disk, a killed writer) or removed is built again.
    const [entry] = entries().filter((name) => readFileSync(join(cache.dir, name), "utf8").includes('"title":"Cache test","version":"1.0.0","description":"first"'));
    const full = readFileSync(join(cache.dir, entry!), "utf8");
    writeFileSync(join(cache.dir, entry!), full.slice(0, -10));
    expect(await build(spec("first"))).toBe(first);
    expect(runCount()).toBe(4);
    expect(readFileSync(join(cache.dir, entry!), "utf8")).toBe(full);
    rmSync(join(cache.dir, entry!));
    expect(await build(spec("first"))).toBe(first);
    expect(runCount()).toBe(5);
  });

  it("keeps the most recently used entries", async () => {
    const cache = { dir: join(work, "small-cache"), maxEntries: 2 };
    const build = (description: string) => generateDocs(spec(description), undefined, { cache, redocly });
    await build("a");
    await build("b");
    // Both used long ago, so the hit below makes a the more recent on any file system clock.
    for (const name of readdirSync(cache.dir)) utimesSync(join(cache.dir, name), new Date(2000, 0), new Date(2000, 0));
    const before = runCount();
    await build("a"); // a hit: a becomes the most recently used
    await build("c"); // b goes
    expect(readdirSync(cache.dir)).toHaveLength(2);
    await build("a");
    expect(runCount()).toBe(before + 1);
    await build("b");
    expect(runCount()).toBe(before + 2);
  });

  describe(`with ${NO_CACHE_ENV}=off (the benchmarks)`, () => {
    afterEach(() => vi.unstubAllEnvs());

    it("builds every page, even one the cache holds", async () => {
      const cache = { dir: join(work, "off-cache") };
      const build = () => generateDocs(spec("off"), undefined, { cache, redocly });
      const page = await build();
      const before = runCount();
      vi.stubEnv(NO_CACHE_ENV, "off");
      expect(await build()).toBe(page);
      expect(await build()).toBe(page);
      expect(runCount()).toBe(before + 2);
    });
  });
});
