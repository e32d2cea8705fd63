// Client benchmarks (DESIGN.md, Benchmarks):
// - client.overhead.ratio: `client.customers.get` ÷ a bare fetch of the same
//   URL with the same auth headers, against one local node:http server,
//   interleaved in batches, ratio of the medians of the batch times. Like for
//   like: the bare fetch has no timeout, so neither has the client here.
// - client.overhead.default-timeout.ratio (printed only): the same with the
//   client's default 30 s timeout. Undici pays for every AbortSignal it is
//   handed (a WeakRef, a FinalizationRegistry entry and a listener per
//   request), about 12 µs a request on loopback; sharing one signal between
//   requests measured no better in CPU time. Kept as the default because
//   production calls should be bounded and cancelled, and shown so the cost
//   stays visible.
// - client.size.gz.kb: the client entry bundled for the browser, minified,
//   with its dependencies, gzipped. The validators and listAll's page walk are
//   lazily loaded chunks (dynamic import), so only the entry chunk and the
//   chunks it statically imports count: that is what a page loads before
//   validation is switched on or a listAll starts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { createCustomersClient } from "../src/client.js";
import { CustomerSeed } from "../src/examples.js";
import { median, report } from "./lib/report.js";

const BATCH = 10;
const ROUNDS = 300;
const WARMUP_ROUNDS = 30;

async function overheadRatio(timeoutMs: number | undefined): Promise<number> {
  const payload = JSON.stringify(CustomerSeed);
  const server = createServer((_req, res) => void res.writeHead(200, { "Content-Type": "application/json" }).end(payload));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const headers = { "X-App-Id": "bench-app", "X-App-Token": "bench-token-123456" };
    const client = createCustomersClient({ appId: headers["X-App-Id"], appToken: headers["X-App-Token"], baseUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    const bare = async () => {
      const response = await fetch(`${baseUrl}/v1/customers/cust_1`, { headers });
      if (!response.ok) throw new Error(`bare fetch got ${response.status}`);
      return response.json();
    };
    const viaClient = () => client.customers.get("cust_1");
    // Same answer both ways, or the comparison is meaningless.
    if (JSON.stringify(await bare()) !== JSON.stringify(await viaClient())) throw new Error("client and bare fetch disagree");

    const batch = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < BATCH; i++) await fn();
      return (performance.now() - start) / BATCH;
    };
    const bareTimes: number[] = [];
    const clientTimes: number[] = [];
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      // Alternate who goes first so neither always runs on a warmer loop.
      const [first, second] = round % 2 ? [bare, viaClient] : [viaClient, bare];
      const a = await batch(first);
      const b = await batch(second);
      if (round < WARMUP_ROUNDS) continue;
      (first === bare ? bareTimes : clientTimes).push(a);
      (second === bare ? bareTimes : clientTimes).push(b);
    }
    const ratio = median(clientTimes) / median(bareTimes);
    console.log(`get (timeoutMs ${timeoutMs ?? "default"}): client ${(median(clientTimes) * 1000).toFixed(0)} µs, bare fetch ${(median(bareTimes) * 1000).toFixed(0)} µs (medians of ${ROUNDS} batches of ${BATCH})`);
    return ratio;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function gzippedEntryKb(): Promise<number> {
  const result = await build({
    entryPoints: { client: "src/client.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    splitting: true,
    outdir: "bench-bundle",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const files = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.indexOf("bench-bundle")), file.contents]));
  const outputs = result.metafile.outputs;
  // The entry chunk and, transitively, every chunk it imports statically.
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(Object.keys(outputs).find((path) => outputs[path]!.entryPoint === "src/client.ts")!);
  const lazy = Object.keys(outputs).filter((path) => !loaded.has(path) && path.endsWith(".js"));
  let bytes = 0;
  for (const path of loaded) bytes += gzipSync(files.get(path)!, { level: 9 }).length;
  console.log(`entry: ${[...loaded].join(", ")}; loaded on demand: ${lazy.join(", ") || "nothing"}`);
  return bytes / 1024;
}

report("client.overhead.ratio", await overheadRatio(Infinity), "×", "<= 1.10");
report("client.overhead.default-timeout.ratio", await overheadRatio(undefined), "×");
report("client.size.gz.kb", await gzippedEntryKb(), "KB", "<= 10");
