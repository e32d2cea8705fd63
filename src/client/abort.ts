// Cancellation for one attempt: the caller's AbortSignal and the timeout feed
// one signal, and the attempt can tell afterwards which of the two fired.
// Hand-written rather than AbortSignal.any/timeout: those cannot say which
// source fired, and AbortSignal.any is missing from older browsers.

export interface AttemptSignal {
  readonly signal: AbortSignal | undefined;
  /** True when the timeout (not the caller) aborted the attempt. */
  timedOut(): boolean;
  /** Clears the timer and the listener; call once the attempt is over. */
  dispose(): void;
}

/** The longest delay setTimeout honours: above 2^31-1 ms it fires at once. A longer timeoutMs means "no timeout". */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const timed = timeoutMs <= MAX_TIMER_MS;
  // Nothing to combine: hand fetch the caller's signal as it is (or none), which keeps the fast path cheap.
  if (!timed) return { signal: caller, timedOut: () => false, dispose: () => {} };
  const controller = new AbortController();
  let timedOut = false;
  const forward = () => controller.abort(caller!.reason);
  if (caller?.aborted) forward();
  else caller?.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    },
  };
}

export interface AbortRace {
  /** Settles like `work`, or rejects with the signal's reason as soon as it aborts. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Removes the listener; call once the attempt is over. */
  dispose(): void;
}

/**
 * For a custom fetch, which may ignore the signal it was handed (never
 * settle, or hand back a body that never ends): the attempt races each step
 * against the signal itself. One listener for the whole attempt, added on the
 * first race. Undefined without a signal: nothing can end the attempt then.
 */
export function abortRace(signal: AbortSignal | undefined): AbortRace | undefined {
  if (!signal) return undefined;
  let aborted: Promise<never> | undefined;
  let fire: (() => void) | undefined;
  return {
    race: (work) =>
      Promise.race([
        work,
        (aborted ??= new Promise<never>((_, reject) => {
          fire = () => reject(signal.reason);
          if (signal.aborted) fire();
          else signal.addEventListener("abort", fire, { once: true });
        })),
      ]),
    dispose: () => fire && signal.removeEventListener("abort", fire),
  };
}

/** Waits `ms` (at most MAX_TIMER_MS), or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
