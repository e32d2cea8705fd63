// When a failed call may be tried again, and how long to wait first.
// Hand-written rather than a retry library: it is twenty lines, and the client
// entry must stay dependency-free apart from openapi-fetch.

export interface RetryPolicy {
  readonly max: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxElapsedMs: number;
}

/** Statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Methods whose repetition has the same effect as one call; POST is never retried. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["get", "put", "delete", "head", "options"]);

export const isRetryableStatus = (status: number): boolean => RETRYABLE_STATUSES.has(status);

export const isIdempotent = (method: string): boolean => IDEMPOTENT_METHODS.has(method.toLowerCase());

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * A date in the past means "now"; anything unreadable is undefined, so the caller backs off instead.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only dates with letters in them: Date.parse also reads bare numbers like "-5" or "1.5" as years.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a uniform wait in [0, min(maxDelayMs, baseDelayMs · 2^(retry-1))). */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}
