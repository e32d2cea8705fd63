// Turns an operation and its arguments into the URL and RequestInit to send:
// openapi-fetch's body serializer, so the resource methods and the raw
// `client.http` encode bodies identically, and our own query encoder
// (encode-query.ts), which also encodes names and nested filters.
//
// Why not `http.request()` itself: openapi-fetch builds a Request and hands it
// to fetch, and Node's fetch (undici) copies a Request it is handed and makes
// the copy follow the original's signal (listeners and a FinalizationRegistry
// entry per call, nodejs/undici#1203). That made a loopback `get` 10-25% more
// expensive than a bare fetch (bench/client.bench.ts); `fetch(url, init)`
// does not pay it.
import { defaultBodySerializer, defaultPathSerializer, type Middleware, type PathSerializer } from "openapi-fetch";
import type { OperationFacts } from "../../generated/operations.js";
import { contractVersion } from "../../generated/operations.js";
import { encodeQuery } from "./encode-query.js";
import { isHeaderValue } from "./header-values.js";
import { REDIRECT } from "./redirect.js";

export const CHANNEL = `voucherify-customers-contract/${contractVersion}`;

/** What a resource method hands the transport. */
export interface CallInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** One of the API's two security schemes: the app keys, or an OAuth token. */
export type Credentials = { appId: string; appToken: string } | { oauthToken: string };

/** Every header that carries credentials, in lower case. */
export const AUTH_HEADERS = ["x-app-id", "x-app-token", "authorization"] as const;
const AUTH_HEADER_SET: ReadonlySet<string> = new Set(AUTH_HEADERS);

/**
 * The auth headers of one scheme, lower-case names. The OAuth scheme (the
 * spec's `X-Voucherify-OAuth`, an oauth2 scheme: that is its name, not a
 * header) carries its access token as a bearer token, as OAuth 2.0 does.
 */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return "oauthToken" in credentials ? { authorization: `Bearer ${credentials.oauthToken}` } : { "x-app-id": credentials.appId, "x-app-token": credentials.appToken };
}

/**
 * Sets the auth headers last, so no caller header can replace them (a caller's
 * header of the other scheme is dropped too: a request carries exactly one),
 * and the channel unless the caller named one.
 */
export function authenticate(headers: Headers, credentials: Credentials): void {
  for (const name of AUTH_HEADERS) headers.delete(name);
  for (const [name, value] of Object.entries(authHeaders(credentials))) headers.set(name, value);
  if (!headers.has("X-Voucherify-Channel")) headers.set("X-Voucherify-Channel", CHANNEL);
}

/** The same headers for the raw openapi-fetch client. */
export const authMiddleware = (credentials: Credentials): Middleware => ({
  onRequest({ request }) {
    authenticate(request.headers, credentials);
  },
});

/**
 * Refuses a header that fetch would refuse, naming it without quoting its
 * value: fetch's own complaint quotes the value, which may be a credential.
 */
export function checkHeaders(headers: unknown, prefix = ""): void {
  if (typeof headers !== "object" || headers === null) throw new TypeError(`${prefix}must be an object of header names and values.`);
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !isHeaderValue(name, value)) throw new TypeError(`${prefix}${name} contains characters an HTTP header cannot carry (a newline?).`);
  }
}

/**
 * Refuses "." and "..": percent-encoding leaves them as they are, and URL
 * parsing resolves them as path steps, sending the call to another resource
 * (`customerId: ".."` on /v1/customers/{customerId}/segments is /v1/segments).
 */
export function refuseDotSegment(name: string, value: unknown): void {
  if (value === "." || value === "..") throw new TypeError(`${name} cannot be "${value}".`);
}

/** openapi-fetch's own path serializer for `client.http`, behind the same refusal as the resource methods. */
export const pathSerializer: PathSerializer = (pathname, params) => {
  for (const [name, value] of Object.entries(params)) refuseDotSegment(name, value);
  return defaultPathSerializer(pathname, params);
};

/** A path template split once: even entries are literal text, odd ones parameter names. */
const templates = new Map<string, string[]>();
const templateOf = (path: string) => {
  let parts = templates.get(path);
  if (!parts) templates.set(path, (parts = path.split(/\{([^}]+)\}/)));
  return parts;
};

/**
 * Path parameters here are strings (simple style), for which openapi-fetch's
 * defaultPathSerializer also just percent-encodes; filling a pre-split
 * template costs a fraction of its per-call regex scan over the whole URL.
 * A missing parameter would stay a literal "{customerId}" there, and an empty
 * one would address another resource, so both are refused.
 */
function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  const parts = templateOf(path);
  let filled = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = params?.[name];
    if (typeof value !== "string" || value === "") {
      throw new TypeError(`path parameter ${name} must be a non-empty string, got ${JSON.stringify(value)}.`);
    }
    filled += encodeURIComponent(value) + parts[i + 1]!;
  }
  return filled;
}

/**
 * Headers as a plain object with lower-case names (so a caller's "x-app-token"
 * cannot sit beside ours), which fetch takes faster than a Headers instance.
 * Values were checked when the client was built, or are checked here.
 */
function mergeHeaders(credentials: Credentials, clientHeaders: Record<string, string> | undefined, callHeaders: Record<string, string> | undefined): Record<string, string> {
  const merged: Record<string, string> = { "x-voucherify-channel": CHANNEL };
  for (const source of [clientHeaders, callHeaders]) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      const lower = name.toLowerCase();
      // Skipped rather than deleted afterwards: `delete` turns the object into a slow dictionary.
      if (value !== undefined && !AUTH_HEADER_SET.has(lower)) merged[lower] = value;
    }
  }
  return Object.assign(merged, authHeaders(credentials));
}

export function buildRequest(
  baseUrl: string,
  credentials: Credentials,
  facts: OperationFacts,
  input: CallInput,
  clientHeaders: Record<string, string> | undefined,
  callHeaders: Record<string, string> | undefined,
): { url: string; init: RequestInit & { headers: Record<string, string> } } {
  const search = input.query ? encodeQuery(input.query) : "";
  const url = `${baseUrl}${fillPath(facts.path, input.path)}${search ? `?${search}` : ""}`;
  // Fails here, before anything is sent, on a value no header can carry.
  if (callHeaders) checkHeaders(callHeaders, "headers: ");
  const headers = mergeHeaders(credentials, clientHeaders, callHeaders);
  const init: RequestInit & { headers: Record<string, string> } = { method: facts.method.toUpperCase(), headers, redirect: REDIRECT };
  if (input.body !== undefined) {
    // FormData goes as it is: fetch writes the multipart boundary into Content-Type itself.
    init.body = input.body instanceof FormData ? input.body : defaultBodySerializer(input.body);
    if (!(init.body instanceof FormData)) headers["content-type"] ??= "application/json";
  }
  return { url, init };
}
