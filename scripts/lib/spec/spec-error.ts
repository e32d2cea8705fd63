// One error type for every way the spec can be wrong, so the CLI prints the
// problems (file:line: message) instead of a stack trace.
export class SpecError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "SpecError";
  }
}
