// The checks that depend on what a request meant, not just on the answer: a
// valid request must be taken, an invalid or unauthenticated one refused, a
// resource just created reachable and one just deleted gone. A 5xx or a 429
// says nothing about intent; not_a_server_error and the spec's own 429 cover
// those, so every check here lets them pass and one defect is reported once.
// Such an answer does not count as evidence either (see `decides`): a check
// that only ever got those has proved nothing, and the run says so.
import type { CheckFailure } from "./check-response.js";

export type Intent =
  /** A request the spec allows: a documented example or a generated one. */
  | { kind: "positive" }
  /** A request the contract's own validators reject; `what` says how it was broken. */
  | { kind: "negative"; what: string }
  /** Sent without the credentials a security requirement asks for. */
  | { kind: "unauthorized"; what: string }
  /** Sent without a required header parameter. */
  | { kind: "missing-header"; header: string }
  /** A step of a link sequence on a resource that exists. */
  | { kind: "available"; what: string }
  /** A step of a link sequence on a resource that was just deleted. */
  | { kind: "freed"; what: string }
  /** A request for a resource that never existed (unknown_id_not_found judges it). */
  | { kind: "absent"; what: string }
  /** Nothing to expect beyond the response checks (cleanup, list before a link). */
  | { kind: "any" };

const family = (status: number) => Math.floor(status / 100);

/** Whether an answer can decide a check about what the request meant: not a 5xx, not a 429. */
export const decides = (status: number) => status < 500 && status !== 429;

export interface IntentOptions {
  credentialsGiven: boolean;
  /** The operation addresses one resource by a path parameter: a valid request for one that does not exist gets 404. */
  addressesResource: boolean;
}

export function intentFailures(intent: Intent, status: number, options: IntentOptions): CheckFailure[] {
  if (!decides(status)) return [];
  switch (intent.kind) {
    case "positive":
      // Without keys every answer is a 401; that is ignored_auth's ground, not a refusal of the data.
      // 404 only where the request names a resource (the documented id need not exist); a valid create that gets 404 was refused.
      if (!options.credentialsGiven || family(status) === 2 || (status === 404 && options.addressesResource)) return [];
      return [{ check: "positive_data_acceptance", message: `a valid request was refused with status ${status}` }];
    case "negative":
      if (family(status) === 4) return [];
      return [{ check: "negative_data_rejection", message: `${intent.what}: accepted with status ${status}, expected a 4xx` }];
    case "unauthorized":
      if (status === 401) return [];
      return [{ check: "ignored_auth", message: `${intent.what}: status ${status}, expected 401` }];
    case "missing-header":
      if (family(status) === 4) return [];
      return [{ check: "missing_required_header", message: `without header ${intent.header}: status ${status}, expected a 4xx` }];
    case "available":
      if (family(status) === 2) return [];
      return [{ check: "ensure_resource_availability", message: `${intent.what}: status ${status}, expected 2xx` }];
    case "freed":
      // The spec's 404 says "or it was deleted", and the GetDeletedCustomer link "the answer is 404 from now on": no other status.
      if (status === 404) return [];
      return [{ check: "use_after_free", message: `${intent.what}: status ${status} after a successful delete, expected 404` }];
    case "absent":
    case "any":
      return [];
  }
}
