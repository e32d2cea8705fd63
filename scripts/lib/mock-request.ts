// What the mock's in-process responders (stateful-mock/, example-responder.ts)
// take and give: a fully read request, and either an answer or "ask Prism".
import type { IncomingHttpHeaders } from "node:http";
import type { MockReply } from "./stateful-mock/response-check.js";

export type { MockReply };

export interface MockRequest {
  method: string;
  /** Path and query, as in the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Outcome = { reply: MockReply } | { forward: true };

export interface Responder {
  handle(request: MockRequest): Outcome;
}

/** Query parameters with which a caller picks a response from Prism (as the `Prefer` header does). */
const PRISM_SELECTORS = ["__code", "__example", "__dynamic", "__seed"];

/** True when the caller picks an example, a status or generated data: only Prism does that. */
export function picksPrismResponse(request: MockRequest, url: URL): boolean {
  return request.headers.prefer !== undefined || PRISM_SELECTORS.some((name) => url.searchParams.has(name));
}
