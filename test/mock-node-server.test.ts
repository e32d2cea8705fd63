// The engine on node:http (src/bin/node-server.ts, what the command and the
// Prism front serve), in process, for what only a raw HTTP exchange shows:
// CONNECT, which node hands to another event than the request handler, gets
// the ApiError the other forbidden methods get; a HEAD answer carries no
// Content-Length that differs from GET's.
import { once } from "node:events";
import type { Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer, createEngineServer, listen } from "../src/bin/node-server.js";
import { createCustomersMock } from "../src/mock.js";
import { validators } from "../src/validators.js";
import { rawExchange } from "./support/raw-http.js";

const KEYS = "X-App-Id: a\r\nX-App-Token: b";

let server: Server;
let port = 0;

beforeAll(async () => {
  const mock = createCustomersMock({ mode: "stateful", seed: "node-server" });
  server = createEngineServer({ handle: mock.handle, health: () => ({ mode: "stateful" }) });
  port = await listen(server, 0, "127.0.0.1");
});
afterAll(() => closeServer(server));

/** One raw exchange with the app keys: fetch cannot send CONNECT, and hides a HEAD's Content-Length. */
const exchange = (head: string) => rawExchange(port, `${head}\r\n${KEYS}`);

describe("CONNECT", () => {
  it.each([
    ["CONNECT 127.0.0.1:80 HTTP/1.1", 404, /no operation at 127\.0\.0\.1:80/, undefined],
    ["CONNECT /v1/customers HTTP/1.1", 405, /CONNECT is not allowed on \/v1\/customers; use GET, POST/, "GET, POST, HEAD, OPTIONS"],
  ])("%s → %i with an ApiError, not a dropped connection", async (head, status, says, allow) => {
    const answer = await exchange(head);
    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
    expect(answer.headers.allow).toBe(allow);
    const error = JSON.parse(answer.body);
    expect(validators.ApiError(error)).toMatchObject({ ok: true });
    expect(error.code).toBe(status);
    expect(error.details).toMatch(says);
  });

  it("leaves the server answering afterwards", async () => {
    await exchange("CONNECT 127.0.0.1:80 HTTP/1.1");
    expect((await exchange("GET /v1/customers HTTP/1.1")).status).toBe(200);
  });

  it("closes the connection itself, so a client that keeps its side open and then resets it cannot crash the server", async () => {
    // Detached from the HTTP server, the socket has no error listener of Node's; left half open, a reset would be an uncaught ECONNRESET.
    const client = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    client.on("error", () => {});
    client.write(`CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1\r\n${KEYS}\r\n\r\n`);
    client.resume();
    await once(client, "end"); // the answer, then the server's FIN
    await new Promise((resolve) => setImmediate(resolve));
    client.resetAndDestroy();
    await once(client, "close");
    expect((await exchange("GET /v1/customers HTTP/1.1")).status).toBe(200);
  });
});

describe("HEAD", () => {
  it.each(["/v1/customers", "/v1/customers/source_123", "/__health"])("on %s sends no body and no Content-Length other than GET's", async (path) => {
    const get = await exchange(`GET ${path} HTTP/1.1`);
    const head = await exchange(`HEAD ${path} HTTP/1.1`);
    expect(get.status).toBe(200);
    expect(head.status).toBe(200);
    expect(Buffer.byteLength(get.body)).toBeGreaterThan(0);
    expect(head.body).toBe("");
    expect(head.headers["transfer-encoding"]).toBeUndefined();
    if (head.headers["content-length"] !== undefined) expect(Number(head.headers["content-length"])).toBe(Buffer.byteLength(get.body));
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
  });
});
