// What a header value may be, shared by the client (its keys and headers) and
// the mock (the keys it insists on), so both read a key the way HTTP does.

/** Drops the whitespace HTTP drops around a header value (a key read from a file ends with a newline). */
export const trimHeaderValue = (value: string): string => value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");

/** True when fetch would send `value` as a header value (no line breaks, NUL or other bytes it refuses). */
export function isHeaderValue(name: string, value: string): boolean {
  try {
    new Headers([[name, value]]);
    return true;
  } catch {
    return false;
  }
}
