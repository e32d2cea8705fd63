// One difference between the base spec and the current one, as the guard
// reports it: where, which rule saw it, and what it costs consumers.

/** Which way data flows at the place of the change, as seen by a client. */
export type Direction = "request" | "response";

export type ChangeClass = "breaking" | "non-breaking";

/** The smallest semver bump a change asks for. */
export type Bump = "major" | "minor" | "patch";

export interface Change {
  class: ChangeClass;
  bump: Bump;
  /** Stable rule id, e.g. `request.property-required`. */
  rule: string;
  /** Operation (`POST /v1/customers`) or `spec` for document-wide changes. */
  operation: string;
  /** Where inside the operation: `request body`, `query parameter limit`, `response 200`, ... */
  part: string;
  /** JSON Pointer into the body or parameter value ("" for the value itself). */
  pointer: string;
  /** What changed, in one plain sentence. */
  message: string;
}

export const BUMP_ORDER: Record<Bump | "none", number> = { none: 0, patch: 1, minor: 2, major: 3 };

export const breaking = (rule: string, message: string): Pick<Change, "class" | "bump" | "rule" | "message"> => ({
  class: "breaking",
  bump: "major",
  rule,
  message,
});

export const additive = (rule: string, message: string): Pick<Change, "class" | "bump" | "rule" | "message"> => ({
  class: "non-breaking",
  bump: "minor",
  rule,
  message,
});

/** Where a change is, without the verdict: filled in by the walkers as they descend. */
export interface Place {
  operation: string;
  part: string;
  pointer: string;
}

export type Emit = (place: Place, verdict: Pick<Change, "class" | "bump" | "rule" | "message">) => void;

export const pointerPart = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

export function describeLocation(change: Pick<Change, "operation" | "part" | "pointer">): string {
  return [change.operation, change.part, change.pointer].filter((s) => s !== "").join(" ");
}
