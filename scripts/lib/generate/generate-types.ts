// generated/schema.d.ts: the spec's TypeScript types, through openapi-typescript's
// Node API. `rootTypes` adds a named alias per component schema (Customer,
// ApiError, …), so the package never retypes a name by hand.
import { GENERATED_HEADER } from "./generated-header.js";
import { startWorker } from "./worker-task.js";

export interface TypesGenerator {
  generate(document: Record<string, any>): Promise<string>;
  /** Stops the worker when the types are not needed after all (the spec failed to lint), or keeps it for the next run if they are written. */
  dispose(): void;
}

/**
 * Starts the worker that will write the types. Start it before linting: it
 * spends its first half second loading the TypeScript compiler on the other core.
 */
export function startTypesGenerator(): TypesGenerator {
  const worker = startWorker(new URL("./generate-types-worker.mjs", import.meta.url), "openapi-typescript");
  return {
    async generate(document) {
      try {
        return GENERATED_HEADER + (await worker.call<string>("types", document));
      } finally {
        worker.keep();
      }
    },
    dispose: () => worker.keep(), // ends it if it is still writing the types
  };
}
