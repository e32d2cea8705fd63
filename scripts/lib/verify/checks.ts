// The checks verify runs, by the names and meanings Schemathesis gives them,
// so a report line reads the same in either tool. Each one is a single
// failure mode; `--checks` picks any subset.

export const CHECKS = {
  not_a_server_error: "no answer has a 5xx status",
  status_code_conformance: "every status is documented for the operation (exact, 4XX-style range or default)",
  content_type_conformance: "every body comes with a content type documented for its status",
  response_headers_conformance: "the headers documented for a status are present (when required) and well-formed",
  response_schema_conformance: "every body is valid for the schema of its status",
  negative_data_rejection: "a body or parameter the contract's own validators reject gets a 4xx, never a 2xx",
  positive_data_acceptance: "a valid request (documented example or generated) is not refused: 2xx, or 404 for a resource that does not exist",
  missing_required_header: "a request without a required header parameter gets a 4xx",
  ignored_auth: "a request without credentials, or with only part of them, gets 401",
  use_after_free: "once a DELETE has succeeded, the resource's link answers 404, never 2xx",
  ensure_resource_availability: "a resource just created is reachable through its links (get, update, delete, upsert by source_id)",
  max_response_time: "every answer arrives within --max-response-time milliseconds (opt-in)",
} as const;

export type CheckName = keyof typeof CHECKS;

export const CHECK_NAMES = Object.keys(CHECKS) as CheckName[];

/** The checks `--checks all` means: every one but the opt-in timing check, which needs a limit. */
export const DEFAULT_CHECKS = CHECK_NAMES.filter((name) => name !== "max_response_time");

export const isCheckName = (name: string): name is CheckName => name in CHECKS;

/** The checks whose failures only the stateful phase (link sequences) can find. */
export const STATEFUL_CHECKS: readonly CheckName[] = ["use_after_free", "ensure_resource_availability"];
