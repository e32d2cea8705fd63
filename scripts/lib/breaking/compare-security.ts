// Security rules. A client authenticates with one of the requirement objects
// of the old spec; the change breaks it when no requirement of the new spec
// can be met with the same credentials (same schemes, no extra scopes), or
// when a scheme it uses is now sent differently (another header, type, ...).
import { additive, breaking, type Emit, type Place } from "./change.js";
import type { OperationEntry } from "./spec-operations.js";

type Requirement = Record<string, string[]>;

const SCHEME_FIELDS = ["type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl"] as const;

const describe = (requirement: Requirement) => {
  const names = Object.keys(requirement);
  return names.length === 0 ? "no credentials" : names.join(" + ");
};

/** Can a client holding the credentials of `held` satisfy `needed`? */
const satisfies = (held: Requirement, needed: Requirement) =>
  Object.entries(needed).every(([scheme, scopes]) => held[scheme] !== undefined && scopes.every((s) => held[scheme]!.includes(s)));

export function compareSecurity(baseDoc: any, headDoc: any, base: OperationEntry, head: OperationEntry, emit: Emit): void {
  const place: Place = { operation: head.label, part: "security", pointer: "" };
  // An empty list means no authentication at all: everyone can call it.
  const before: Requirement[] = base.security.length === 0 ? [{}] : base.security;
  const after: Requirement[] = head.security.length === 0 ? [{}] : head.security;
  for (const held of before) {
    if (!after.some((needed) => satisfies(held, needed))) {
      emit(place, breaking("security.requirement-changed", `clients that authenticate with ${describe(held)} can no longer call it (now: ${after.map(describe).join(" or ")})`));
    }
  }
  for (const needed of after) {
    if (!before.some((held) => satisfies(needed, held) && satisfies(held, needed))) {
      if (before.some((held) => satisfies(held, needed))) continue; // looser than an old one: already covered above as fine
      emit(place, additive("security.alternative-added", `now also accepts ${describe(needed)}`));
    }
  }
  const used = new Set(before.flatMap((requirement) => Object.keys(requirement)));
  for (const name of used) {
    const was = baseDoc.components?.securitySchemes?.[name];
    const now = headDoc.components?.securitySchemes?.[name];
    if (!was) continue;
    if (!now) {
      emit(place, breaking("security.scheme-changed", `security scheme ${name} was removed`));
      continue;
    }
    for (const field of SCHEME_FIELDS) {
      if (was[field] !== now[field]) {
        emit(place, breaking("security.scheme-changed", `security scheme ${name}: ${field} changed from ${was[field] ?? "(none)"} to ${now[field] ?? "(none)"}`));
      }
    }
  }
}
