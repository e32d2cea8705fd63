// Reads what came back: the body as JSON when it is JSON, as text when it is
// not (a gateway's HTML page), nothing when it is empty; plus the headers the
// client acts on, how a body too large to read fails, and how a body nobody
// will read is let go.
import type { ValidationIssue } from "../../generated/validators.js";
import type { AbortRace } from "./abort.js";

/**
 * A body past V8's longest string (about 512 MB): undici's text() rejects with
 * "Cannot create a string longer than 0x1fffffe8 characters" (Node's
 * ERR_STRING_TOO_LONG), and the reader below with V8's "Invalid string length".
 */
export const tooLargeForAString = (error: unknown): boolean => /Invalid string length|string longer than/.test((error as Error)?.message);

/** The issue of a response whose body is too large to read, whatever its status. */
export const TOO_LARGE_ISSUE: ValidationIssue = { path: "", keyword: "size", message: "is too large to read: over about 512 MB, the longest text a JavaScript string holds" };

/** Cancels the body of a response nothing will read, so its connection is freed; never throws. */
export async function discard(response: unknown, reason: unknown): Promise<void> {
  try {
    await (response as Response).body?.cancel(reason);
  } catch {}
}

/**
 * The body's text, ended by the attempt's signal: for a custom fetch, which
 * may hand back a body its signal does not reach (the built-in fetch ties
 * them itself). Read through our own reader, because only the reader's holder
 * can cancel a stream being read: each read is raced against the signal, and
 * the body is cancelled when one fails. (A pipe through a TransformStream with
 * the signal did the same at about 40 % more per call on loopback; the reader,
 * a few per cent.) A body that is not a web stream (node-fetch's) is only raced.
 */
async function textUntilAborted(response: Response, race: AbortRace["race"]): Promise<string> {
  const reader = response.body?.getReader?.();
  if (!reader) return race(response.text());
  try {
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const chunk = await race(reader.read());
      if (chunk.done) return text + decoder.decode();
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch (error) {
    void reader.cancel(error).catch(() => {});
    throw error;
  }
}

/**
 * Parsed JSON in `body`, otherwise the text in `rawBody` ("" when empty). Read errors propagate: a timeout mid-body is a timeout.
 * With `race`, the read also ends (and the body is cancelled) when the attempt's signal aborts.
 */
export async function readBody(response: Response, race?: AbortRace["race"]): Promise<{ body?: unknown; rawBody?: string }> {
  const text = await (race ? textUntilAborted(response, race) : response.text());
  if (text === "") return { rawBody: "" };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { rawBody: text };
  }
}

/** Prism (the mock) lists what it found wrong with a request in this header, as JSON. */
export function mockViolations(response: Response): string[] | undefined {
  const header = response.headers.get("sl-violations");
  if (!header) return undefined;
  try {
    const list = JSON.parse(header);
    return Array.isArray(list) ? list.map((v) => String(v?.message ?? v)) : undefined;
  } catch {
    return undefined;
  }
}
