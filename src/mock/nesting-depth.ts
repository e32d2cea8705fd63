// Measures how deeply a JSON text nests, on its bytes, before it is parsed:
// one pass that skips strings and stops at the first level past the limit, so
// a body of five million `[` is refused after reading a few dozen bytes, not
// after parsing all of them. In UTF-8 every byte of a multi-byte character is
// 0x80 or above, so the brackets, quotes and backslashes seen here are the
// text's own.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text nests objects or arrays more than `limit` levels
 * deep (the value itself is level 1). Exact for valid JSON; for invalid JSON
 * it only counts brackets outside strings, and the parse that follows refuses it.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++; // the escaped character cannot end the string
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
