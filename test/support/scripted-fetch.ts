// An in-process fetch for the client's `fetch` option, for tests that run on
// vitest's fake clock: no sockets, so faking setTimeout cannot stall a real
// connection, and every wait the client makes is one the test steps through.
// Each call takes the next scripted answer (the last one repeats) and is
// recorded with the time on the (fake) clock when it was made.

export interface ScriptedCall {
  request: Request;
  /** Date.now() when the client sent the request: on a fake clock, exact. */
  at: number;
}

export type Answer = (request: Request) => Response | Promise<Response>;

export interface ScriptedFetch {
  fetch(request: Request): Promise<Response>;
  readonly calls: ScriptedCall[];
}

export function scriptedFetch(...answers: Answer[]): ScriptedFetch {
  if (answers.length === 0) throw new Error("scriptedFetch() needs at least one answer");
  const queue = [...answers];
  const calls: ScriptedCall[] = [];
  return {
    calls,
    async fetch(request) {
      calls.push({ request, at: Date.now() });
      const next = queue.length > 1 ? queue.shift()! : queue[0]!;
      return next(request);
    },
  };
}

/** Rejects with the signal's reason once it aborts, as fetch does. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

export const answer = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
    return () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
  },
  /** Never answers; settles only when the request's signal aborts. */
  hang(): Answer {
    return (request) => aborted(request.signal);
  },
  /** Answers after `ms` on the (fake) clock, unless the request is aborted first. */
  after(ms: number, then: Answer): Answer {
    return (request) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<Response>((resolve) => (timer = setTimeout(() => resolve(then(request)), ms)));
      return Promise.race([late, aborted(request.signal)]).finally(() => clearTimeout(timer));
    };
  },
};
