// The run's shared Prism (started by global-setup.ts without waiting for it):
// `sharedPrism()` resolves with its URL once it answers, and once every read
// operation has been answered once. Prism compiles what it checks an
// operation against on its first answer of it; asked for here, with a
// deadline of its own, that work never races a test's or the client's
// timeout, and the files that use Prism share it (the first one pays, Prism
// keeps it). It is cheap with the spec the shared Prism serves
// (prism-static-spec.ts), but a deadline is kept for a busy machine.
import { readFileSync } from "node:fs";
import { inject, vi } from "vitest";
import { operationTable } from "../../generated/operations.js";
import type { SharedPrismStatus } from "./global-setup.js";
import { TEST_PRISM_START_TIMEOUT_MS } from "./prism-deadlines.js";

/** Longer than the deadline global-setup.ts gives startPrism, so a slow start reports Prism's output rather than this. */
const START_DEADLINE_MS = TEST_PRISM_START_TIMEOUT_MS + 30_000;
/** For all the first answers together (~0.3 s of CPU on an idle machine). */
const WARM_DEADLINE_MS = 120_000;
/** For a beforeAll that awaits `sharedPrism()`. */
export const SHARED_PRISM_TIMEOUT_MS = START_DEADLINE_MS + WARM_DEADLINE_MS + 10_000;

let ready: Promise<string> | undefined;

/** The shared Prism's URL, once it is up and has answered every read operation once. Rejects with Prism's output if it failed to start. */
export function sharedPrism(): Promise<string> {
  return (ready ??= start());
}

async function start(): Promise<string> {
  const url = inject("mockUrl");
  const statusFile = inject("mockStatusFile");
  await vi.waitUntil(
    () => {
      const status = JSON.parse(readFileSync(statusFile, "utf8")) as SharedPrismStatus;
      // Thrown, not returned: waitUntil stops at once.
      if (status.state === "failed") throw new Error(`the shared Prism did not start: ${status.error}`);
      return status.state === "up";
    },
    { timeout: START_DEADLINE_MS, interval: 100 },
  );
  const reads = Object.values(operationTable).filter((facts) => facts.method === "get");
  const signal = AbortSignal.timeout(WARM_DEADLINE_MS);
  await Promise.all(
    reads.map(async (facts) => {
      const path = facts.path.replace(/\{[^}]+\}/g, "warm_up");
      try {
        const response = await fetch(`${url}${path}`, { headers: { "X-App-Id": "warm-up", "X-App-Token": "warm-up" }, signal });
        await response.arrayBuffer();
      } catch (error) {
        throw new Error(`the shared Prism at ${url} did not answer GET ${path} within ${WARM_DEADLINE_MS / 1000} s of its start`, { cause: error });
      }
    }),
  );
  return url;
}
