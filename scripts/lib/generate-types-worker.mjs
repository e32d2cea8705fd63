// Worker thread for generate-types.ts: loads openapi-typescript (and with it
// the TypeScript compiler, about a second) as soon as it starts, so that cost
// overlaps with linting and bundling on the main thread. Plain JavaScript so
// it runs under any loader (tsx, vitest) without one of its own.
import { parentPort } from "node:worker_threads";
import openapiTS, { astToString } from "openapi-typescript";

parentPort.once("message", async (document) => {
  try {
    const ast = await openapiTS(document, {
      rootTypes: true,
      rootTypesNoSchemaPrefix: true,
      rootTypesKeepCasing: true,
      alphabetize: false,
      silent: true,
    });
    parentPort.postMessage({ ok: true, text: astToString(ast) });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error?.message ?? String(error) });
  }
});
