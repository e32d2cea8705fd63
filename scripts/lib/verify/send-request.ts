// Turns one request case into an HTTP request (path and query serialised the
// OpenAPI way, JSON or multipart body, app-key headers) and sends it.
import type { PlannedOperation } from "./operation-plan.js";
import type { RequestCase } from "./request-cases.js";

export interface Credentials {
  appId?: string;
  appToken?: string;
}

/** What was sent, kept so a failure can be shown and replayed (see reproduce.ts). */
export interface SentRequest {
  method: string;
  /** The absolute URL. */
  url: string;
  /** Lower-case header names, as sent (credentials included; reports redact them). */
  headers: Record<string, string>;
  /** A JSON or form body as text, or multipart parts. */
  body?: { text: string } | { parts: Array<{ name: string; value: string; type?: string; filename?: string }> };
}

export interface Exchange {
  method: string;
  /** The URL without its origin, for reports. */
  target: string;
  request: SentRequest;
  status: number;
  contentType: string | null;
  headers: Headers;
  bodyText: string;
  /** From sending the request to the last byte of the body. */
  elapsedMs: number;
}

/** The server could not be reached or did not answer in time. */
export class TransportError extends Error {
  override name = "TransportError";
  constructor(
    message: string,
    /** The request was cut off by its time limit rather than refused. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

const scalar = (value: unknown) => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

function appendQuery(query: URLSearchParams, name: string, value: unknown, style = "form", explode = true) {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    if (explode) value.forEach((v) => query.append(name, scalar(v)));
    else query.append(name, value.map(scalar).join(style === "pipeDelimited" ? "|" : style === "spaceDelimited" ? " " : ","));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (style === "deepObject") query.append(`${name}[${k}]`, scalar(v));
      else if (explode) query.append(k, scalar(v));
    }
    if (style !== "deepObject" && !explode) query.append(name, Object.entries(value).flat().map(scalar).join(","));
  } else query.append(name, scalar(value));
}

function encodeBody(operation: PlannedOperation, value: unknown): { body: BodyInit; contentType?: string; shown: NonNullable<SentRequest["body"]> } {
  const mediaType = operation.body!.mediaType;
  if (mediaType === "multipart/form-data") {
    const form = new FormData();
    const parts: Array<{ name: string; value: string; type?: string; filename?: string }> = [];
    for (const [name, part] of Object.entries((value ?? {}) as Record<string, unknown>)) {
      const partType = operation.body!.partTypes[name];
      // A part with its own content type is a file upload.
      if (partType && partType !== "text/plain") {
        const filename = `${name}.${partType.split("/")[1] ?? "bin"}`;
        form.append(name, new Blob([scalar(part)], { type: partType }), filename);
        parts.push({ name, value: scalar(part), type: partType, filename });
      } else {
        form.append(name, scalar(part));
        parts.push({ name, value: scalar(part) });
      }
    }
    return { body: form, shown: { parts } }; // fetch sets the boundary itself
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams();
    for (const [name, part] of Object.entries((value ?? {}) as Record<string, unknown>)) appendQuery(form, name, part);
    return { body: form, contentType: mediaType, shown: { text: form.toString() } };
  }
  const text = JSON.stringify(value);
  return { body: text, contentType: mediaType, shown: { text } };
}

export async function sendCase(
  baseUrl: string,
  operation: PlannedOperation,
  testCase: RequestCase,
  credentials: Credentials,
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Promise<Exchange> {
  const started = performance.now();
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { accept: "application/json" };
  for (const p of operation.parameters) {
    const value = testCase.params[`${p.in}:${p.name}`];
    if (value === undefined) continue;
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(scalar(value)));
    else if (p.in === "query") appendQuery(query, p.name, value, p.style, p.explode ?? (p.style ?? "form") === "form");
    else if (p.in === "header") headers[p.name.toLowerCase()] = Array.isArray(value) ? value.map(scalar).join(",") : scalar(value);
  }
  if (credentials.appId !== undefined) headers["x-app-id"] = credentials.appId;
  if (credentials.appToken !== undefined) headers["x-app-token"] = credentials.appToken;
  let body: BodyInit | undefined;
  let shown: SentRequest["body"];
  if (testCase.body && operation.body) {
    const encoded = encodeBody(operation, testCase.body.value);
    body = encoded.body;
    shown = encoded.shown;
    if (encoded.contentType) headers["content-type"] = encoded.contentType;
  }
  const search = query.toString();
  const target = `${path}${search ? `?${search}` : ""}`;
  const method = operation.method.toUpperCase();
  const url = new URL(target.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  const request: SentRequest = { method, url: url.href, headers: { ...headers }, ...(shown ? { body: shown } : {}) };
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const timedOut = (error as Error).name === "TimeoutError";
    const reason = timedOut ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new TransportError(`${method} ${target}: ${reason}`, timedOut);
  }
  let bodyText: string;
  try {
    bodyText = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new TransportError(`${method} ${target}: the response body could not be read (${timedOut ? `no end within ${timeoutMs / 1000} s` : (error as Error).message})`, timedOut);
  }
  return { method, target, request, status: response.status, contentType: response.headers.get("content-type"), headers: response.headers, bodyText, elapsedMs: performance.now() - started };
}
