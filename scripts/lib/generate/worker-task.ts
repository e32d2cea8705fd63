// Jobs in worker threads, for the steps of the pipeline that are slow enough
// to run beside the others on the second core. A worker starts at once, so it
// loads its tools while the caller does other work, and serves the jobs its
// file names (worker-side.mjs) until it is ended. Worker files are plain .mjs
// started without the parent's --import: each loads its heavy packages first,
// as plain JavaScript, and only then the TypeScript loader for this
// repository's modules; under any runner (tsx, vitest) the same.
import { Worker } from "node:worker_threads";
import { SpecError } from "../spec/spec-error.js";

/** What a worker answers (worker-side.mjs): a job's result, or why it failed, with the spec's problems when that is why. */
export type WorkerReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; stack?: string; problems?: string[] });

export interface WorkerThread {
  /** Runs one of the worker's jobs. */
  call<Out>(job: string, input: unknown): Promise<Out>;
  /** Ends the worker: after its last job, or when its answers are not needed after all (an earlier step failed). */
  end(): void;
}

export function startWorker(file: URL, what: string): WorkerThread {
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
  worker.on("exit", (code) => failAll(new Error(`the ${what} worker stopped (exit code ${code}) before answering`)));
  let nextId = 0;
  return {
    call<Out>(job: string, input: unknown) {
      if (ended) return Promise.reject(new Error(`the ${what} worker has ended`));
      const id = nextId++;
      const answer = new Promise<Out>((resolve, reject) => pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
      worker.postMessage({ id, job, input });
      return answer;
    },
    end() {
      ended = true;
      void worker.terminate();
    },
  };
}
