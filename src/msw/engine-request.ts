// Hands an intercepted request to the mock engine. The engine routes on the
// URL's path, so a base URL with a path prefix ("http://localhost:5173/api")
// is cut back to the API's own path; a scenario adds the `Prefer` header the
// engine already understands. Bodies are read into memory first: they are
// small, and re-using a stream body needs `duplex: "half"` in Node only.
export interface EngineRequestChanges {
  /** The base URL the request matched; its path prefix is removed. */
  baseUrl?: string;
  /** Extra headers, replacing any of the same name. */
  headers?: Record<string, string>;
}

/**
 * A body that fails as the original did, so the engine answers with its own
 * 400 ("The request body could not be read") instead of MSW's 500. Only a
 * stream body (Node's fetch) can fail to read, so `duplex` is there.
 */
function failingBody(cause: unknown): { body: ReadableStream<Uint8Array>; duplex: "half" } {
  return { body: new ReadableStream({ start: (controller) => controller.error(cause) }), duplex: "half" };
}

export async function toEngineRequest(request: Request, changes: EngineRequestChanges): Promise<Request> {
  const url = new URL(request.url);
  const prefix = changes.baseUrl ? new URL(changes.baseUrl).pathname.replace(/\/+$/, "") : "";
  if (!prefix && !changes.headers) return request;
  if (prefix && url.pathname.startsWith(prefix)) url.pathname = url.pathname.slice(prefix.length) || "/";
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(changes.headers ?? {})) headers.set(name, value);
  const init = { method: request.method, headers, signal: request.signal };
  if (request.method === "GET" || request.method === "HEAD") return new Request(url, init);
  let body: ArrayBuffer;
  try {
    body = await request.arrayBuffer();
  } catch (cause) {
    return new Request(url, { ...init, ...failingBody(cause) } as RequestInit);
  }
  return new Request(url, { ...init, body: body.byteLength > 0 ? body : null });
}
