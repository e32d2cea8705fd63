// Comparisons of an answer with what the sequence sent or read before: the
// checks that catch a server which answers well-formed data that ignores the
// request (a canned customer, an update that changes nothing, a list that
// ignores its limit). Each returns the failures of one named check, and only
// for a 2xx answer with a JSON object body: any other answer is another
// check's business (ensure_resource_availability, not_a_server_error, …).
import type { CheckFailure } from "./check-response.js";
import type { CheckName } from "./checks.js";
import { clip } from "./reproduce.js";
import type { Exchange } from "./send-request.js";

type Json = Record<string, unknown>;

/** The answer's body as an object, when it is a 2xx with one. */
export function objectBody(exchange: Exchange | undefined): Json | undefined {
  if (!exchange || exchange.status < 200 || exchange.status > 299) return undefined;
  try {
    const body: unknown = JSON.parse(exchange.bodyText);
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Json) : undefined;
  } catch {
    return undefined;
  }
}

const shown = (value: unknown) => clip(JSON.stringify(value) ?? "undefined", 120);
/** Emails are compared without case: a server may store them lower-cased. */
const same = (field: string, got: unknown, sent: unknown) =>
  field === "email" && typeof got === "string" && typeof sent === "string" ? got.toLowerCase() === sent.toLowerCase() : got === sent;

/** The fields `sent` names have the values sent, in the answer's customer. */
export const sentFieldsKept = (check: CheckName, what: string, sent: Json) => (exchange: Exchange): CheckFailure[] => {
  const body = objectBody(exchange);
  if (!body) return [];
  return Object.entries(sent)
    .filter(([field, value]) => !same(field, body[field], value))
    .map(([field, value]) => ({ check, message: `${what}: ${field} is ${shown(body[field])}, but ${shown(value)} was sent` }));
};

/** A create's id is not one an earlier create of another customer got; remembers it for the next. */
export const distinctId = (seen: Map<string, string>, sourceId: string, what: string) => (exchange: Exchange): CheckFailure[] => {
  const id = objectBody(exchange)?.id;
  if (typeof id !== "string") return [];
  const earlier = seen.get(id);
  if (earlier === undefined || earlier === sourceId) {
    seen.set(id, sourceId);
    return [];
  }
  return [{ check: "distinct_ids", message: `${what}: answered id ${shown(id)}, already given to the customer created with source_id ${shown(earlier)}` }];
};

const time = (value: unknown) => (typeof value === "string" ? Date.parse(value) : NaN);

/**
 * created_at is the one first answered (`first`, when known) and updated_at,
 * when set, is not before it. Returns the created_at read, for the next read.
 */
export const timestampsConsistent = (what: string, first: () => unknown) => (exchange: Exchange): CheckFailure[] => {
  const body = objectBody(exchange);
  if (!body) return [];
  const failures: CheckFailure[] = [];
  const created = body.created_at;
  const before = first();
  if (before !== undefined && created !== undefined && time(created) !== time(before) && created !== before) {
    failures.push({ check: "timestamps_consistent", message: `${what}: created_at is ${shown(created)}, but ${shown(before)} was answered before` });
  }
  const updated = body.updated_at;
  if (updated !== undefined && updated !== null && time(updated) < time(created)) {
    failures.push({ check: "timestamps_consistent", message: `${what}: updated_at ${shown(updated)} is before created_at ${shown(created)}` });
  }
  return failures;
};

/** The status a request for a resource that was never created must get. */
export const notFound = (check: CheckName, what: string) => (exchange: Exchange): CheckFailure[] =>
  exchange.status === 404 || exchange.status === 429 || exchange.status >= 500 ? [] : [{ check, message: `${what}: status ${exchange.status}, expected 404` }];

/** A page of a list has at most `limit` items. */
export const atMost = (items: string, limit: number, what: string) => (exchange: Exchange): CheckFailure[] => {
  const page = objectBody(exchange)?.[items];
  if (!Array.isArray(page) || page.length <= limit) return [];
  return [{ check: "list_limit_respected", message: `${what}: ${page.length} ${items} on the page, expected at most ${limit}` }];
};

/** Every item of a page has `field` equal to `value`. */
export const onlyMatching = (items: string, field: string, value: string, what: string) => (exchange: Exchange): CheckFailure[] => {
  const page = objectBody(exchange)?.[items];
  if (!Array.isArray(page)) return [];
  const others = page.filter((item) => !same(field, (item as Json | null)?.[field], value));
  if (others.length === 0) return [];
  return [{ check: "list_filter_respected", message: `${what}: ${others.length} of ${page.length} ${items} have another ${field}, e.g. ${shown((others[0] as Json | null)?.[field])}` }];
};

/** The items of a 2xx page, when it has an array under `items`. */
const pageOf = (exchange: Exchange | undefined, items: string): Json[] | undefined => {
  const page = objectBody(exchange)?.[items];
  return Array.isArray(page) ? (page.filter((item) => typeof item === "object" && item !== null) as Json[]) : undefined;
};

/** A page does not list the customer `id` (deleted just before). */
export const notListed = (items: string, id: unknown, what: string) => (exchange: Exchange): CheckFailure[] =>
  pageOf(exchange, items)?.some((item) => item.id === id) ? [{ check: "use_after_free", message: `${what}: the deleted customer ${shown(id)} is still listed` }] : [];

/** A permanent deletion's record names the customer it erased. */
export const deletionOf = (id: unknown, what: string) => (exchange: Exchange): CheckFailure[] => {
  const body = objectBody(exchange);
  if (!body || body.related_object_id === id) return [];
  return [{ check: "deletion_record_matches", message: `${what}: related_object_id is ${shown(body.related_object_id)}, but ${shown(id)} was deleted` }];
};

/** The page is sorted by created_at, oldest first when `ascending`, newest first otherwise; customers without a readable time are left out. */
export const sortedByCreation = (items: string, ascending: boolean, what: string) => (exchange: Exchange): CheckFailure[] => {
  const times = (pageOf(exchange, items) ?? []).map((item) => time(item.created_at)).filter((t) => !Number.isNaN(t));
  const at = times.findIndex((t, i) => i > 0 && (ascending ? t < times[i - 1]! : t > times[i - 1]!));
  if (at < 0) return [];
  const [before, after] = [new Date(times[at - 1]!).toISOString(), new Date(times[at]!).toISOString()];
  return [{ check: "list_order_respected", message: `${what}: created_at ${after} comes after ${before}, expected ${ascending ? "oldest" : "newest"} first` }];
};

/** One page of a list, as a later page is compared with it. */
export interface ListedPage {
  ids: unknown[];
  createdAt: number[];
  hasMore: unknown;
}

export const listedPage = (exchange: Exchange | undefined, items: string): ListedPage | undefined => {
  const page = pageOf(exchange, items);
  return page && { ids: page.map((item) => item.id), createdAt: page.map((item) => time(item.created_at)), hasMore: objectBody(exchange)?.has_more };
};

/** Page 2 (order=created_at) has none of page 1's customers, and none created before page 1's last. */
export const nextPage = (items: string, first: ListedPage | undefined, what: string) => (exchange: Exchange): CheckFailure[] => {
  const page = pageOf(exchange, items);
  if (!page || !first) return [];
  const again = page.filter((item) => first.ids.includes(item.id));
  if (again.length > 0) return [{ check: "list_pagination_respected", message: `${what}: ${again.length} of its ${page.length} ${items} were on page 1 already, e.g. ${shown(again[0]!.id)}` }];
  const last = Math.max(...first.createdAt.filter((t) => !Number.isNaN(t)));
  const earlier = page.find((item) => time(item.created_at) < last);
  return earlier ? [{ check: "list_order_respected", message: `${what}: ${shown(earlier.id)} was created at ${shown(earlier.created_at)}, before page 1's last customer` }] : [];
};

/** With order=created_at and starting_after, every customer was created after the cursor. */
export const startingAfter = (items: string, cursor: string, what: string) => (exchange: Exchange): CheckFailure[] => {
  const before = (pageOf(exchange, items) ?? []).filter((item) => !(time(item.created_at) > time(cursor)));
  if (before.length === 0) return [];
  return [{ check: "list_pagination_respected", message: `${what}: ${before.length} ${items} created at or before the cursor, e.g. ${shown(before[0]!.id)} at ${shown(before[0]!.created_at)}` }];
};

/**
 * `total` counts at least the customers on the pages up to this one (`skipped`
 * before it), and a page 1 that said has_more: false had no page 2 after it.
 */
export const totalConsistent = (items: string, skipped: number, what: string, previous?: ListedPage) => (exchange: Exchange): CheckFailure[] => {
  const body = objectBody(exchange);
  const page = pageOf(exchange, items);
  if (!body || !page) return [];
  const failures: CheckFailure[] = [];
  const seen = skipped + page.length;
  if (typeof body.total === "number" && body.total < seen) {
    failures.push({ check: "list_total_consistent", message: `${what}: total is ${body.total}, but ${seen} ${items} were listed up to this page` });
  }
  if (previous && previous.hasMore === false && page.length > 0) {
    failures.push({ check: "list_total_consistent", message: `${what}: ${page.length} ${items} on this page, but the page before said has_more: false` });
  }
  return failures;
};
