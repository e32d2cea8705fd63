// Keeps a Prism process running behind the mock front: if Prism dies (a
// request it cannot parse once took it down with URIError), the front stays
// up, reports it on /__health, and starts Prism again, on the same port when
// it is still free. After MAX_CRASHES crashes within CRASH_WINDOW_MS it gives
// up: `events` then emits "exit" (code 1), which is what the scripts'
// stopOnSignals listens for, so a Prism that cannot run is still reported.
import { EventEmitter } from "node:events";
import { startPrism, type PrismOptions, type RunningPrism } from "./prism-process.js";

const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * "starting" only before the first start (the mock front starts Prism in the
 * background); "idle" while a front that starts it on demand has not needed it.
 */
export type PrismStatus = "idle" | "starting" | "up" | "restarting" | "down";

export interface PrismHealth {
  status: PrismStatus;
  pid?: number;
  restarts: number;
  lastExit?: string;
}

export interface SupervisedPrism {
  /** Where Prism listens now (it can change if its port was taken while it restarted). */
  readonly url: string;
  /** Emits "exit" (code, signal) once, when the supervisor gives up on Prism. */
  readonly events: EventEmitter;
  health(): PrismHealth;
  /** Resolves when Prism is up again (or at once when it is up); rejects when it is down for good. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function supervisePrism(options: PrismOptions, log: (line: string) => void = (line) => console.error(line)): Promise<SupervisedPrism> {
  const events = new EventEmitter();
  // stop() aborts a restart under way, as the caller's signal aborts the first start.
  const stopping = new AbortController();
  const abort = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  let current: RunningPrism = await startPrism({ ...options, signal: abort });
  let status: PrismStatus = "up";
  let restarts = 0;
  let lastExit: string | undefined;
  let stopped = false;
  const crashes: number[] = [];
  let restarting: Promise<void> = Promise.resolve();

  const watch = (prism: RunningPrism) => {
    prism.process.once("exit", (code, signal) => {
      if (stopped || prism !== current) return;
      lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES) {
        status = "down";
        log(`The Prism mock stopped (${lastExit}) ${crashes.length} times within a minute; giving up.`);
        events.emit("exit", 1, null);
        return;
      }
      status = "restarting";
      log(`The Prism mock stopped unexpectedly (${lastExit}); starting it again.`);
      restarting = (async () => {
        const port = Number(new URL(current.url).port);
        try {
          current = await startPrism({ ...options, signal: abort, port }).catch((error: Error) => {
            if (abort.aborted) throw error;
            return startPrism({ ...options, signal: abort, port: 0 });
          });
        } catch (error) {
          if (stopped || abort.aborted) return;
          status = "down";
          log(`The Prism mock could not be started again: ${(error as Error).message}`);
          events.emit("exit", 1, null);
          throw error;
        }
        if (stopped) return void (await current.stop());
        restarts++;
        status = "up";
        watch(current);
      })();
      restarting.catch(() => {});
    });
  };
  watch(current);

  return {
    get url() {
      return current.url;
    },
    events,
    health: () => ({ status, ...(status === "up" && current.process.pid ? { pid: current.process.pid } : {}), restarts, ...(lastExit ? { lastExit } : {}) }),
    ready: () => (status === "down" ? Promise.reject(new Error(`the Prism mock is down (${lastExit})`)) : restarting),
    async stop() {
      stopped = true;
      stopping.abort();
      await restarting.catch(() => {});
      await current.stop();
    },
  };
}
