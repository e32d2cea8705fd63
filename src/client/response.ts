// Reads what came back: the body as JSON when it is JSON, as text when it is
// not (a gateway's HTML page), nothing when it is empty; plus the headers the
// client acts on.

/** Parsed JSON in `body`, otherwise the text in `rawBody` ("" when empty). Read errors propagate: a timeout mid-body is a timeout. */
export async function readBody(response: Response): Promise<{ body?: unknown; rawBody?: string }> {
  const text = await response.text();
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
