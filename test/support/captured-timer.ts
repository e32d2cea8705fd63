// Takes over the setTimeout calls made with one exact delay (a client's
// per-attempt timeout) so a test fires them when it chooses: after the request
// reached the server, or after the headers came back. Every other timer runs
// for real, so sockets and the fetch implementation under them keep working;
// faking all timers while real sockets are open can stall them.
// Undo with vi.restoreAllMocks().
import { vi } from "vitest";

export interface CapturedTimer {
  /** Timers asked for with the delay and neither fired nor cleared yet. */
  readonly pending: number;
  /** Runs the oldest pending timer now, as if its delay had passed. */
  fire(): void;
}

export function captureTimer(delayMs: number): CapturedTimer {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const pending = new Set<{ run: () => void }>();
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (ms !== delayMs) return realSetTimeout(callback, ms, ...args);
    const timer = { run: () => callback(...args) };
    pending.add(timer);
    return timer;
  }) as unknown as typeof setTimeout);
  vi.spyOn(globalThis, "clearTimeout").mockImplementation(((handle?: unknown) => {
    if (!pending.delete(handle as { run: () => void })) realClearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout);
  return {
    get pending() {
      return pending.size;
    },
    fire() {
      const [timer] = pending;
      if (!timer) throw new Error(`no pending ${delayMs} ms timer to fire`);
      pending.delete(timer);
      timer.run();
    },
  };
}
