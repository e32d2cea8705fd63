// How the CLI scripts end on an error: the spec's problems as file:line lines,
// anything else as one sentence (the stack only with DEBUG=1).
import { SpecError } from "./spec-error.js";

export function reportFailure(error: unknown, what: string): never {
  if (error instanceof SpecError) {
    console.error(`${what} failed: the spec has ${error.problems.length} problem(s):`);
    for (const problem of error.problems) console.error(`  ${problem}`);
  } else {
    console.error(`${what} failed: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.DEBUG) console.error(error);
    else console.error("(set DEBUG=1 for the stack trace)");
  }
  process.exit(1);
}
