// Response headers (Retry-After, ...): what a client reads beside the body,
// so they follow the response rules. Names are matched case-insensitively, as
// HTTP does; a header described by `content` is compared by its schema there.
import { additive, breaking, type Emit, type Place } from "./change.js";
import { compareSchemas } from "./compare-schemas.js";
import type { SameSchemas } from "./same-schemas.js";
import { deref } from "../../../src/spec/refs.js";

interface Header {
  name: string;
  required: boolean;
  schema: unknown;
}

function readHeaders(document: unknown, raw: unknown): Map<string, Header> {
  const headers = new Map<string, Header>();
  if (!raw || typeof raw !== "object") return headers;
  for (const [name, value] of Object.entries(raw)) {
    // OpenAPI: a response's Content-Type header is ignored; the media type says it.
    if (name.toLowerCase() === "content-type") continue;
    const header = deref(document, value).node ?? {};
    const schema = header.schema ?? (Object.values<any>(header.content ?? {})[0]?.schema as unknown);
    headers.set(name.toLowerCase(), { name, required: header.required === true, schema });
  }
  return headers;
}

export function compareResponseHeaders(baseDoc: unknown, headDoc: unknown, before: unknown, after: unknown, place: Place, emit: Emit, sameSchemas: SameSchemas): void {
  const was = readHeaders(baseDoc, before);
  const now = readHeaders(headDoc, after);
  for (const [key, old] of was) {
    const at: Place = { ...place, part: `${place.part} header ${old.name}` };
    const next = now.get(key);
    if (!next) {
      emit(at, breaking("response.header-removed", `header ${old.name} is no longer sent`));
      continue;
    }
    if (old.required && !next.required) emit(at, breaking("response.header-optional", `header ${old.name} may now be missing`));
    if (!old.required && next.required) emit(at, additive("response.header-required", `header ${old.name} is now always sent`));
    compareSchemas(baseDoc, headDoc, { base: old.schema, head: next.schema }, "response", at, emit, sameSchemas);
  }
  for (const [key, header] of now) {
    if (!was.has(key)) emit({ ...place, part: `${place.part} header ${header.name}` }, additive("response.header-added", `now sends header ${header.name}`));
  }
}
