// Mock latency (DESIGN.md, Benchmarks): p50 latency of GET /v1/customers/{id}
// ÷ the p50 of a plain node:http server sending the same body, measured side
// by side in one run (requests alternate between the targets, one at a time,
// over keep-alive connections):
// - mock.p50.ratio: the mock as `npm run mock` starts it (the engine behind
//   the front that supervises Prism, static examples);
// - mock.p50.ratio.engine-static / .engine-stateful: the engine on node:http
//   as the `voucherify-customers-mock` command serves it, in each mode.
// Prism alone is printed, not judged.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "node:http";
import { CustomerSeed } from "../src/examples.js";
import { createCustomersMock, type CustomersMockMode } from "../src/mock.js";
import { mulberry32 } from "../src/mock/ids.js";
import { closeServer, createEngineServer, listen, urlOf } from "../src/bin/node-server.js";
import { startMock } from "../scripts/lib/mock/mock-server.js";
import { median, report } from "./lib/report.js";

const ROUNDS = 2000;
const WARMUP = 200;
/** Prism is only printed, and takes about 9 ms an answer. */
const PRISM_ROUNDS = 300;
const PRISM_WARMUP = 30;
const HEADERS = { "X-App-Id": "bench-app", "X-App-Token": "bench-token" };
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

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

async function engineServer(mode: CustomersMockMode): Promise<{ server: Server; url: string }> {
  const engine = createCustomersMock({ mode });
  const server = createEngineServer({ handle: engine.handle, health: () => ({ mode }) });
  return { server, url: urlOf("127.0.0.1", await listen(server, 0, "127.0.0.1")) };
}

const payload = JSON.stringify(CustomerSeed);
const plain = createServer((_req, res) => void res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }).end(payload));
await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
const [front, engineStatic, engineStateful] = await Promise.all([startMock({ port: 0 }), engineServer("static"), engineServer("stateful")]);
try {
  // The command is ready before its Prism, which starts in the background: the Prism row needs it up.
  await front.prism.ready();
  // The stateful store starts with the list example's customers; this one is among them in the static example too.
  const path = `/v1/customers/${CustomerSeed.id}`;
  const statefulPath = `/v1/customers/${(await (await fetch(`${engineStateful.url}/v1/customers?limit=1`, { headers: HEADERS })).json()).customers[0].id}`;
  const targets = {
    plain: `http://127.0.0.1:${(plain.address() as AddressInfo).port}${path}`,
    front: `${front.url}${path}`,
    prism: `${front.prism.url}${path}`,
    static: `${engineStatic.url}${path}`,
    stateful: `${engineStateful.url}${statefulPath}`,
  };
  const times: Record<keyof typeof targets, number[]> = { plain: [], front: [], prism: [], static: [], stateful: [] };
  // The judged targets in a new random order each round, so none always
  // follows the same one. Prism gets rounds of its own: it is a separate
  // process that keeps the processor busy after it answers (its logging,
  // garbage collection), and whatever came right after it was measured slow
  // (the engine rows read 3.0–3.5 × while the same engine behind
  // `npm run mock` read 2.1 ×).
  const judged: Array<keyof typeof targets> = ["plain", "front", "static", "stateful"];
  const random = mulberry32(7);
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const name of shuffled(judged, random)) {
      const ms = await timedGet(targets[name]);
      if (round >= WARMUP) times[name].push(ms);
    }
  }
  // Prism's ratio has a plain baseline of its own, measured beside it.
  const plainBesidePrism: number[] = [];
  for (let round = 0; round < PRISM_WARMUP + PRISM_ROUNDS; round++) {
    const prism = await timedGet(targets.prism);
    const plain = await timedGet(targets.plain);
    if (round >= PRISM_WARMUP) times.prism.push(prism), plainBesidePrism.push(plain);
  }
  const names = Object.keys(targets) as Array<keyof typeof targets>;
  const p50 = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<keyof typeof targets, number>;
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(
    `p50 over ${ROUNDS} requests: plain node:http ${us(p50.plain)}, npm run mock ${us(p50.front)}, Prism alone ${us(p50.prism)}, ` +
      `engine static ${us(p50.static)}, engine stateful ${us(p50.stateful)}`,
  );
  report("mock.p50.ratio", p50.front / p50.plain, "x", "<= 2.5");
  report("mock.p50.ratio.engine-static", p50.static / p50.plain, "x", "<= 2.5");
  report("mock.p50.ratio.engine-stateful", p50.stateful / p50.plain, "x", "<= 2.5");
  report("mock.p50.ratio.prism-alone", p50.prism / median(plainBesidePrism), "x");
} finally {
  agent.destroy();
  plain.closeAllConnections();
  await Promise.all([new Promise((resolve) => plain.close(resolve)), front.stop(), closeServer(engineStatic.server), closeServer(engineStateful.server)]);
}
