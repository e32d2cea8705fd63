// A tiny static server for the generated docs and the bundled spec.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { GENERATED } from "../project-paths.js";

const ROUTES: Record<string, [file: string, type: string]> = {
  "/": ["docs/index.html", "text/html; charset=utf-8"],
  "/index.html": ["docs/index.html", "text/html; charset=utf-8"],
  "/openapi.json": ["openapi.json", "application/json"],
  "/openapi.yaml": ["openapi.yaml", "application/yaml"],
};

/** `portFlag`: how the running command takes another port, for the "in use" message. */
export function serveDocs(host: string, port: number, portFlag = "--docs-port"): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const route = ROUTES[new URL(req.url ?? "/", "http://x").pathname];
    if (!route || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(join(GENERATED, route[0]));
    } catch {
      res.writeHead(503, { "content-type": "text/plain" }).end(`generated/${route[0]} is missing; run \`npm run docs\` (or \`npm run generate\`).\n`);
      return;
    }
    res.writeHead(200, { "content-type": route[1], "content-length": body.length, "cache-control": "no-cache" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return listenOn(server, host, port, portFlag);
}

/** Listens, and says which flag picks another port when this one is taken. */
export function listenOn(server: Server, host: string, port: number, portFlag: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} on ${host} is already in use; pick another with ${portFlag} (0 picks a free one)`) : error),
    );
    server.listen(port, host, () => {
      const { port: actual } = server.address() as { port: number };
      const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
      resolve({ server, url: `http://${urlHost}:${actual}` });
    });
  });
}
