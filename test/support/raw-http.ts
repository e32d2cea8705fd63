// One raw HTTP/1.1 exchange on a connection of its own: what fetch cannot send
// (a bare `%`, a NUL, TRACE, CONNECT) or would hide (a HEAD's Content-Length).
import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `head` (the request line and any headers of the caller's) with Host
 * and `Connection: close`, then `body` with its Content-Length when one is
 * given; resolves when the server closes the connection.
 */
export function rawExchange(port: number, head: string, body?: Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const answer = Buffer.concat(chunks);
      const end = answer.indexOf("\r\n\r\n");
      // Header bytes are latin1 by HTTP's rules; the body is UTF-8 JSON.
      const match = end < 0 ? null : /^HTTP\/1\.1 (\d{3})[^\r]*(?:\r\n([\s\S]*))?$/.exec(answer.subarray(0, end).toString("latin1"));
      if (!match) return reject(new Error(`no HTTP answer: ${JSON.stringify(answer.subarray(0, 200).toString("latin1"))}`));
      const lines = match[2] ? match[2].split("\r\n") : [];
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ status: Number(match[1]), headers, body: answer.subarray(end + 4).toString("utf8") });
    });
    socket.write(`${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${body ? `Content-Length: ${body.length}\r\n` : ""}\r\n`);
    socket.end(body ?? Buffer.alloc(0));
  });
}
