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

// setTimeout fires at once for delays above 2^31-1 ms; treat those as "no timeout".
const MAX_TIMER_MS = 2 ** 31 - 1;

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

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
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
