// Writes nested query objects the way the Voucherify API (and its own SDK,
// through `qs`) expects them: `filters[holder_role][conditions][$in][0]=OWNER`.
// openapi-fetch serializes only one level of deepObject, and `qs` is too big
// for the browser bundle, so this flattens to bracketed keys it sends as they are.

type QueryValue = string | number | boolean;

export function flattenQuery(query: Record<string, unknown> | undefined): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  const flat: Record<string, QueryValue> = {};
  const visit = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (value instanceof Date) flat[key] = value.toISOString();
    else if (Array.isArray(value)) value.forEach((item, i) => visit(`${key}[${i}]`, item));
    else if (typeof value === "object") for (const [k, v] of Object.entries(value)) visit(`${key}[${k}]`, v);
    else flat[key] = value as QueryValue;
  };
  for (const [key, value] of Object.entries(query)) visit(key, value);
  return flat;
}
