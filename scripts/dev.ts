// `npm run dev [-- --port 4010 --docs-port 4011 --stateful …]`: `npm start`
// that follows your edits. It watches openapi/; on each save it lints and
// bundles the spec in this process, hands it to the docs (the page reloads
// itself), then rewrites generated/ in the background from that same
// document (not linted and bundled again): the bundled spec Prism serves with
// the rest, so generated/ is all of one spec or all of the last, never mixed
// when a later step fails. Then it swaps in a mock engine built from the new
// modules (the stateful customers the new spec still accepts are kept). A
// broken save prints its file:line problems here and on the docs page, and
// the last good spec keeps being served. A save that bundles to
// the spec generated/ was last rewritten from (a broken save undone, a comment)
// rewrites nothing.
// `--spec <openapi.yaml> --out <folder>` work on a copy (the tests and the bench do);
// `--prism-on-demand` starts Prism only when a request needs it (the tests do).
import { readFile, rm } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { MOCK_USAGE, parseMockArgs, parsePort } from "./lib/mock/mock-cli-options.js";
import { reportFailure } from "./lib/spec/report-failure.js";
import { lintAndBundle } from "./lib/spec/bundle-spec.js";
import { SpecError } from "./lib/spec/spec-error.js";
import { serveLiveDocs } from "./lib/docs/live-docs.js";
import { watchSpec } from "./lib/docs/spec-watcher.js";
import { checkSpec, startBoth, startupLog } from "./lib/docs/startup.js";
import { SYNC_STATE_FILE, syncGenerated } from "./lib/generate/sync-generated.js";
import { GENERATED, ROOT, SPEC_ROOT } from "./lib/project-paths.js";
import { stopOnSignals } from "./lib/process/stop-on-signals.js";

const log = startupLog();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** The generated modules the mock engine is built from (engine-loader.ts). */
const ENGINE_MODULES = new Set(["examples.js", "mock-data.js", "operations.js", "validators.js"]);

/** A broken save can report hundreds of problems; the first ones are what to fix. */
const SHOWN_PROBLEMS = 20;

function printProblems(what: string, problems: string[]) {
  console.error(`✗ ${what}: the spec has ${problems.length} problem(s); still serving the last good spec:`);
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) console.error(`  ${problem}`);
  if (problems.length > SHOWN_PROBLEMS) console.error(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
}

try {
  const extra = {
    "docs-port": { type: "string", default: "4011" },
    spec: { type: "string" },
    out: { type: "string" },
    "prism-on-demand": { type: "boolean", default: false },
  } as const;
  const { options, quiet, help, values } = parseMockArgs(process.argv.slice(2), extra);
  if (help) {
    console.log(`npm run dev -- [options]
${MOCK_USAGE}
  --docs-port <n> port of the docs (default 4011)
  --spec <file>   the spec's root file to watch (default openapi/openapi.yaml)
  --out <folder>  the generated/ folder to keep up to date (default generated/)
  --prism-on-demand
                  start Prism at the first request that needs it (Prefer:
                  dynamic=true) instead of at once: the examples and --stateful
                  need no Prism, and it takes about 8 s of CPU to read the spec
                  and again after each save`);
    process.exit(0);
  }
  const prismOnDemand = values["prism-on-demand"] === true;
  if (prismOnDemand && options.dynamic) throw new Error("--prism-on-demand does not apply with --dynamic, which needs Prism for every answer");
  const docsPort = parsePort(values["docs-port"] as string, "--docs-port");
  const specRoot = values.spec ? resolve(values.spec as string) : SPEC_ROOT;
  const outDir = values.out ? resolve(values.out as string) : GENERATED;
  const outLabel = relative(ROOT, outDir) || ".";

  let problems: string[] = [];
  try {
    await checkSpec(log, { outDir, specRoot });
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    problems = error.problems;
    printProblems(relative(ROOT, dirname(specRoot)), problems);
  }
  const lastGood: Record<string, any> = JSON.parse(
    await readFile(join(outDir, "openapi.json"), "utf8").catch(() => {
      throw new Error(`${outLabel}/openapi.json is missing and the spec does not build; fix the problems above, then run \`npm run dev\` again`);
    }),
  );

  log.step("Starting the mock (Prism) and the live docs…");
  // Loaded after the check: the mock reads generated/ when it is imported.
  const { startMock } = await import("./lib/mock/mock-server.js");
  const [mock, docs] = await startBoth(
    startMock({
      ...options,
      generatedDir: outDir,
      // Prism serves the spec of the folder dev keeps up to date (it rereads it on each save).
      prismSpec: options.prismSpec ?? join(outDir, "openapi.yaml"),
      ...(prismOnDemand ? { prismStart: "on-demand" as const } : {}),
      portFlag: "npm run dev -- --port",
      ...(quiet ? {} : { log: (line: string) => console.log(line) }),
    }),
    serveLiveDocs(options.host!, docsPort, "npm run dev -- --docs-port", { document: lastGood, problems }),
  );
  log.done("ready");
  console.log(`Mock (${mock.mode}): ${mock.url}   health: ${mock.url}/__health`);
  console.log(`Docs: ${docs.url}   (reloads itself on each save)`);
  console.log(`Watching ${relative(ROOT, dirname(specRoot))}/ for changes. Ctrl-C stops everything.`);

  // The rest of generated/ (types, validators, the static docs page) follows in the background, one run at a time.
  // The last good spec (linted and bundled), as JSON too, with the watcher's
  // count of file changes when it was read: a change since means the files on
  // disk may no longer be that spec.
  let latest = { document: lastGood, json: JSON.stringify(lastGood), changes: 0 };
  // The spec generated/ is the output of (as JSON), when known for sure: a full
  // regeneration costs seconds, and a save that bundles to it needs none.
  let generatedFrom = problems.length ? undefined : latest.json;
  let background = Promise.resolve();
  let queued = false;
  const regenerateRest = () => {
    if (queued) return;
    queued = true;
    background = background.then(async () => {
      queued = false;
      const target = latest;
      if (target.json === generatedFrom) {
        console.log(`  ${outLabel}/ already holds this spec's output; nothing to rewrite`);
        return;
      }
      generatedFrom = undefined; // until the run below ends well, generated/ may be from either spec
      const started = performance.now();
      try {
        const { stale, extra: removed } = await syncGenerated({ check: false, outDir, specRoot, linted: target.document });
        generatedFrom = target.json;
        // The sync recorded the hashes of the files on disk now (sync-generated.ts); after a save since
        // the spec was read they are not what generated/ was made from: forget them, so the next start checks.
        if (watcher.changes !== target.changes) await rm(join(outDir, SYNC_STATE_FILE), { force: true });
        const changed = [...stale, ...removed.map((file) => `${file} (removed)`)];
        console.log(`  ${outLabel}/ rewritten: ${changed.length ? changed.join(", ") : "nothing else changed"} (${seconds(started)} s)`);
        // The engine answers from these modules; the docs-only files (the static page, schemas) do not concern it.
        if (stale.some((file) => ENGINE_MODULES.has(file))) await reloadEngine();
      } catch (error) {
        // generated/ is left as it was. The page shows the spec that failed, so it says why, unless a newer save replaced it.
        const failure = error instanceof SpecError ? error.problems : [`regenerating ${outLabel}/ failed: ${(error as Error)?.message ?? error}`];
        if (error instanceof SpecError) printProblems(outLabel, error.problems);
        else console.error(`  ${failure[0]}`);
        if (latest === target) docs.fail(failure);
      }
    });
  };

  const reloadEngine = async () => {
    const started = performance.now();
    try {
      const { kept, dropped } = await mock.reload();
      const customers = mock.mode === "stateful" ? `; ${kept} customer(s) kept${dropped ? `, ${dropped} the new spec refuses dropped` : ""}` : "";
      console.log(`✓ mock engine now answers from the new spec (${seconds(started)} s${customers})`);
    } catch (error) {
      console.error(`✗ the mock engine could not load the new ${outLabel}/ modules; it keeps answering from the last good ones: ${(error as Error)?.message ?? error}`);
    }
  };

  const rebuild = async (files: string[]) => {
    const started = performance.now();
    const changes = watcher.changes;
    const what = files.length ? files.join(", ") : relative(ROOT, dirname(specRoot));
    let document: Record<string, any>;
    try {
      ({ document } = await lintAndBundle(specRoot));
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      printProblems(what, error.problems);
      docs.fail(error.problems);
      return;
    }
    const sampleProblems = docs.publish(document);
    if (sampleProblems.length) return printProblems(what, sampleProblems);
    // Prism (it rereads generated/openapi.yaml) and the engine follow once all of generated/ is rewritten.
    console.log(`✓ ${what}: docs updated in ${Math.round(performance.now() - started)} ms; ${outLabel}/ and the mock follow`);
    latest = { document, json: JSON.stringify(document), changes };
    regenerateRest();
  };
  const watcher = watchSpec(dirname(specRoot), rebuild);
  stopOnSignals(async () => {
    watcher.close();
    await Promise.all([docs.stop(), mock.stop()]);
  }, mock.prism.process);
} catch (error) {
  reportFailure(error, "npm run dev");
}
