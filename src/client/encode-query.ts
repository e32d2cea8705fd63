// Writes a query object as the query string the Voucherify API (and its own
// SDK, through `qs`) reads: nested objects and arrays as bracketed names,
// `filters[holder_role][conditions][$in][0]=OWNER`.
//
// Keys are data, like values: every name segment is percent-encoded, and only
// the brackets between segments stay literal, as structure. So `&`, `=`, `#`,
// `+`, `%` or a space in a key can neither add a parameter nor cut the query
// short. A bracket inside a segment cannot be expressed (a `qs` server decodes
// `%5B` back into structure), so such a key is refused before anything is sent.
// Hand-written: openapi-fetch serializes one level of deepObject and does not
// encode names, and `qs` is too big for the browser bundle.

/**
 * A top-level key may spell its own structure, as the spec's names do
 * (`created_at[after]`): a base name, then zero or more `[segment]`s.
 */
const STRUCTURED_KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

const refuse = (path: string, why: string) => new TypeError(`query ${path}: ${why}; nothing was sent.`);

/** Percent-encodes one name segment or value; `$` stays readable (`[$in]`), as it means nothing in a query. */
function encode(text: string, path: string): string {
  try {
    return encodeURIComponent(text).replace(/%24/g, "$");
  } catch {
    // encodeURIComponent throws on a lone UTF-16 surrogate, which has no UTF-8 form.
    throw refuse(path, "contains text that is not well-formed Unicode (a lone surrogate)");
  }
}

/** The encoded segments of a caller's top-level key. */
function topLevelSegments(key: string): string[] {
  const match = STRUCTURED_KEY.exec(key);
  if (!match) throw refuse(JSON.stringify(key), "a key must be a name optionally followed by [segments], with no other brackets");
  const segments = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
  return segments.map((segment) => encode(segment, JSON.stringify(key)));
}

/** `base[a][b]` from encoded segments. */
const join = (segments: readonly string[]) => segments[0] + segments.slice(1).map((s) => `[${s}]`).join("");

function scalar(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    default:
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw refuse(path, "is an invalid Date");
        return value.toISOString();
      }
      return undefined;
  }
}

/** The query string for `query`, without the leading `?` ("" when there is nothing to send). */
export function encodeQuery(query: Record<string, unknown> | undefined): string {
  if (query === undefined || query === null) return "";
  if (typeof query !== "object" || Array.isArray(query)) throw new TypeError(`the query must be an object, got ${Array.isArray(query) ? "an array" : typeof query}; nothing was sent.`);
  const pairs: string[] = [];
  const ancestors: object[] = [];
  const visit = (segments: string[], value: unknown, path: string) => {
    if (value === undefined || value === null) return;
    const text = scalar(value, path);
    if (text !== undefined) {
      pairs.push(`${join(segments)}=${encode(text, path)}`);
      return;
    }
    if (typeof value !== "object") throw refuse(path, `a ${typeof value} cannot be sent in a query`);
    if (ancestors.includes(value)) throw refuse(path, "refers to itself (a circular object)");
    ancestors.push(value);
    if (Array.isArray(value)) value.forEach((item, i) => visit([...segments, String(i)], item, `${path}[${i}]`));
    else {
      // Object.entries reads own keys only, `__proto__` included when it is one, and never the prototype's.
      for (const [key, item] of Object.entries(value)) {
        const where = `${path}[${JSON.stringify(key)}]`;
        if (key === "") throw refuse(where, "an empty key would read as an array append ([])");
        if (/[[\]]/.test(key)) throw refuse(where, "a nested key cannot contain [ or ], which the server would read as structure");
        visit([...segments, encode(key, where)], item, where);
      }
    }
    ancestors.pop();
  };
  for (const [key, value] of Object.entries(query)) visit(topLevelSegments(key), value, JSON.stringify(key));
  return pairs.join("&");
}
