// Which requests carry credentials the mock accepts. By default any
// non-empty value of each header of one security requirement (both app keys,
// or the OAuth `Authorization` header), as Prism does. With `credentials`,
// only those app keys: a wrong X-App-Id or X-App-Token is a 401, as the API
// answers it, and the OAuth alternative is refused (the mock cannot tell a
// real access token from a made-up one). Neither token is ever put in a
// message: the option's problems name the field, not its value.
import { securityHeaders } from "../../generated/mock-data.js";
import { isHeaderValue, trimHeaderValue } from "../client/header-values.js";

/** The app keys a mock insists on (the names of the client's own options). */
export interface CustomersMockCredentials {
  appId: string;
  appToken: string;
}

/** Checks the `credentials` option; throws a TypeError naming the field at fault, never its value. */
export function checkCredentialsOption(value: unknown, owner = "createCustomersMock"): CustomersMockCredentials | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${owner}: credentials must be an object { appId, appToken }`);
  }
  const given = value as Partial<Record<keyof CustomersMockCredentials, unknown>>;
  const keys: Record<string, string> = {};
  for (const name of ["appId", "appToken"] as const) {
    const field = given[name];
    // Trimmed as the client trims its keys and as a header value arrives (a key read from a file ends with a
    // newline): otherwise no request could ever match it.
    const trimmed = typeof field === "string" ? trimHeaderValue(field) : "";
    if (trimmed === "") throw new TypeError(`${owner}: credentials.${name} must be a non-empty string`);
    if (!isHeaderValue("x-key", trimmed)) throw new TypeError(`${owner}: credentials.${name} holds characters an HTTP header cannot carry (a newline?), so no request could send it`);
    keys[name] = trimmed;
  }
  return keys as unknown as CustomersMockCredentials;
}


/** Compares every character whatever the first difference, so the time taken does not tell how much of a key was right. */
function sameText(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= (given.charCodeAt(i) || 0) ^ expected.charCodeAt(i);
  return difference === 0;
}

/** True when the headers satisfy one security requirement (or, with `credentials`, carry exactly those app keys). */
export function authorized(headers: Headers, credentials?: CustomersMockCredentials): boolean {
  if (credentials) {
    // Both compared, whichever is wrong: one answer, one cost.
    const idMatches = sameText(headers.get("x-app-id") ?? "", credentials.appId);
    const tokenMatches = sameText(headers.get("x-app-token") ?? "", credentials.appToken);
    return idMatches && tokenMatches;
  }
  if (securityHeaders.length === 0) return true;
  return securityHeaders.some((names) => names.every((name) => (headers.get(name) ?? "") !== ""));
}
