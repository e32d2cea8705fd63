// The worker side of worker-task.ts. Plain JavaScript, so a worker can start
// without the parent's TypeScript loader (import-typescript.mjs loads its modules).
import { parentPort } from "node:worker_threads";

/** Answers each message, `{ id, job, input }`, with `jobs[job](input)`'s result or with why it failed. */
export function serve(jobs) {
  parentPort.on("message", async ({ id, job, input }) => {
    try {
      if (!Object.hasOwn(jobs, job)) throw new Error(`no job "${job}" in this worker`);
      parentPort.postMessage({ id, ok: true, value: await jobs[job](input) });
    } catch (error) {
      parentPort.postMessage({
        id,
        ok: false,
        message: error?.message ?? String(error),
        stack: error?.stack,
        // A SpecError (scripts/lib/spec/spec-error.ts): the spec's problems, rebuilt as one on the other side.
        ...(error?.name === "SpecError" && Array.isArray(error.problems) ? { problems: error.problems } : {}),
      });
    }
  });
}

