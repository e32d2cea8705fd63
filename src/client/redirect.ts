// The client never follows a redirect: fetch would send the custom X-App-Id /
// X-App-Token headers to wherever the Location points (it strips only
// Authorization and Cookie), and Voucherify's API does not redirect. Requests
// go out with `redirect: "manual"`, and a redirect comes back as an error.

export const REDIRECT = "manual" as const satisfies RequestRedirect;

/** A redirect fetch handed back unfollowed: a 3xx in Node, an `opaqueredirect` (status 0) in browsers. */
export const isRedirect = (response: Response): boolean => [301, 302, 303, 307, 308].includes(response.status) || response.type === "opaqueredirect";

/**
 * Where the redirect pointed, as much as is safe to show: the origin of its
 * Location (never its path or query, which could carry anything), the scheme
 * of a URL without one (`javascript:`), or "" when unknown (no Location, one
 * that is not a URL, or a browser's opaque redirect).
 */
export function redirectTarget(response: Response, requestUrl: string): string {
  const location = response.headers.get("location");
  try {
    const url = new URL(location!, requestUrl);
    return location ? (url.origin === "null" ? url.protocol : url.origin) : "";
  } catch {
    return "";
  }
}
