// Turns one request case into an HTTP request (path and query serialised the
// OpenAPI way, JSON or multipart body, app-key headers), sends it and reads
// the answer: at most MAX_BODY_BYTES of body, with the secrets redacted from
// it at once, so no later cut (a report shows 40 or 80 characters) can leave
// part of a secret that the output's redaction would no longer recognise.
import type { PlannedOperation } from "./operation-plan.js";
import { clip, redact } from "./reproduce.js";
import type { RequestCase } from "./request-cases.js";

/** The most of a response body verify reads (16 MiB); an endless or huge answer is cut there. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

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
  /** Header names whose values were sent deliberately wrong: shown as they are, not as a shell variable. */
  literalHeaders?: string[];
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
  /** The body as text (secrets redacted); only its first MAX_BODY_BYTES when `bodyTooLarge`. */
  bodyText: string;
  /** The body went on past MAX_BODY_BYTES; verify stopped reading it. */
  bodyTooLarge?: boolean;
  /** From sending the request to the last byte of the body. */
  elapsedMs: number;
}

/** The server could not be reached or did not answer in time. */
export class TransportError extends Error {
  override name = "TransportError";
  constructor(
    message: string,
    /** What was sent, so the failure can be shown and replayed. */
    readonly request: SentRequest,
    /** The request was cut off by its time limit rather than refused. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export interface SendOptions {
  timeoutMs: number;
  /** Values to blank out of the response body (the app token). */
  secrets?: ReadonlyArray<string | undefined>;
  fetch?: typeof fetch;
  /** Headers sent deliberately wrong (ignored_auth): a reproduction shows their values. */
  literalHeaders?: readonly string[];
  /** The most body bytes to read (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** Reads up to `max` bytes of the body, then stops reading (and drops the connection's rest). */
async function readCapped(response: Response, max: number): Promise<{ text: string; tooLarge: boolean }> {
  if (!response.body) return { text: "", tooLarge: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > max) {
      chunks.push(value.subarray(0, max - size));
      size = max;
      await reader.cancel().catch(() => undefined);
      return { text: new TextDecoder().decode(Buffer.concat(chunks)), tooLarge: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), tooLarge: false };
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

export async function sendCase(baseUrl: string, operation: PlannedOperation, testCase: RequestCase, credentials: Credentials, options: SendOptions): Promise<Exchange> {
  const { timeoutMs, fetch: fetchImpl = fetch } = options;
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
  const request: SentRequest = { method, url: url.href, headers: { ...headers }, ...(shown ? { body: shown } : {}), ...(options.literalHeaders?.length ? { literalHeaders: [...options.literalHeaders] } : {}) };
  // A hostile answer may make the target huge (a 10 MB id): messages show its start.
  const shownTarget = clip(target, 300);
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
    throw new TransportError(`${method} ${shownTarget}: ${reason}`, request, timedOut);
  }
  let answer: { text: string; tooLarge: boolean };
  try {
    answer = await readCapped(response, options.maxBodyBytes ?? MAX_BODY_BYTES);
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new TransportError(`${method} ${shownTarget}: the response body could not be read (${timedOut ? `no end within ${timeoutMs / 1000} s` : (error as Error).message})`, request, timedOut);
  }
  return {
    method,
    target,
    request,
    status: response.status,
    contentType: response.headers.get("content-type"),
    headers: response.headers,
    bodyText: redact(answer.text, options.secrets ?? []),
    ...(answer.tooLarge ? { bodyTooLarge: true } : {}),
    elapsedMs: performance.now() - started,
  };
}
