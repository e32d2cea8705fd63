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

export async function toEngineRequest(request: Request, changes: EngineRequestChanges): Promise<Request> {
  const url = new URL(request.url);
  const prefix = changes.baseUrl ? new URL(changes.baseUrl).pathname.replace(/\/+$/, "") : "";
  if (!prefix && !changes.headers) return request;
  if (prefix && url.pathname.startsWith(prefix)) url.pathname = url.pathname.slice(prefix.length) || "/";
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(changes.headers ?? {})) headers.set(name, value);
  const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers, body: body && body.byteLength > 0 ? body : null, signal: request.signal });
}
