// What a caller can configure on the client, and how the base URL is chosen.

/** The Voucherify clusters from the spec's `servers` entry. */
export type Cluster = "api" | "us1.api" | "as1.api";

export interface ValidateOptions {
  /** Check request bodies before sending; an invalid body is never sent. */
  request?: boolean;
  /** Check response bodies against the documented schema of their status. */
  response?: boolean;
}

export interface CustomersClientOptions {
  /** Your project's application ID, sent as `X-App-Id`. */
  appId: string;
  /** Your project's secret application token, sent as `X-App-Token`. Never included in errors or logs. */
  appToken: string;
  /** Which Voucherify cluster hosts your project (default `api`). Ignored when `baseUrl` is set. */
  cluster?: Cluster;
  /** Any other server, such as the Prism mock: `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** A fetch implementation to use instead of `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers added to every request. The auth headers cannot be overridden here. */
  headers?: Record<string, string>;
  /** Check bodies against the spec's schemas: `true` for both directions. */
  validate?: boolean | ValidateOptions;
}

/** Per-call options, the last argument of every resource method. */
export interface CallOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Headers for this call only, such as a request or idempotency ID. */
  headers?: Record<string, string>;
}

const CLUSTERS: readonly Cluster[] = ["api", "us1.api", "as1.api"];

export function resolveBaseUrl(options: Pick<CustomersClientOptions, "baseUrl" | "cluster">): string {
  if (options.baseUrl) return options.baseUrl.replace(/\/+$/, "");
  const cluster = options.cluster ?? "api";
  if (!CLUSTERS.includes(cluster)) {
    throw new TypeError(`Unknown cluster "${String(cluster)}"; use one of ${CLUSTERS.join(", ")}, or pass baseUrl.`);
  }
  return `https://${cluster}.voucherify.io`;
}

export function resolveValidation(validate: CustomersClientOptions["validate"]): Required<ValidateOptions> {
  if (validate === true) return { request: true, response: true };
  return { request: validate ? validate.request === true : false, response: validate ? validate.response === true : false };
}
