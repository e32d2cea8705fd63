// generated/schema.d.ts: the spec's TypeScript types, through openapi-typescript's
// Node API. `rootTypes` adds a named alias per component schema (Customer,
// ApiError, …), so the package never retypes a name by hand.
import { Worker } from "node:worker_threads";
import { GENERATED_HEADER } from "./generated-header.js";

export interface TypesGenerator {
  generate(document: Record<string, any>): Promise<string>;
  /** Stops the worker when the types are not needed after all (the spec failed to lint). */
  dispose(): void;
}

/**
 * Starts the worker that will write the types. Start it before linting: it
 * spends its first second loading the TypeScript compiler on the other core.
 */
export function startTypesGenerator(): TypesGenerator {
  const worker = new Worker(new URL("./generate-types-worker.mjs", import.meta.url));
  const answer = new Promise<string>((resolve, reject) => {
    worker.once("message", (reply: { ok: boolean; text?: string; message?: string }) =>
      reply.ok ? resolve(GENERATED_HEADER + reply.text) : reject(new Error(`openapi-typescript failed: ${reply.message}`)),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the types worker stopped (exit code ${code}) before answering`)));
  });
  answer.catch(() => {}); // awaited by generate(); an unused generator must not leave an unhandled rejection
  return {
    async generate(document) {
      worker.postMessage(document);
      try {
        return await answer;
      } finally {
        void worker.terminate();
      }
    },
    dispose: () => void worker.terminate(),
  };
}
