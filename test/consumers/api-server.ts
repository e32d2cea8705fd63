// The API the consumer projects call: just enough of the Customers API for a
// create (200) and a get of an unknown customer (404 with Voucherify's error
// body), so each row sees a result and a CustomersApiError. It also serves
// files (the browser row's page and bundle) from the same origin.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ApiServer {
  url: string;
  /** Serve `body` at `path` (the browser page and its bundle). */
  serve(path: string, contentType: string, body: string): void;
  close(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const files = new Map<string, { contentType: string; body: string }>();
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const file = files.get(req.url ?? "");
    if (req.method === "GET" && file) return void res.writeHead(200, { "content-type": file.contentType }).end(file.body);
    if (req.headers["x-app-id"] !== "app" || req.headers["x-app-token"] !== "token") {
      return json(401, { code: 401, key: "unauthorized", message: "Unauthorized", details: "Missing app credentials.", request_id: "req_401" });
    }
    let text = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/v1/customers") {
        const body = JSON.parse(text || "{}") as { source_id?: string; name?: string };
        return json(200, { id: "cust_consumer", object: "customer", source_id: body.source_id, name: body.name });
      }
      json(404, { code: 404, key: "not_found", message: "Resource not found", details: `No route ${req.method} ${req.url}.`, request_id: "req_404" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (path, contentType, body) => void files.set(path, { contentType, body }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
