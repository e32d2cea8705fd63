// Security rules. A client authenticates with one of the requirement objects
// of the old spec; the change breaks it when no requirement of the new spec
// can be met with the same credentials (same schemes, no extra scopes), or
// when a scheme it uses is now sent differently (another header, type, OAuth
// flow, ...). A scheme is known by what goes on the wire, not by its key in
// components.securitySchemes: renaming the key alone changes nothing.
import { additive, breaking, type Emit, type Place } from "./change.js";
import type { OperationEntry } from "./spec-operations.js";

type Requirement = Record<string, string[]>;

const SCHEME_FIELDS = ["type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl"] as const;
const FLOW_URLS = ["authorizationUrl", "tokenUrl", "refreshUrl"] as const;

const describe = (requirement: Requirement) => {
  const names = Object.keys(requirement);
  return names.length === 0 ? "no credentials" : names.join(" + ");
};

/** Can a client holding the credentials of `held` satisfy `needed`? */
const satisfies = (held: Requirement, needed: Requirement) =>
  Object.entries(needed).every(([scheme, scopes]) => held[scheme] !== undefined && scopes.every((s) => held[scheme]!.includes(s)));

const schemesOf = (document: any): Record<string, any> => document?.components?.securitySchemes ?? {};

/** HTTP header names and auth scheme names are case-insensitive. */
function fieldValue(scheme: any, field: (typeof SCHEME_FIELDS)[number]): unknown {
  const value = scheme?.[field];
  const caseless = field === "scheme" || (field === "name" && scheme?.in === "header");
  return caseless && typeof value === "string" ? value.toLowerCase() : value;
}

/** What a client does with the scheme: the fields above and each OAuth flow's URLs. */
function wireShape(scheme: any): string {
  const flows = Object.fromEntries(
    Object.entries<any>(scheme?.flows ?? {}).map(([kind, flow]) => [kind, FLOW_URLS.map((url) => flow?.[url] ?? null)]),
  );
  return JSON.stringify([SCHEME_FIELDS.map((field) => fieldValue(scheme, field) ?? null), flows]);
}

/** Head scheme key -> base scheme key, for schemes whose key changed and nothing else. */
function renamedSchemes(baseDoc: any, headDoc: any): Map<string, string> {
  const was = schemesOf(baseDoc);
  const now = schemesOf(headDoc);
  const renamed = new Map<string, string>();
  for (const [name, scheme] of Object.entries(now)) {
    if (name in was) continue;
    const old = Object.keys(was).find((key) => !(key in now) && ![...renamed.values()].includes(key) && wireShape(was[key]) === wireShape(scheme));
    if (old) renamed.set(name, old);
  }
  return renamed;
}

function compareScheme(name: string, was: any, now: any, place: Place, emit: Emit) {
  for (const field of SCHEME_FIELDS) {
    if (fieldValue(was, field) !== fieldValue(now, field)) {
      emit(place, breaking("security.scheme-changed", `security scheme ${name}: ${field} changed from ${was[field] ?? "(none)"} to ${now[field] ?? "(none)"}`));
    }
  }
  const wasFlows: Record<string, any> = was.flows ?? {};
  const nowFlows: Record<string, any> = now.flows ?? {};
  for (const [kind, flow] of Object.entries(wasFlows)) {
    const next = nowFlows[kind];
    if (!next) {
      emit(place, breaking("security.scheme-changed", `security scheme ${name}: the OAuth ${kind} flow was removed`));
      continue;
    }
    for (const url of FLOW_URLS) {
      if (flow?.[url] !== next[url]) emit(place, breaking("security.scheme-changed", `security scheme ${name}: ${kind} ${url} changed from ${flow?.[url] ?? "(none)"} to ${next[url] ?? "(none)"}`));
    }
  }
  for (const kind of Object.keys(nowFlows)) {
    if (!(kind in wasFlows)) emit(place, additive("security.flow-added", `security scheme ${name}: now also offers the OAuth ${kind} flow`));
  }
}

export function compareSecurity(baseDoc: any, headDoc: any, base: OperationEntry, head: OperationEntry, emit: Emit): void {
  const place: Place = { operation: head.label, part: "security", pointer: "" };
  const renamed = renamedSchemes(baseDoc, headDoc);
  const asBaseNames = (requirement: Requirement): Requirement => Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [renamed.get(name) ?? name, scopes]));
  // An empty list means no authentication at all: everyone can call it.
  const before: Requirement[] = base.security.length === 0 ? [{}] : base.security;
  const after: Requirement[] = head.security.length === 0 ? [{}] : head.security.map(asBaseNames);
  for (const held of before) {
    if (!after.some((needed) => satisfies(held, needed))) {
      emit(place, breaking("security.requirement-changed", `clients that authenticate with ${describe(held)} can no longer call it (now: ${after.map(describe).join(" or ")})`));
    }
  }
  const anonymous = (list: Requirement[]) => list.some((requirement) => Object.keys(requirement).length === 0);
  if (anonymous(after) && !anonymous(before)) emit(place, additive("security.credentials-optional", "can now be called without credentials"));
  for (const needed of after) {
    if (!before.some((held) => satisfies(needed, held) && satisfies(held, needed))) {
      if (before.some((held) => satisfies(held, needed))) continue; // looser than an old one: already covered above as fine
      emit(place, additive("security.alternative-added", `now also accepts ${describe(needed)}`));
    }
  }
  const used = new Set(before.flatMap((requirement) => Object.keys(requirement)));
  const headName = new Map([...renamed].map(([now, was]) => [was, now]));
  for (const name of used) {
    const was = schemesOf(baseDoc)[name];
    const now = schemesOf(headDoc)[headName.get(name) ?? name];
    if (!was) continue;
    if (!now) {
      emit(place, breaking("security.scheme-changed", `security scheme ${name} was removed`));
      continue;
    }
    compareScheme(name, was, now, place, emit);
  }
}
