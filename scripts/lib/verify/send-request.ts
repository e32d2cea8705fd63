// Turns one request case into an HTTP request (path and query serialised the
// OpenAPI way, JSON or multipart body, app-key headers) and sends it.
import type { PlannedOperation } from "./operation-plan.js";
import type { RequestCase } from "./request-cases.js";

export interface Credentials {
  appId?: string;
  appToken?: string;
}

export interface Exchange {
  method: string;
  /** The URL without its origin, for reports. */
  target: string;
  status: number;
  contentType: string | null;
  bodyText: string;
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

function encodeBody(operation: PlannedOperation, value: unknown): { body: BodyInit; contentType?: string } {
  const mediaType = operation.body!.mediaType;
  if (mediaType === "multipart/form-data") {
    const form = new FormData();
    for (const [name, part] of Object.entries((value ?? {}) as Record<string, unknown>)) {
      const partType = operation.body!.partTypes[name];
      // A part with its own content type is a file upload.
      if (partType && partType !== "text/plain") form.append(name, new Blob([scalar(part)], { type: partType }), `${name}.${partType.split("/")[1] ?? "bin"}`);
      else form.append(name, scalar(part));
    }
    return { body: form }; // fetch sets the boundary itself
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams();
    for (const [name, part] of Object.entries((value ?? {}) as Record<string, unknown>)) appendQuery(form, name, part);
    return { body: form, contentType: mediaType };
  }
  return { body: JSON.stringify(value), contentType: mediaType };
}

export async function sendCase(baseUrl: string, operation: PlannedOperation, testCase: RequestCase, credentials: Credentials, timeoutMs: number): Promise<Exchange> {
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
  if (testCase.body && operation.body) {
    const encoded = encodeBody(operation, testCase.body.value);
    body = encoded.body;
    if (encoded.contentType) headers["content-type"] = encoded.contentType;
  }
  const search = query.toString();
  const target = `${path}${search ? `?${search}` : ""}`;
  const method = operation.method.toUpperCase();
  let response: Response;
  try {
    response = await fetch(new URL(target.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`), {
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
  return { method, target, status: response.status, contentType: response.headers.get("content-type"), bodyText };
}
