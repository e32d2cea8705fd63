// The mock frontends talk to: one HTTP server in front of a Prism process.
// It adds what Prism lacks: a health check (GET /__health) and, with
// `stateful`, customers that persist between calls; in static mode it answers
// plain valid calls with Prism's default example itself (example-responder.ts),
// for speed. Everything else (dynamic data, `Prefer` and `__code`/`__example`
// selection, invalid requests, CORS preflights) is Prism's, passed through.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ErrorPayloadTooLarge } from "../../generated/examples.js";
import { contractVersion, operationTable } from "../../generated/operations.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createExampleResponder } from "./example-responder.js";
import type { MockReply, Responder } from "./mock-request.js";
import { startPrism, type RunningPrism } from "./prism-process.js";
import { GENERATED } from "./project-paths.js";
import { createStatefulApp, type StatefulApp } from "./stateful-mock/stateful-app.js";

export type MockMode = "static" | "dynamic" | "stateful";

export interface MockOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Prism generates bodies from the schemas instead of serving the examples. */
  dynamic?: boolean;
  /** Repeatable generated data: Prism's dynamic bodies and the stateful mock's IDs. */
  seed?: string;
  /** Customers persist in memory between calls (see stateful-mock/). */
  stateful?: boolean;
  /** With `stateful`: start with no customers instead of the spec's list example. */
  empty?: boolean;
  /** Called with one line per request: method, path, status and who answered. */
  log?: (line: string) => void;
  /** Forward Prism's own log lines to stderr. */
  verbose?: boolean;
}

export interface RunningMock {
  url: string;
  mode: MockMode;
  server: Server;
  prism: RunningPrism;
  /** The stateful mock's memory, when `stateful` is on. */
  stateful?: StatefulApp;
  stop(): Promise<void>;
}

/** The API's documented limit for the bulk bodies; the mock holds every body to it. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The same CORS answer Prism gives, so a browser sees no difference between the two. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": req.headers.origin ?? "*",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "*",
    Vary: "Origin",
  };
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...corsHeaders(req), ...(text ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) } : {}) });
  res.end(req.method === "HEAD" ? undefined : text);
}

function readBundledSpec(): any {
  try {
    return JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  } catch (error) {
    throw new Error(`cannot read generated/openapi.json (${(error as Error).message}); run \`npm run generate\` first`);
  }
}

const modeOf = (options: MockOptions): MockMode => (options.stateful ? "stateful" : options.dynamic ? "dynamic" : "static");

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} on ${host} is already in use; pick another with --port`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") reject(new Error(`cannot listen on host ${host}: ${error.code}`));
      else reject(error);
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? "127.0.0.1";
  const mode = modeOf(options);
  const log = options.log ?? (() => {});
  const document = readBundledSpec();
  const stateful = options.stateful ? createStatefulApp({ seed: options.seed, empty: options.empty, document }) : undefined;
  // Dynamic data is Prism's alone; static examples have an in-process fast path.
  const responder: Responder | undefined = stateful ?? (options.dynamic ? undefined : createExampleResponder(document));
  // Prism listens on loopback only; callers reach it through this server.
  const prism = await startPrism({ host: "127.0.0.1", port: 0, dynamic: options.dynamic, seed: options.dynamic ? options.seed : undefined, verbose: options.verbose });
  const prismUrl = new URL(prism.url);
  const agent = new Agent({ keepAlive: true });

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    // The body is buffered, so it goes on with a length; hop-by-hop headers stay on their hop.
    const headers: Record<string, unknown> = { ...req.headers, host: prismUrl.host, "content-length": String(body.length) };
    if (body.length === 0 && req.headers["content-length"] === undefined) delete headers["content-length"];
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = httpRequest({ host: prismUrl.hostname, port: prismUrl.port, method: req.method, path: req.url, headers: headers as Record<string, string>, agent }, (answer) => {
      log(`${req.method} ${req.url} -> ${answer.statusCode} (prism)`);
      const answerHeaders = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete answerHeaders[name];
      res.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(res);
    });
    upstream.on("error", (error) => {
      log(`${req.method} ${req.url} -> 502 (prism unreachable)`);
      if (!res.headersSent) sendJson(req, res, 502, { code: 502, message: `The Prism mock did not answer: ${error.message}` });
      else res.destroy();
    });
    upstream.end(body);
  }

  function reply(req: IncomingMessage, res: ServerResponse, answer: MockReply): void {
    log(`${req.method} ${req.url} -> ${answer.status} (${mode === "stateful" ? "stateful" : "example"}${answer.operationId ? ` ${answer.operationId}` : ""})`);
    sendJson(req, res, answer.status, answer.body);
  }

  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", "http://mock.invalid").pathname;
      if (path === "/__health" && (req.method === "GET" || req.method === "HEAD")) {
        req.resume();
        log(`${req.method} ${req.url} -> 200 (health)`);
        return sendJson(req, res, 200, {
          status: "ok",
          mode,
          contractVersion,
          operations: Object.keys(operationTable).length,
          ...(stateful ? { customers: stateful.store.size } : {}),
        });
      }
      const body = await readBody(req);
      const outcome = responder ? responder.handle({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body }) : { forward: true as const };
      if ("reply" in outcome) reply(req, res, outcome.reply);
      else forward(req, res, body);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        log(`${req.method} ${req.url} -> 413 (body over ${MAX_BODY_BYTES} bytes)`);
        res.setHeader("Connection", "close");
        return sendJson(req, res, 413, ErrorPayloadTooLarge);
      }
      // A bug in the mock must not take the process down: say what happened instead.
      console.error("mock: request failed:", error);
      if (!res.headersSent) sendJson(req, res, 500, { code: 500, key: "mock_error", message: `The mock failed: ${(error as Error)?.message ?? String(error)}` });
      else res.destroy();
    }
  });

  let port: number;
  try {
    port = await listen(server, options.port ?? 4010, host);
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), prism.stop()]);
      agent.destroy();
    })());

  return { url: `http://${urlHost}:${port}`, mode, server, prism, ...(stateful ? { stateful } : {}), stop };
}
