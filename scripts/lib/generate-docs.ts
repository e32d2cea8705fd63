// generated/docs/index.html: Redoc, with its scripts inlined so the page works
// offline. `redocly build-docs` has no Node API, so this is the one step that
// spawns a CLI (node_modules/.bin/redocly, not npx).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./project-paths.js";

const run = promisify(execFile);

export async function generateDocs(document: Record<string, any>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "customers-docs-"));
  try {
    const input = join(dir, "openapi.json");
    const output = join(dir, "index.html");
    await writeFile(input, JSON.stringify(document));
    await run(
      join(ROOT, "node_modules/.bin/redocly"),
      ["build-docs", input, "--inlineBundle", "--output", output, "--title", document.info.title, "--lint-config", "off"],
      { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" }, maxBuffer: 16 * 1024 * 1024 },
    );
    return await readFile(output, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
