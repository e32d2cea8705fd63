// Keeps the secrets (the app token, or the OAuth token) out of everything the
// client hands back: error texts, parsed bodies (a server may echo a header),
// causes and log events.

export const REDACTED = "[REDACTED]";

export interface Redactor {
  text(value: string): string;
  /**
   * A copy of a JSON value with the secret removed from every string and key.
   * Levels below MAX_DEPTH are replaced by TOO_DEEP, so the copy can be
   * printed, stringified and inspected whatever the server sent.
   */
  deep(value: unknown): unknown;
  /** A fresh Error with the same name and a redacted message; drops the original stack and cause chain. */
  error(cause: unknown): Error | undefined;
}

/**
 * Shorter values are not redacted: they cannot be told apart from ordinary
 * text (a dummy token "t" would garble every message). Voucherify's app
 * tokens are 36-character UUIDs.
 */
export const MIN_REDACTED_LENGTH = 8;

/**
 * Nesting kept in a redacted copy. No error body the API sends comes close;
 * a hostile one 5,000 levels deep would overflow the stack of a recursive
 * copy, of JSON.stringify and of the error's message.
 */
export const MAX_DEPTH = 100;
export const TOO_DEEP = "[nested too deep]";

export function createRedactor(...secrets: string[]): Redactor {
  // Longest first, so a secret that contains another is removed whole.
  const active = secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  // split/join, not a RegExp: a token may contain characters a pattern would interpret.
  const text = (value: string) => {
    for (const secret of active) if (value.includes(secret)) value = value.split(secret).join(REDACTED);
    return value;
  };
  const deep = (value: unknown, depth = 0): unknown => {
    if (typeof value === "string") return text(value);
    if (value === null || typeof value !== "object") return value;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) return value.map((item) => deep(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), deep(item, depth + 1)]));
  };
  const error = (cause: unknown): Error | undefined => {
    if (cause === undefined) return undefined;
    const copy = new Error(text(cause instanceof Error ? cause.message : String(cause)));
    if (cause instanceof Error) copy.name = text(cause.name);
    return copy;
  };
  return { text, deep: (value) => deep(value), error };
}
