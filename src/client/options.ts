// What a caller can configure on the client and per call, and how those
// options are checked and resolved (bad values fail at once, with a message
// naming the option, instead of misbehaving on the first request).
import type { CustomersErrorKind } from "./customers-api-error.js";
import type { RetryPolicy } from "./retry.js";

/** The Voucherify clusters from the spec's `servers` entry. */
export type Cluster = "api" | "us1.api" | "as1.api";

export interface ValidateOptions {
  /** Check request bodies before sending; an invalid body is never sent. */
  request?: boolean;
  /** Check response bodies against the documented schema of their status. */
  response?: boolean;
}

/**
 * Retries of idempotent operations (GET, PUT, DELETE; never POST) after a 429,
 * 502, 503 or 504, a network failure or a timed-out attempt.
 */
export interface RetryOptions {
  /** Retries after the first attempt, at most. */
  max: number;
  /** Upper bound of the first backoff, doubled on each retry; the wait is uniform in [0, bound). Default 500. */
  baseDelayMs?: number;
  /** Largest bound a backoff can reach. Default 10 000. */
  maxDelayMs?: number;
  /**
   * No retry is started (and no `Retry-After` is waited for) that would end
   * more than this long after the call began. Default 30 000.
   */
  maxElapsedMs?: number;
}

/** One attempt, as the `log` option sees it. The app and OAuth tokens are replaced by `[REDACTED]`. */
export interface CustomersLogEvent {
  operationId: string;
  method: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Request headers, with the app and OAuth tokens redacted. */
  headers: Record<string, string>;
  /** "ok", or the kind of error the attempt ended with. */
  outcome: "ok" | CustomersErrorKind;
  status?: number;
  durationMs: number;
  /** Set when the client will try again after this many milliseconds. */
  retryInMs?: number;
}

/** Authentication with the project's application keys, sent as `X-App-Id` and `X-App-Token`. */
export interface AppKeyAuth {
  /** Your project's application ID, sent as `X-App-Id`. */
  appId: string;
  /** Your project's secret application token, sent as `X-App-Token`. Never included in errors or logs. */
  appToken: string;
  oauthToken?: never;
}

/** Authentication with an OAuth access token, sent as `Authorization: Bearer <token>` instead of the app keys. */
export interface OAuthAuth {
  /** An OAuth access token, sent as `Authorization: Bearer <token>`. Never included in errors or logs. */
  oauthToken: string;
  appId?: never;
  appToken?: never;
}

/** Either both app keys or an OAuth token: exactly one of the API's two security schemes. */
export type CustomersClientAuth = AppKeyAuth | OAuthAuth;

export type CustomersClientOptions = CustomersClientAuth & CustomersClientSettings;

/** Everything but the credentials. */
export interface CustomersClientSettings {
  /** Which Voucherify cluster hosts your project (default `api`). Ignored when `baseUrl` is set. */
  cluster?: Cluster;
  /** Any other server, such as the Prism mock: `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** A fetch implementation to use instead of `globalThis.fetch`. It sees the real headers, tokens included. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers added to every request. The auth headers cannot be overridden here. */
  headers?: Record<string, string>;
  /** Check bodies against the spec's schemas: `true` for both directions. */
  validate?: boolean | ValidateOptions;
  /** Per-attempt limit, from sending the request to reading the whole body. Default 30 000; `Infinity` for none. */
  timeoutMs?: number;
  /** Opt-in retries of idempotent operations. Off by default. */
  retries?: RetryOptions | false;
  /** Called once per attempt, after it ends; for request logging. */
  log?: (event: CustomersLogEvent) => void;
}

/** Per-call options, the last argument of every resource method. */
export interface CallOptions {
  /** Cancels the call, including a retry's wait. */
  signal?: AbortSignal;
  /** Headers for this call only, such as an idempotency or request ID. The auth headers cannot be overridden. */
  headers?: Record<string, string>;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retries` for this call; `false` turns them off. */
  retries?: RetryOptions | false;
}

const CLUSTERS: readonly Cluster[] = ["api", "us1.api", "as1.api"];

export const DEFAULT_TIMEOUT_MS = 30_000;
const RETRY_DEFAULTS = { baseDelayMs: 500, maxDelayMs: 10_000, maxElapsedMs: 30_000 } as const;

/** A stand-in page, to tell a path from a URL that names another host. */
const PAGE = "http://page.invalid";

/** A URL as it may be quoted in an error: everything up to its last "@" (a user:password, however mistyped) hidden. */
const withoutUserinfo = (url: string) => url.replace(/^([^:/?#]*:\/\/)?.*@/s, "$1…@");

/** The origin of the page or worker a path baseUrl is relative to, when it is an http(s) one. */
function pageOrigin(path: string): string {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  if (typeof origin !== "string" || !/^https?:\/\/[^/]+$/i.test(origin)) {
    throw new TypeError(
      `baseUrl ${JSON.stringify(withoutUserinfo(path))} is a path, which needs a page's http(s) origin to resolve against; with none (Node, Deno without --location, a file: page) pass a full URL such as "http://localhost:5173/api".`,
    );
  }
  return origin;
}

export function resolveBaseUrl(options: Pick<CustomersClientOptions, "baseUrl" | "cluster">): string {
  if (options.baseUrl !== undefined) {
    const baseUrl = options.baseUrl;
    let url: URL | undefined;
    try {
      url = new URL(baseUrl, PAGE);
    } catch {}
    // A path ("/api") is allowed: in a browser it is relative to the page, e.g. a same-origin proxy.
    // One the URL parser reads as another host ("//host", "/\host", a tab between the slashes) is not: the keys would go there.
    const isPath = typeof baseUrl === "string" && baseUrl.startsWith("/");
    if (typeof baseUrl !== "string" || !/^(https?:\/\/[^/]|\/)/i.test(baseUrl) || (isPath && url?.origin !== PAGE)) {
      throw new TypeError(`baseUrl must be an http(s) URL such as "http://127.0.0.1:4010" or a path, got ${JSON.stringify(typeof baseUrl === "string" ? withoutUserinfo(baseUrl) : baseUrl)}.`);
    }
    // Checked now: fetch would refuse every call, as a retried network error quoting the URL (password and all).
    // A query or fragment would sit before every path the client appends.
    if (!url || url.username || url.password || /[?#]/.test(baseUrl)) {
      throw new TypeError(`baseUrl must be a valid URL (host, port) with no user:password@, ? or #, got ${JSON.stringify(withoutUserinfo(baseUrl))}.`);
    }
    // Resolved now against the page's origin (as the MSW handlers resolve it): where there is none, fetch would refuse
    // every call; and under jsdom the page has a location that Node's fetch does not read.
    return (isPath ? pageOrigin(baseUrl) + baseUrl : baseUrl).replace(/\/+$/, "");
  }
  const cluster = options.cluster ?? "api";
  if (!CLUSTERS.includes(cluster)) {
    throw new TypeError(`Unknown cluster "${String(cluster)}"; use one of ${CLUSTERS.join(", ")}, or pass baseUrl.`);
  }
  return `https://${cluster}.voucherify.io`;
}

export function resolveValidation(validate: CustomersClientOptions["validate"]): Required<ValidateOptions> {
  const all = validate === true;
  return { request: all || (validate && validate.request) === true, response: all || (validate && validate.response) === true };
}

const isDuration = (value: unknown, allowZero: boolean): value is number =>
  typeof value === "number" && !Number.isNaN(value) && (allowZero ? value >= 0 : value > 0);

export function resolveTimeout(timeoutMs: unknown, where: string): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!isDuration(timeoutMs, false)) {
    throw new TypeError(`${where}timeoutMs must be a positive number of milliseconds (Infinity for none), got ${String(timeoutMs)}.`);
  }
  return timeoutMs;
}

export function resolveRetries(retries: unknown, where: string): RetryPolicy | undefined {
  if (retries === undefined || retries === false) return undefined;
  const invalid = (what: string) => new TypeError(`${where}retries${what}`);
  if (typeof retries !== "object" || retries === null) throw invalid(` must be an object like { max: 2 } or false, got ${String(retries)}.`);
  const given = retries as Partial<RetryOptions>;
  if (!Number.isInteger(given.max) || given.max! < 0) throw invalid(`.max must be a whole number >= 0, got ${String(given.max)}.`);
  const policy: { -readonly [K in keyof RetryPolicy]: number } = { ...RETRY_DEFAULTS, max: given.max! };
  for (const key of ["baseDelayMs", "maxDelayMs", "maxElapsedMs"] as const) {
    const value = given[key];
    if (value === undefined) continue;
    if (!isDuration(value, true) || !Number.isFinite(value)) throw invalid(`.${key} must be a finite number of milliseconds >= 0, got ${String(value)}.`);
    policy[key] = value;
  }
  return policy;
}
