// Mock latency (DESIGN.md, Benchmarks):
// - mock.p50.ratio: p50 latency of GET /v1/customers/{id} on the mock as
//   `npm run mock` starts it (front server + Prism, static examples) ÷ the p50
//   of a plain node:http server sending the same body. Requests alternate
//   between the two, one at a time, over keep-alive connections.
// Also printed, not judged: Prism alone and the stateful mock, same method.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "node:http";
import { CustomerSeed } from "../src/examples.js";
import { startMock } from "../scripts/lib/mock-server.js";
import { median, report } from "./lib/report.js";

const ROUNDS = 2000;
const WARMUP = 200;
const HEADERS = { "X-App-Id": "bench-app", "X-App-Token": "bench-token" };
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET, timed from sending to the last body byte. */
function timedGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { headers: HEADERS, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
      res.resume();
      res.on("end", () => resolve(performance.now() - start));
    });
    req.on("error", reject);
    req.end();
  });
}

const payload = JSON.stringify(CustomerSeed);
const plain = createServer((_req, res) => void res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }).end(payload));
await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
const [mock, stateful] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0, stateful: true })]);
try {
  const path = `/v1/customers/${CustomerSeed.id}`;
  const targets = {
    plain: `http://127.0.0.1:${(plain.address() as AddressInfo).port}${path}`,
    mock: `${mock.url}${path}`,
    prism: `${mock.prism.url}${path}`,
    stateful: `${stateful.url}${path}`,
  };
  const times: Record<keyof typeof targets, number[]> = { plain: [], mock: [], prism: [], stateful: [] };
  const names = Object.keys(targets) as Array<keyof typeof targets>;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Rotate the order so no target always follows the same one.
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const ms = await timedGet(targets[name]);
      if (round >= WARMUP) times[name].push(ms);
    }
  }
  const p50 = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<keyof typeof targets, number>;
  console.log(
    `p50 over ${ROUNDS} requests: plain node:http ${(p50.plain * 1000).toFixed(0)} µs, mock ${(p50.mock * 1000).toFixed(0)} µs, ` +
      `Prism alone ${(p50.prism * 1000).toFixed(0)} µs (mock ÷ Prism ${(p50.mock / p50.prism).toFixed(2)}), stateful ${(p50.stateful * 1000).toFixed(0)} µs`,
  );
  report("mock.p50.ratio", p50.mock / p50.plain, "x", "<= 2.5");
} finally {
  agent.destroy();
  plain.closeAllConnections();
  await Promise.all([new Promise((resolve) => plain.close(resolve)), mock.stop(), stateful.stop()]);
}
