// Runs the programs of the consumer rows that need nothing but Node (each
// TypeScript row's compiled output, the plain require() program) in one Node
// process instead of one each: most of a run is Node loading the package, and
// each module system loads it once here. Arguments are `cjs:<file>` (loaded
// with require(), as `node <file>` runs a CommonJS program) and `esm:<file>`
// (import()). Each program exports `result`, a promise of what it found; the
// programs run one after another, and one that throws does not stop the
// others. Prints one JSON line: file → { result } or { error }.
// Run it with --no-experimental-require-module (rows.ts, OLD_REQUIRE) so a
// CommonJS row proves the CommonJS build, as Node < 20.19 and Jest need.
"use strict";
const { pathToFileURL } = require("node:url");

(async () => {
  const outcomes = {};
  for (const argument of process.argv.slice(2)) {
    const [format, file] = [argument.slice(0, 3), argument.slice(4)];
    try {
      const program = format === "cjs" ? require(file) : await import(pathToFileURL(file).href);
      outcomes[file] = { result: await program.result };
    } catch (error) {
      outcomes[file] = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  }
  console.log(JSON.stringify(outcomes));
})();
