// The mock engine on node:http: turns each IncomingMessage into a `Request`
// for `handle`, and adds what only a server needs: a health endpoint
// (GET /__health), open CORS with cached preflights, a 413 that does not
// buffer oversize bodies, and an ApiError answer for what node or undici
// refuse before the engine sees it (TRACE, CONNECT, a malformed request
// line). Shared by the `voucherify-customers-mock` command and the Prism
// front of `npm run mock`.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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

/** The answer to a forbidden method: 405 with `Allow` on a path of the API, 404 elsewhere (a CONNECT's `host:port` too). */
function forbiddenMethodAnswer(method: string, pathname: string): { status: number; body: unknown; headers: Record<string, string> } {
  const allowed = methodsAt(pathname);
  if (!allowed.length) return { status: 404, body: apiError(404, requestId(), { details: `The Customers API has no operation at ${pathname}` }), headers: {} };
  return {
    status: 405,
    body: apiError(405, requestId(), { key: "method_not_allowed", details: `${method} is not allowed on ${pathname}; use ${allowed.join(", ")}` }),
    headers: { Allow: allowed.join(", ") },
  };
}

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
        const answer = forbiddenMethodAnswer(method, url.pathname);
        log(`${method} ${target} -> ${answer.status}`);
        return sendJson(req, res, answer.status, answer.body, answer.headers);
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
      // A HEAD answer has no bytes to count: its Content-Length would have to be GET's (RFC 9110 §8.6), so it is left out.
      if (method !== "HEAD" && response.status !== 204 && response.status !== 304) answerHeaders["content-length"] = String(bytes.length);
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
    const body = apiError(status, requestId(), { key: "invalid_request", message: tooLarge ? "Request header fields too large" : "Malformed request", details: `The HTTP request could not be parsed: ${cause.code ?? cause.message}` });
    endWithJson(socket, status, body);
  });
  // Node hands CONNECT to this event, not to the request handler, and drops the
  // connection when nothing listens: answer it as the other forbidden methods.
  server.on("connect", (req: IncomingMessage, socket: Socket) => {
    const target = req.url ?? "";
    const answer = forbiddenMethodAnswer("CONNECT", target.startsWith("/") ? target.split("?")[0]! : target);
    log(`CONNECT ${target} -> ${answer.status}`);
    // Detached from the HTTP server, the socket has no error listener of Node's: a reset would otherwise be an uncaught error.
    socket.on("error", () => socket.destroy());
    if (!socket.writable) return socket.destroy();
    endWithJson(socket, answer.status, answer.body, { ...corsHeaders(req), ...answer.headers });
  });
  return server;
}

/** Writes a whole JSON answer on a socket the HTTP server has let go of, and closes it (both ways: a client that keeps its side open cannot hold it). */
function endWithJson(socket: Socket, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const lines = Object.entries({ ...headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)), Connection: "close" }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n${lines.join("")}\r\n${text}`, () => socket.destroy());
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
