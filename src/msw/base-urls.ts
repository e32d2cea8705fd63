// Which URLs the MSW handlers answer: the production clusters by default
// (the same hosts the client picks from its `cluster` option), or the
// caller's `baseUrl`s. Each becomes an anchored pattern, so a request to
// any other host is never touched.
import type { Cluster } from "../client/options.js";

/** The Voucherify clusters of the spec's `servers` entry, as the client resolves them. */
export const CLUSTER_BASE_URLS = {
  api: "https://api.voucherify.io",
  "us1.api": "https://us1.api.voucherify.io",
  "as1.api": "https://as1.api.voucherify.io",
} as const satisfies Record<Cluster, string>;

export type BaseUrlOption = string | readonly string[];

/**
 * Absolute, normalized base URLs (origin plus path prefix, no trailing slash).
 * A path such as "/api" is resolved against the page's location, so it only
 * works in a browser.
 */
export function resolveBaseUrls(baseUrl: BaseUrlOption | undefined): string[] {
  if (baseUrl === undefined) return Object.values(CLUSTER_BASE_URLS);
  const list: readonly unknown[] = typeof baseUrl === "string" ? [baseUrl] : Array.isArray(baseUrl) ? baseUrl : [baseUrl];
  if (list.length === 0) throw new TypeError("baseUrl must name at least one URL; leave it out for the Voucherify clusters.");
  return list.map((entry) => {
    if (typeof entry !== "string" || !/^(https?:\/\/[^/]|\/)/i.test(entry)) {
      throw new TypeError(`baseUrl must be an http(s) URL such as "http://127.0.0.1:4010" or a path such as "/api", got ${JSON.stringify(entry)}.`);
    }
    let url: URL;
    try {
      const page = (globalThis as { location?: { href?: string } }).location?.href;
      if (entry.startsWith("/") && !page) throw new TypeError("no page");
      url = new URL(entry, page);
    } catch {
      throw new TypeError(
        entry.startsWith("/")
          ? `baseUrl ${JSON.stringify(entry)} is a path, which needs a page to resolve against; outside a browser give a full URL.`
          : `baseUrl ${JSON.stringify(entry)} is not a valid URL.`,
      );
    }
    if (url.search || url.hash) throw new TypeError(`baseUrl ${JSON.stringify(entry)} must not have a query or a fragment.`);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A pattern source matching any of the base URLs (as a prefix group). */
export function basePattern(baseUrls: readonly string[]): string {
  return `^(${baseUrls.map(escape).join("|")})`;
}

/** A spec path template (`/v1/customers/{customerId}`) as a pattern source with one group per parameter, and the parameter names. */
export function pathPattern(template: string): { source: string; names: string[] } {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  return { source: template.split(/\{[^}]+\}/).map(escape).join("([^/]+)"), names };
}
