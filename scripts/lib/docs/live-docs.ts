// The docs server of `npm run dev`: the same Redoc, rendered in the browser
// from the last good spec instead of prebuilt by `redocly build-docs`, so a
// save shows up in well under a second. The page listens on an event stream
// (server-sent events) and reloads itself when a new spec is published; when
// the spec is broken it shows the problems (file:line) above the last good docs,
// and a save back to the spec shown only takes them away (no reload).
import { createServer, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { ROOT } from "../project-paths.js";
import { withCodeSamples } from "./code-samples.js";
import { makeScriptOffline, redocConfig } from "./generate-docs.js";
import { listenOn } from "./serve-docs.js";
import { SpecError } from "../spec/spec-error.js";
import { escapeHtml } from "./escape-html.js";

/** The browser build of Redoc that `redocly build-docs` inlines, an ES module. */
const REDOC_MODULE = join(ROOT, "node_modules/@redocly/cli/lib/chunks/redoc.standalone.js");

export interface LiveDocs {
  url: string;
  /** Shows a new good spec (the open pages reload); returns the problems instead when its code samples cannot be built. */
  publish(document: Record<string, any>): string[];
  /** Shows the spec's problems above the last good docs. */
  fail(problems: string[]): void;
  stop(): Promise<void>;
}

function page(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <title>${escapeHtml(title)} (dev)</title>
  <style>
    body { margin: 0; }
    #dev-problems { position: sticky; top: 0; z-index: 1000; margin: 0; padding: 10px 14px; background: #9f1d20; color: #fff; font: 13px/1.5 ui-monospace, monospace; white-space: pre-wrap; max-height: 40vh; overflow: auto; }
    #dev-problems[hidden] { display: none; }
  </style>
</head>
<body>
  <pre id="dev-problems" role="alert" hidden></pre>
  <div id="redoc"></div>
  <script type="module">
    import { init } from "./__dev/redoc.js";
    const box = document.getElementById("dev-problems");
    const show = (problems) => {
      box.hidden = problems.length === 0;
      box.textContent = problems.length ? \`The spec has \${problems.length} problem(s); these docs show the last good version.\\n\${problems.join("\\n")}\` : "";
    };
    const state = await (await fetch("./__dev/docs.json", { cache: "no-store" })).json();
    show(state.problems);
    if (state.document) init(state.document, state.options, document.getElementById("redoc"));
    // A new version reloads the page (the address keeps the section being read).
    new EventSource("./__dev/events").onmessage = (event) => {
      const next = JSON.parse(event.data);
      if (next.version !== state.version) location.reload();
      else show(next.problems);
    };
  </script>
</body>
</html>
`;
}

export async function serveLiveDocs(
  host: string,
  port: number,
  portFlag: string,
  initial: { document?: Record<string, any>; problems?: string[] },
): Promise<LiveDocs> {
  let version = 0;
  let problems: string[] = initial.problems ?? [];
  let spec: Record<string, any> | undefined;
  let docs: { document: Record<string, any>; options: Record<string, unknown> } | undefined;
  /** `docs.document` as JSON, to tell a new spec from the one shown. */
  let shown: string | undefined;
  const listeners = new Set<ServerResponse>();
  const redoc = readFile(REDOC_MODULE, "utf8").then(makeScriptOffline);
  redoc.catch(() => {}); // reported when the page asks for it

  const broadcast = () => {
    const data = `data: ${JSON.stringify({ version, problems })}\n\n`;
    for (const res of listeners) res.write(data);
  };
  const publish = (document: Record<string, any>): string[] => {
    let withSamples: Record<string, any>;
    try {
      withSamples = withCodeSamples(document);
    } catch (error) {
      // The code samples need what the lint cannot see (e.g. a path parameter's example).
      if (!(error instanceof SpecError)) throw error;
      fail(error.problems);
      return error.problems;
    }
    // The spec the pages show already (a broken save undone, a comment): the problems go, with no reload.
    const json = JSON.stringify(withSamples);
    if (json !== shown) {
      spec = document;
      docs = { document: withSamples, options: { ...redocConfig(withSamples).openapi, disableTelemetry: true } };
      shown = json;
      version++;
    }
    problems = [];
    broadcast();
    return [];
  };
  const fail = (next: string[]) => {
    problems = next;
    broadcast();
  };
  if (initial.document) publish(initial.document);
  if (initial.problems?.length) problems = initial.problems;

  const send = (res: ServerResponse, type: string, body: string | Buffer) => {
    res.writeHead(200, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
    try {
      if (path === "/" || path === "/index.html") return send(res, "text/html; charset=utf-8", page(spec?.info?.title ?? "API docs"));
      if (path === "/__dev/redoc.js") return send(res, "text/javascript; charset=utf-8", await redoc);
      if (path === "/__dev/docs.json") return send(res, "application/json", JSON.stringify({ version, problems, ...docs }));
      if (path === "/openapi.json" && spec) return send(res, "application/json", `${JSON.stringify(spec, null, 2)}\n`);
      if (path === "/openapi.yaml" && spec) return send(res, "application/yaml", stringify(spec, { lineWidth: 0 }));
      if (path === "/__dev/events") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
        res.write(`data: ${JSON.stringify({ version, problems })}\n\n`);
        listeners.add(res);
        req.on("close", () => listeners.delete(res));
        return;
      }
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`${(error as Error).message}\n`);
    }
  });
  const { url } = await listenOn(server, host, port, portFlag);
  return {
    url,
    publish,
    fail,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
