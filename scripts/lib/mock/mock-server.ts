// The mock `npm run mock` and `npm start` serve: the package's mock engine
// (src/mock) on node:http (src/bin/node-server.ts), with a supervised Prism
// process behind it for generated data (`--dynamic`, or `Prefer:
// dynamic=true` / `__dynamic=true` on one request). Every request is judged
// by the engine first, so nothing malformed reaches Prism; if Prism dies
// anyway, /__health says so and it is started again (prism-supervisor.ts).
// Prism starts in the background (or, with `prismStart: "on-demand"`, at the
// first request that needs it), and `stop()` kills a Prism still starting.
// `state` keeps stateful customers in a file (src/bin/state-file.ts);
// `reload()` swaps in an engine built from the generated modules as they are
// now (the dev loop calls it after it rewrites generated/).
import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { contractVersion, operationTable } from "../../../generated/operations.js";
import { closeServer, createEngineServer, listen, urlOf } from "../../../src/bin/node-server.js";
import { apiError } from "../../../src/mock/answer.js";
import { createMockEngine, type CheckedRequest, type CustomersMock, type EngineOptions } from "../../../src/mock/engine.js";
import type { CustomerStore } from "../../../src/mock/customer-store.js";
import type { CustomersMockCredentials } from "../../../src/mock/credentials.js";
import { createStateFileWriter, readStateFile } from "../../../src/bin/state-file.js";
import type { Customer } from "../../../src/types.js";
import { GENERATED } from "../project-paths.js";
import { loadEngine } from "./engine-loader.js";
import { supervisePrism, type PrismHealth, type SupervisedPrism } from "./prism-supervisor.js";

export type MockMode = "static" | "dynamic" | "stateful";

export interface MockOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Prism generates bodies from the schemas instead of serving the examples. */
  dynamic?: boolean;
  /** Repeatable generated data: Prism's dynamic bodies and the stateful mock's IDs. */
  seed?: string;
  /** Customers persist in memory between calls. */
  stateful?: boolean;
  /** With `stateful`: start with no customers instead of the spec's list example. */
  empty?: boolean;
  /** Keep the customers in this JSON file across restarts (implies `stateful`). */
  state?: string;
  /** The app keys to insist on (a wrong one is a 401); default: any non-empty keys. */
  credentials?: CustomersMockCredentials;
  /** The generated/ folder the engine answers from (default: the repository's); `reload()` rereads it. */
  generatedDir?: string;
  /** Called with one line per request: method, path, status and who answered. */
  log?: (line: string) => void;
  /** Forward Prism's own log lines to stderr. */
  verbose?: boolean;
  /** How the calling command spells its port flag, for the "port in use" message (default `--port`). */
  portFlag?: string;
  /**
   * The OpenAPI file Prism serves (default generated/openapi.yaml, which Prism
   * takes about 8 s of CPU to read). The engine still answers from
   * `generatedDir`; the tests of process management pass a small spec here.
   */
  prismSpec?: string;
  /** How long Prism may take to start before it counts as failed (default: startPrism's 90 s; a loaded machine, such as the test suite's, passes more). */
  prismStartTimeoutMs?: number;
  /**
   * Without `dynamic`, when Prism starts: "background" (default: at once,
   * /__health says "starting" until it is up) or "on-demand" (at the first
   * request that needs it; "idle" until then). `dynamic` always waits for it.
   */
  prismStart?: "background" | "on-demand";
}

export interface RunningMock {
  url: string;
  mode: MockMode;
  server: Server;
  /** The supervised Prism; `process` emits "exit" only when the supervisor gives up on it. */
  prism: SupervisedPrism & { readonly process: SupervisedPrism["events"] };
  /** The engine answering now (reload() replaces it). */
  readonly engine: CustomersMock;
  /** Stateful mode's memory (the current engine's store). */
  readonly stateful?: { store: CustomerStore };
  /**
   * Builds a new engine from the generated modules of `generatedDir` as they
   * are now and answers with it from the next request on (the dev loop calls
   * it after rewriting generated/; Prism rereads openapi.yaml by itself). In
   * stateful mode the customers the new spec still accepts are kept. Rejects
   * when the modules do not load, and the last good engine keeps answering.
   */
  reload(): Promise<{ kept: number; dropped: number }>;
  /** Resolves once the `state` file holds every change so far. */
  saved(): Promise<void>;
  stop(): Promise<void>;
}

const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "host", "content-length"];

/** Sends a request the engine has checked to Prism, and Prism's answer back as it is. */
async function forwardToPrism(started: () => Promise<SupervisedPrism>, { request, body }: CheckedRequest): Promise<Response> {
  let prism: SupervisedPrism;
  try {
    prism = await started();
    await prism.ready();
  } catch (error) {
    return Response.json(apiError(503, "v-prism-down", { key: "prism_unavailable", message: "Service unavailable", details: (error as Error).message }), { status: 503 });
  }
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const name of HOP_BY_HOP) headers.delete(name);
  try {
    const answer = await fetch(new URL(url.pathname + url.search, prism.url), {
      method: request.method,
      headers,
      ...(body.byteLength > 0 ? { body: body as Uint8Array<ArrayBuffer> } : {}),
      redirect: "manual",
    });
    const answerHeaders = new Headers(answer.headers);
    for (const name of [...HOP_BY_HOP, "content-encoding"]) answerHeaders.delete(name);
    return new Response(request.method === "HEAD" ? null : await answer.arrayBuffer(), { status: answer.status, headers: answerHeaders });
  } catch (error) {
    return Response.json(apiError(502, "v-prism-unreachable", { key: "prism_unreachable", message: "Bad gateway", details: `The Prism mock did not answer: ${(error as Error).message}` }), { status: 502 });
  }
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? "127.0.0.1";
  const mode: MockMode = options.stateful || options.state !== undefined ? "stateful" : options.dynamic ? "dynamic" : "static";
  const log = options.log ?? (() => {});
  const stateful = options.stateful === true || options.state !== undefined;
  const generatedDir = resolve(options.generatedDir ?? GENERATED);
  // Prism starts once the port is ours (a taken port fails at once); until it is up, what needs it waits.
  let prism: SupervisedPrism | undefined;
  let whenPrism: Promise<SupervisedPrism> | undefined;
  let prismFailure: string | undefined;
  const prismHealth = (): PrismHealth =>
    prism?.health() ?? (prismFailure ? { status: "down", restarts: 0, lastExit: prismFailure } : { status: whenPrism ? "starting" : "idle", restarts: 0 });
  // Aborted by stop(): a Prism still starting is killed rather than waited for.
  const prismAbort = new AbortController();
  const events = new EventEmitter();
  const startPrismOnce = (): Promise<SupervisedPrism> => {
    if (whenPrism) return whenPrism;
    if (prismAbort.signal.aborted) return Promise.reject(new Error("the mock is stopping"));
    // Prism listens on loopback only; callers reach it through this server.
    whenPrism = supervisePrism({
      host: "127.0.0.1",
      port: 0,
      dynamic: options.dynamic,
      seed: options.dynamic ? options.seed : undefined,
      verbose: options.verbose,
      spec: options.prismSpec,
      startTimeoutMs: options.prismStartTimeoutMs,
      signal: prismAbort.signal,
    }).then(
      (started) => {
        prism = started;
        started.events.once("exit", (code, signal) => events.emit("exit", code, signal));
        return started;
      },
      (error: Error) => {
        prismFailure = error.message;
        throw error;
      },
    );
    if (!options.dynamic) {
      whenPrism.catch((error: Error) => {
        if (!prismAbort.signal.aborted) log(`Prism did not start (${error.message}); only --dynamic answers need it.`);
      });
    }
    return whenPrism;
  };
  // A corrupt state file stops the start here, with the file's name and what is wrong.
  const saved = options.state !== undefined ? await readStateFile(options.state) : undefined;
  const engineOptions = (customers: readonly Customer[] | undefined, seedSuffix = ""): EngineOptions => ({
    mode: stateful ? "stateful" : "static",
    // A reloaded engine starts its seeded IDs elsewhere, so it does not hand out the ones already kept.
    ...(stateful && options.seed !== undefined ? { seed: options.seed + seedSuffix } : {}),
    ...(customers ? { customers } : options.empty ? { customers: [] } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    delegate: async (checked) => (options.dynamic || checked.selection?.dynamic ? forwardToPrism(startPrismOnce, checked) : undefined),
  });
  let scratch: string | undefined;
  const scratchDir = async () => (scratch ??= await mkdtemp(join(tmpdir(), "customers-mock-engine-")));
  let engine =
    generatedDir === resolve(GENERATED) ? createMockEngine(engineOptions(saved)) : (await loadEngine(generatedDir, await scratchDir())).createMockEngine(engineOptions(saved));
  const writer =
    options.state !== undefined ? createStateFileWriter(options.state, () => engine.store!.export(), (error) => console.error(`mock: ${error.message}`)) : undefined;
  let unsubscribe = writer && engine.store ? engine.store.onChange(() => writer.changed()) : undefined;

  let reloads = 0;
  const reload = async () => {
    const fresh = await loadEngine(generatedDir, await scratchDir());
    const before = engine.store?.export().customers;
    // Kept: the customers the new engine would start with (the same checks as its `customers` option).
    const kept = before?.filter((customer) => fresh.customerProblems(customer).length === 0);
    const next = fresh.createMockEngine(engineOptions(kept, `#reload-${++reloads}`));
    unsubscribe?.();
    engine = next;
    if (writer && engine.store) {
      unsubscribe = engine.store.onChange(() => writer.changed());
      if (kept!.length !== before!.length) writer.changed();
    }
    return { kept: kept?.length ?? 0, dropped: (before?.length ?? 0) - (kept?.length ?? 0) };
  };

  const server = createEngineServer({
    handle: (request) => engine.handle(request),
    health: () => ({
      mode,
      contractVersion,
      operations: Object.keys(operationTable).length,
      ...(engine.store ? { customers: engine.store.size } : {}),
      ...(writer ? { state: { file: options.state, writes: writer.writes } } : {}),
      ...(reloads ? { reloads } : {}),
      prism: prismHealth(),
    }),
    log,
  });

  let port: number;
  try {
    port = await listen(server, options.port ?? 4010, host, options.portFlag);
  } catch (error) {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  // Only --dynamic needs Prism before the first answer. Otherwise the engine
  // answers everything and Prism (about 8 s of CPU to read this spec) comes up in
  // the background: the mock is ready at once, /__health says "starting".
  if (options.dynamic) {
    try {
      await startPrismOnce();
    } catch (error) {
      await closeServer(server);
      if (scratch) await rm(scratch, { recursive: true, force: true });
      throw error;
    }
  } else if (options.prismStart !== "on-demand") {
    startPrismOnce().catch(() => {});
  }
  const stopPrism = () => {
    prismAbort.abort();
    return whenPrism ? whenPrism.then((started) => started.stop(), () => {}) : Promise.resolve();
  };

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.all([closeServer(server), stopPrism()])
      .then(() => writer?.flush())
      .finally(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined))
      .then(() => {}));
  const supervised: RunningMock["prism"] = {
    get url() {
      if (!prism) throw new Error("the Prism mock is still starting");
      return prism.url;
    },
    events,
    process: events,
    health: prismHealth,
    ready: () => startPrismOnce().then((started) => started.ready()),
    stop: stopPrism,
  };
  return {
    url: urlOf(host, port),
    mode,
    server,
    prism: supervised,
    get engine() {
      return engine;
    },
    get stateful() {
      return engine.store ? { store: engine.store } : undefined;
    },
    reload,
    saved: async () => writer?.flush(),
    stop,
  };
}
