// Starts and stops a Prism mock process. Prism is spawned with node directly
// (npx would not forward SIGTERM) and stopped by pid. A preloaded guard ends
// it when this process dies without stopping it, so no Prism is left behind;
// another preload gives it faker's English-only build (a faster start).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { GENERATED, ROOT } from "../project-paths.js";

/** What node_modules/.bin/prism links to. */
const PRISM_CLI = join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");

export interface PrismOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The OpenAPI file Prism serves (default generated/openapi.yaml). */
  spec?: string;
  dynamic?: boolean;
  seed?: string;
  /** Forward Prism's own log lines to this process's stderr. */
  verbose?: boolean;
  /** Aborting it while Prism starts kills the process and rejects (a stop during the ~8 s start need not wait for it). */
  signal?: AbortSignal;
  /**
   * How long Prism may take to answer its first request before it is killed
   * and the start rejects with its output (default 90 s, about ten times an
   * idle machine's start on the whole spec). A caller on a loaded machine,
   * such as the test suite, passes more.
   */
  startTimeoutMs?: number;
}

/** startPrism's deadline when the caller gives none. */
export const DEFAULT_START_TIMEOUT_MS = 90_000;

export interface RunningPrism {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string, signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  // An abort kills Prism at once; the loop below then sees it gone.
  const kill = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", kill, { once: true });
  try {
    while (Date.now() < deadline) {
      if (signal?.aborted) {
        kill();
        await exited;
        throw new Error("Prism was stopped while it started", { cause: signal.reason });
      }
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Prism exited with ${child.signalCode ?? `code ${child.exitCode}`}:\n${output()}`);
      try {
        await fetch(url, { signal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    signal?.removeEventListener("abort", kill);
  }
  child.kill("SIGKILL");
  throw new Error(`Prism did not answer on ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  if (options.signal?.aborted) throw new Error("Prism was stopped before it started", { cause: options.signal.reason });
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  const args = ["mock", options.spec ?? join(GENERATED, "openapi.yaml"), "--host", host, "--port", String(port), "--cors"];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", options.seed);
  const preloads = ["exit-with-parent.cjs", "english-faker.cjs"].flatMap((file) => ["--require", join(ROOT, "scripts/lib/process", file)]);
  const child = spawn(process.execPath, [...preloads, PRISM_CLI, ...args], {
    cwd: ROOT,
    // stdin stays an open pipe for the guard; it closes only when this process ends.
    stdio: ["pipe", "pipe", "pipe"],
  });
  let log = "";
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`;
  await waitUntilServing(url, child, () => log, options.signal, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return { url, process: child, stop };
}
