// Jobs in worker threads, for the steps of the pipeline that are slow enough
// to run beside the others on the second core. A worker starts at once, so it
// loads its tools while the caller does other work, and serves the jobs its
// file names (worker-side.mjs) until it is ended, or kept for the next run of
// the pipeline in the same process. Worker files are plain .mjs
// started without the parent's --import: packages load as plain JavaScript,
// and this repository's modules through import-typescript.mjs, with no
// TypeScript loader; under any runner (tsx, vitest) the same.
import { Worker } from "node:worker_threads";
import { SpecError } from "../spec/spec-error.js";

/** What a worker answers (worker-side.mjs): a job's result, or why it failed, with the spec's problems when that is why. */
export type WorkerReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; stack?: string; problems?: string[] });

export interface WorkerThread {
  /** Runs one of the worker's jobs. */
  call<Out>(job: string, input: unknown): Promise<Out>;
  /** Ends the worker: after its last job, or when its answers are not needed after all (an earlier step failed). */
  end(): void;
  /**
   * Hands the worker, its jobs done, to the next startWorker for the same file
   * in this process instead of ending it: a process that runs the pipeline
   * again (the tests, `npm run dev` on each save) loads each tool once. A kept
   * worker does not hold the process open.
   */
  keep(): void;
}

/** Workers whose jobs are done, by file, for the next run of the pipeline in this process. */
const idle = new Map<string, { thread: WorkerThread; worker: Worker; expiry: NodeJS.Timeout }>();

/**
 * How long a kept worker waits for the next run: runs in a row (a test file,
 * saves in quick succession) share it; a long-lived process (`npm start`,
 * `npm run dev` between edits) does not hold its tools' memory for nothing.
 */
const KEEP_IDLE_MS = 60_000;

/** Ends the workers kept for another run (a test file that ran the pipeline, before the next file shares its process). */
export function endIdleWorkers(): void {
  for (const { thread } of [...idle.values()]) thread.end();
}

/** True when a worker for `file` was kept from an earlier run: its tools are loaded. */
export const hasKeptWorker = (file: URL): boolean => idle.has(file.href);

/** A worker for `file`: one kept from an earlier run if there is one, else a new one, which starts loading its tools at once. */
export function startWorker(file: URL, what: string): WorkerThread {
  const kept = idle.get(file.href);
  if (kept) {
    idle.delete(file.href);
    clearTimeout(kept.expiry);
    kept.worker.ref(); // it has work again: the process waits for its answers
    return kept.thread;
  }
  const worker = new Worker(file, { execArgv: [] });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let ended = false;
  const failAll = (error: unknown) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (reply: WorkerReply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.ok) return call.resolve(reply.value);
    if (reply.problems) return call.reject(new SpecError(reply.problems));
    const error = new Error(`${what} failed: ${reply.message}`);
    if (reply.stack) error.stack = reply.stack;
    call.reject(error);
  });
  worker.on("error", failAll);
  /** Takes this worker out of the kept ones, if it is there. */
  const forget = () => {
    const entry = idle.get(file.href);
    if (entry?.worker !== worker) return;
    clearTimeout(entry.expiry);
    idle.delete(file.href);
  };
  worker.on("exit", (code) => {
    ended = true;
    forget();
    failAll(new Error(`the ${what} worker stopped (exit code ${code}) before answering`));
  });
  let nextId = 0;
  const thread: WorkerThread = {
    call<Out>(job: string, input: unknown) {
      if (ended) return Promise.reject(new Error(`the ${what} worker has ended`));
      const id = nextId++;
      const answer = new Promise<Out>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
      worker.postMessage({ id, job, input });
      return answer;
    },
    end() {
      ended = true;
      forget();
      void worker.terminate();
    },
    keep() {
      if (idle.get(file.href)?.worker === worker) return;
      // A job still running (its answer not wanted: an earlier step failed) would only take the processor: end it.
      if (ended || pending.size > 0 || idle.has(file.href)) return thread.end();
      worker.unref();
      const expiry = setTimeout(() => thread.end(), KEEP_IDLE_MS).unref();
      idle.set(file.href, { thread, worker, expiry });
    },
  };
  return thread;
}
