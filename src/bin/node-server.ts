// The mock engine on node:http: turns each IncomingMessage into a `Request`
// for `handle`, and adds what only a server needs: a health endpoint
// (GET /__health), open CORS with cached preflights, a 413 that does not
// buffer oversize bodies, and an ApiError answer for what node or undici
// refuse before the engine sees it (a TRACE request, a malformed request
// line). Shared by the `voucherify-customers-mock` command and the Prism
// front of `npm run mock`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { apiError } from "../mock/answer.js";
import { MAX_BODY_BYTES } from "../mock/limits.js";
import { methodsAt } from "../mock/routes.js";

/** Headers a browser may read from an answer; named, since `*` does not cover credentialed requests. */
const EXPOSED_HEADERS = ["Retry-After", "Allow", "Content-Length", "Content-Type", "sl-violations"];
/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

export interface EngineServerOptions {
  handle(request: Request): Promise<Response>;
  /** The body of GET /__health, beside `status: "ok"`. */
  health(): Record<string, unknown>;
  /** Called with one line per request: method, path and status. */
  log?: (line: string) => void;
}

const requestId = () => `v-${randomBytes(9).toString("hex")}`;

function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": req.headers.origin ?? "*",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS.join(", "),
    Vary: "Origin",
  };
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...corsHeaders(req), ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(req.method === "HEAD" ? undefined : text);
}

/** The body, or `undefined` when it passed the limit; an oversize body is drained, not kept. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Methods undici will not put in a `Request`; the server answers them itself. */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

export function createEngineServer(options: EngineServerOptions): Server {
  const log = options.log ?? (() => {});
  const server = createServer(async (req, res) => {
    const method = (req.method ?? "GET").toUpperCase();
    const target = req.url ?? "/";
    try {
      // Only the path and query are read; an absolute-form target keeps its own.
      const url = new URL(target.startsWith("/") ? `http://mock.invalid${target.startsWith("//") ? target.replace(/^\/+/, "/") : target}` : target);
      if (url.pathname === "/__health" && (method === "GET" || method === "HEAD")) {
        req.resume();
        return sendJson(req, res, 200, { status: "ok", ...options.health() });
      }
      if (method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"]) {
        req.resume();
        res.writeHead(204, {
          ...corsHeaders(req),
          "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, HEAD, OPTIONS",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
          "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE),
          "Content-Length": "0",
        });
        log(`${method} ${target} -> 204 (preflight)`);
        return res.end();
      }
      if (FORBIDDEN_METHODS.has(method)) {
        req.resume();
        const allowed = methodsAt(url.pathname);
        log(`${method} ${target} -> ${allowed.length ? 405 : 404}`);
        if (!allowed.length) return sendJson(req, res, 404, apiError(404, requestId(), { details: `The Customers API has no operation at ${url.pathname}` }));
        return sendJson(req, res, 405, apiError(405, requestId(), { key: "method_not_allowed", details: `${method} is not allowed on ${url.pathname}; use ${allowed.join(", ")}` }), {
          Allow: allowed.join(", "),
        });
      }
      const hasBody = method !== "GET" && method !== "HEAD";
      const body = hasBody ? await readBody(req) : (req.resume(), Buffer.alloc(0));
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name === "host" || name === "connection" || name === "transfer-encoding") continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      if (body === undefined) {
        // Past the limit: the engine answers 413 from the declared length, without the bytes.
        headers.set("content-length", String(MAX_BODY_BYTES + 1));
        res.setHeader("Connection", "close");
      }
      const request = new Request(new URL(url.pathname + url.search, "http://127.0.0.1"), {
        method,
        headers,
        ...(hasBody && body && body.length > 0 ? { body: body as Uint8Array<ArrayBuffer> } : {}),
      });
      const response = await options.handle(request);
      const bytes = Buffer.from(await response.arrayBuffer());
      const answerHeaders: Record<string, string | string[]> = { ...corsHeaders(req) };
      response.headers.forEach((value, name) => {
        answerHeaders[name] = value;
      });
      if (response.status !== 204 && response.status !== 304) answerHeaders["content-length"] = String(bytes.length);
      res.writeHead(response.status, answerHeaders);
      res.end(method === "HEAD" || bytes.length === 0 ? undefined : bytes);
      log(`${method} ${target} -> ${response.status}`);
    } catch (cause) {
      // Whatever failed, the caller gets an answer and the server stays up.
      log(`${method} ${target} -> 400 (${(cause as Error)?.message})`);
      if (!res.headersSent) sendJson(req, res, 400, apiError(400, requestId(), { key: "invalid_request", details: `The request could not be read: ${(cause as Error)?.message ?? cause}` }));
      else res.destroy();
    }
  });
  // What node's HTTP parser refuses (a NUL or space in the request line, a
  // malformed header) never reaches the handler: answer it in the same shape.
  server.on("clientError", (cause: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = cause.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? 431 : 400;
    const text = JSON.stringify(apiError(status, requestId(), { key: "invalid_request", message: tooLarge ? "Request header fields too large" : "Malformed request", details: `The HTTP request could not be parsed: ${cause.code ?? cause.message}` }));
    socket.end(`HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  });
  return server;
}

/** Listens, with a sentence for the usual failures (a taken port, an unknown host). Resolves with the port. */
export function listen(server: Server, port: number, host: string, portFlag = "--port"): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} on ${host} is already in use; pick another with ${portFlag} (0 picks a free one)`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") reject(new Error(`cannot listen on host ${host}: ${error.code}`));
      else if (error.code === "EACCES") reject(new Error(`no permission to listen on port ${port}; pick one above 1023 with ${portFlag}`));
      else reject(error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** The URL a client uses for a server listening on `host`. */
export function urlOf(host: string, port: number): string {
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${urlHost}:${port}`;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
