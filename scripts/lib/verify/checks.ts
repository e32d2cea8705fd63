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
  ignored_auth: "a request without credentials, with only part of them, or with a wrong app id or token, gets 401",
  use_after_free: "once a delete has succeeded, the customer answers 404 by its id and by its source_id and a list by its email no longer has it; once a permanent deletion has, the customer, its activity and its redeemables answer 404",
  ensure_resource_availability: "a resource just created (or listed) is reachable through its links and its sub-resources (get, update, delete, upsert by source_id, activity, activities, segments, redeemables)",
  stored_data_returned: "a customer just created is answered, and read back, with the source_id, name and email it was sent",
  update_applied: "an update's answer, and the read after it, show the name it sent",
  unsent_fields_kept: "an update's answer, and the read after it, keep the values of the fields the update did not send",
  upsert_applied: "a create with an existing source_id answers with the name it sent, and the read after it shows it",
  distinct_ids: "customers created with different source_ids get different ids",
  unknown_id_not_found: "a customer id that was never created answers 404",
  list_limit_respected: "a list asked for limit=1 has at most one customer",
  list_filter_respected: "a list filtered by email has only customers with that email",
  list_order_respected: "a list is sorted newest first without `order`, and by created_at ascending with order=created_at",
  list_pagination_respected: "page 2 has none of page 1's customers, and a list with starting_after has only customers created after it (order=created_at)",
  list_total_consistent: "total is at least the customers on the pages up to this one, and has_more is not false when a further page has customers",
  deletion_record_matches: "a permanent deletion's record names the deleted customer in related_object_id",
  timestamps_consistent: "created_at stays what the create answered across reads, and updated_at is never before it",
  max_response_time: "every answer arrives within --max-response-time milliseconds (opt-in)",
} as const;

export type CheckName = keyof typeof CHECKS;

export const CHECK_NAMES = Object.keys(CHECKS) as CheckName[];

/** The checks `--checks all` means: every one but the opt-in timing check, which needs a limit. */
export const DEFAULT_CHECKS = CHECK_NAMES.filter((name) => name !== "max_response_time");

export const isCheckName = (name: string): name is CheckName => name in CHECKS;

/** The checks whose failures only the stateful phase (link sequences) can find. */
export const STATEFUL_CHECKS: readonly CheckName[] = [
  "use_after_free", "ensure_resource_availability", "stored_data_returned", "update_applied", "unsent_fields_kept", "upsert_applied",
  "distinct_ids", "unknown_id_not_found", "list_limit_respected", "list_filter_respected", "list_order_respected", "list_pagination_respected",
  "list_total_consistent", "deletion_record_matches", "timestamps_consistent",
];
