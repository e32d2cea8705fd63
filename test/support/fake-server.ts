// A scripted node:http server on 127.0.0.1 for the client's failure modes:
// each request takes the next queued reply (the last one repeats), and every
// request is recorded so a test can assert what went on the wire, and whether
// the client waited for the answer or cut the connection.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /**
   * How the exchange ended: "answered" once the whole reply was sent, "cut off"
   * when the connection closed first (the client aborted, or the reply dropped it).
   */
  end: Promise<"answered" | "cut off">;
}

/** Writes one answer. It may wait; it must stop writing once `res.destroyed` (the client gave up). */
export type Reply = (res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues replies for the next requests; the last one answers every request after it. Clears the record. */
  answer(...replies: Reply[]): void;
  /** Resolves once `count` requests have arrived since the last answer(): the moment to abort one in flight. */
  arrived(count?: number): Promise<void>;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
    return (res) => void res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
  },
  text(status: number, text: string, contentType = "text/html; charset=utf-8", headers: Record<string, string> = {}): Reply {
    return (res) => void res.writeHead(status, { "Content-Type": contentType, ...headers }).end(text);
  },
  /** A status with no body at all (Content-Length: 0). */
  empty(status: number, headers: Record<string, string> = {}): Reply {
    return (res) => void res.writeHead(status, { "Content-Length": "0", ...headers }).end();
  },
  /** Waits before answering at all: a slow upstream. */
  slow(ms: number, then: Reply): Reply {
    return async (res, req) => {
      await delay(ms);
      if (!res.destroyed) await then(res, req);
    };
  },
  /** Answers only once `event` settles (a test opens the gate when it has seen what it waits for). */
  after(event: PromiseLike<unknown>, then: Reply): Reply {
    return async (res, req) => {
      await event;
      if (!res.destroyed) await then(res, req);
    };
  },
  /**
   * Never answers: a hung upstream. The exchange ends only when the client
   * gives up, so a test that expects a timeout or an abort cannot pass by the
   * server answering late, whatever the machine's load.
   */
  hang(): Reply {
    return () => {};
  },
  /** Sends the status and headers, then never the rest of the body. */
  hangBody(status: number): Reply {
    return (res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      // Leading whitespace is valid JSON; writing it sends the headers now.
      res.write(" ");
    };
  },
  /** Sends the status and headers at once, then the body only after `ms`. */
  slowBody(ms: number, status: number, body: unknown): Reply {
    return async (res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.write(" ");
      await delay(ms);
      if (!res.destroyed) res.end(JSON.stringify(body));
    };
  },
  /** Closes the connection without any answer. */
  drop(): Reply {
    return (res) => void res.socket?.destroy();
  },
  /** Sends headers and part of the body, then closes the connection. */
  dropMidBody(status: number): Reply {
    return (res) => {
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('{"partial": ');
      setTimeout(() => res.socket?.destroy(), 20).unref();
    };
  },
};

export async function startFakeServer(): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  let queue: Reply[] = [reply.text(500, "fake server: no reply queued", "text/plain")];
  const server = createServer(async (req, res) => {
    const end = new Promise<"answered" | "cut off">((resolve) => res.once("close", () => resolve(res.writableFinished ? "answered" : "cut off")));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString(), end });
    waiters = waiters.filter((w) => (requests.length >= w.count ? (w.resolve(), false) : true));
    const next = queue.length > 1 ? queue.shift()! : queue[0]!;
    try {
      await next(res, req);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(`fake server reply threw: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Port 0: the OS picks a free port, so suites running in parallel never collide.
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(...replies) {
      if (replies.length === 0) throw new Error("answer() needs at least one reply");
      queue = replies;
      requests.length = 0;
    },
    arrived(count = 1) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
