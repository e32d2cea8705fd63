// The stateful phase: sequences built from the spec's OpenAPI links, each step
// fed by the answer before it, and each answer compared with what was sent.
//   lifecycle by id / by source_id: create → get → update → get → delete → get (404)
//     → get by the other key (404), the list by its email (without it)
//   upsert by source_id: create → create again with the same source_id → get: one customer, the new name
//   upsert by id: create with the customer's id → the same customer; with a never-created id → 404
//   permanent deletion: create → permanent deletion (a record of that customer) → get, sub-resources (404)
//   sub-resources: create → activity → activities → segments → redeemables, with the real id
//   a never-created id: get → 404
//   list → get the first listed customer; without writes, its sub-resources too
//   list with limit=1; list filtered by an email a customer has
//   with writes (verify has made customers to page through): pages 1 and 2 and a
//     starting_after cursor, each with order=created_at
// A step on a resource that exists must succeed (ensure_resource_availability);
// the reads after a successful delete must not (use_after_free); the field
// checks (field-checks.ts) compare names, ids, timestamps and pages. A sequence that
// cannot start where it should is noted as inconclusive. Everything the
// sequences create is erased by the session's cleanup, even when a step fails.
import { bodyChecker } from "./body-checker.js";
import type { CheckFailure } from "./check-response.js";
import type { CheckName } from "./checks.js";
import type { Intent } from "./expectations.js";
import {
  atMost, deletionOf, distinctId, listedPage, nextPage, notFound, notListed, objectBody, onlyMatching, sentFieldsKept, sortedByCreation, startingAfter,
  timestampsConsistent, totalConsistent,
} from "./field-checks.js";
import { followLink, linkOf, MAX_LINK_VALUE_CHARS, type Step } from "./links.js";
import type { PlannedOperation } from "./operation-plan.js";
import { exampleCases, type RequestCase } from "./request-cases.js";
import { clip, describeRequest } from "./reproduce.js";
import { CLEANUP_LINK, type Session } from "./session.js";
import type { Exchange } from "./send-request.js";

const ok = (exchange: Exchange | undefined) => exchange !== undefined && exchange.status >= 200 && exchange.status < 300;

type Extra = (exchange: Exchange) => CheckFailure[];
const all = (...extras: Extra[]): Extra => (exchange) => extras.flatMap((extra) => extra(exchange));

/** The operations that read one customer's sub-resources by its id (listCustomerActivity, …). */
const SUB_RESOURCE = /^\/v1\/customers\/\{customerId\}\/(activity|activities|segments|redeemables)$/;
// The sub-resources that answer 404 once the customer is erased. Not segments: for an ID that names no
// customer, Voucherify documents a 200 with the segments it would qualify for. Not the deprecated
// activities: Voucherify documents no 404 for it.
const ERASED_SUB_RESOURCE = /^\/v1\/customers\/\{customerId\}\/(activity|redeemables)$/;

/** The smallest documented example body the validator accepts, or undefined. */
function exampleBody(session: Session, operation: PlannedOperation): Record<string, unknown> | undefined {
  const body = operation.body;
  if (!body) return undefined;
  const issues = bodyChecker(session.document, body.schemaName, body.schema);
  const valid = body.examples.map((e) => e.value).filter((v) => issues(v).length === 0 && typeof v === "object" && v !== null && !Array.isArray(v));
  valid.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
  return valid[0] as Record<string, unknown> | undefined;
}

/** `base` with each of `fields` set, as long as the body stays valid; a field the schema refuses is left out. */
function withFields(session: Session, operation: PlannedOperation, base: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const issues = bodyChecker(session.document, operation.body!.schemaName, operation.body!.schema);
  let body = { ...base };
  delete body.id;
  for (const [field, value] of Object.entries(fields)) if (issues({ ...body, [field]: value }).length === 0) body = { ...body, [field]: value };
  return body;
}

/** An id from an answer that can go into a request: a string no longer than a link value may be. */
const usableId = (id: unknown) => (typeof id === "string" && id !== "" && id.length <= MAX_LINK_VALUE_CHARS ? id : undefined);

/** The fields of a sent customer the answers must give back. */
const identity = (body: Record<string, unknown>) => Object.fromEntries(["source_id", "name", "email"].filter((k) => typeof body[k] === "string").map((k) => [k, body[k]]));

/** The text fields a create set that an update leaves out: the update must keep them ("Fields you leave out stay as they are"). */
const unsent = (created: Record<string, unknown>, change: Record<string, unknown> | undefined) =>
  Object.fromEntries(["source_id", "name", "email", "description"].filter((k) => typeof created[k] === "string" && !(change && k in change)).map((k) => [k, created[k]]));

export interface StatefulReport {
  /** One line per sequence: what ran, or why it could not. */
  sequences: string[];
}

export async function runStatefulPhase(session: Session): Promise<StatefulReport> {
  const report: StatefulReport = { sequences: [] };
  const deadline = Date.now() + session.settings.timeLimitMs;
  let counter = 0;
  const unique = () => `verify-${session.settings.seed >>> 0}-${Date.now().toString(36)}-${++counter}`;
  /** Ids the creates got, with the source_id each was created with (distinct_ids). */
  const createdIds = new Map<string, string>();

  /** Sends one step of a sequence; its failures carry the steps before it. */
  async function step(operation: PlannedOperation, testCase: RequestCase, intent: Intent, trail: string[], extra?: Extra, judges: CheckName[] = []): Promise<Step | undefined> {
    const { exchange } = await session.send(operation, testCase, { phase: "stateful", intent, sequence: [...trail], deadline, ...(extra ? { extra } : {}), judges });
    if (!exchange) return undefined;
    trail.push(`${describeRequest(exchange.request, 300)} -> ${exchange.status}`);
    return { operation, testCase, exchange };
  }

  /** Follows a named link from a step, when the link exists and has the values it needs. */
  async function follow(from: Step | undefined, name: string, intent: Intent, trail: string[], body?: unknown, extra?: Extra, judges: CheckName[] = []): Promise<Step | undefined> {
    if (!from || !ok(from.exchange)) return undefined;
    const link = linkOf(from, name);
    const target = session.operation(link?.operationId);
    if (!link || !target) return undefined;
    const testCase = followLink(link, from, target, `link ${name}`);
    if (!testCase) return undefined;
    if (body !== undefined) testCase.body = { value: body };
    return step(target, testCase, intent, trail, extra, judges);
  }

  /** A valid request for one operation that addresses the customer `id`. */
  const forCustomer = (operation: PlannedOperation, id: string): RequestCase => {
    const documented = exampleCases(session.document, operation, session.settings.seed)[0];
    return { source: "example", label: `customer ${id}`, params: { ...documented?.params, "path:customerId": id } };
  };

  /** Reads each sub-resource of a customer that exists: a 2xx, checked against its schema. */
  async function subResources(id: string, trail: string[], whose: string): Promise<void> {
    for (const operation of session.plan.run.filter((op) => op.method === "get" && SUB_RESOURCE.test(op.path))) {
      await step(operation, forCustomer(operation, id), { kind: "available", what: `${operation.id} of ${whose}` }, trail);
    }
  }

  // The list, and the array its GetListedCustomer link reads the first customer from: `customers` in $response.body#/customers/0/id.
  const list = session.plan.run.find((op) => Object.values(op.responses).some((r) => r.links.GetListedCustomer));
  const listLink = list && Object.values(list.responses).find((r) => r.links.GetListedCustomer)!.links.GetListedCustomer!;
  const items = listLink && /^\$response\.body#\/([^/]+)\/0\//.exec(String(Object.values(listLink.parameters ?? {})[0] ?? ""))?.[1];
  const listCase = list && (exampleCases(session.document, list, session.settings.seed)[0] ?? { source: "example" as const, label: "list", params: {} });
  const listParam = (name: string) => list?.parameters.some((p) => p.in === "query" && p.name === name);

  /**
   * After a delete by id (or source_id) answered and the get after it: the
   * customer is gone by the other key and from the list by its last `email`.
   */
  async function afterDelete(first: Step, email: unknown, by: "Id" | "SourceId", trail: string[]): Promise<void> {
    const customer = objectBody(first.exchange);
    await follow(first, by === "Id" ? "GetCustomerBySourceId" : "GetCustomerById", { kind: "freed", what: `get by ${by === "Id" ? "source_id" : "id"} after delete by ${by === "Id" ? "id" : "source_id"}` }, trail);
    if (list && listCase && items && listParam("email") && typeof email === "string" && email !== "") {
      const label = `list with email=${clip(email, 80)} after delete`;
      await step(list, { ...listCase, label, params: { ...listCase.params, "query:email": email } }, { kind: "positive" }, trail, notListed(items, customer?.id, label), ["use_after_free"]);
    }
  }

  // The creating operation is the one whose answer links to the cleanup.
  const create = session.plan.run.find((op) => Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.links[CLEANUP_LINK]));
  const createBase = create && exampleBody(session, create);
  const update = session.operation(create && Object.values(create.responses).find((r) => r.links.UpdateCustomerById)?.links.UpdateCustomerById?.operationId);
  const updateBase = update && exampleBody(session, update);
  /** A created customer's email, for the list filter. */
  let knownEmail: string | undefined;

  /** Sends a create of `body` with the checks every create gets; the sequence stops unless it is a 2xx. */
  async function created(body: Record<string, unknown>, label: string, trail: string[]): Promise<Step | undefined> {
    const answer = await step(
      create!,
      { source: "example", label, params: {}, body: { value: body } },
      { kind: "positive" },
      trail,
      all(sentFieldsKept("stored_data_returned", `${label}: the create's answer`, identity(body)), distinctId(createdIds, String(body.source_id), label), timestampsConsistent(`${label}: the create's answer`, () => undefined)),
      ["stored_data_returned", "distinct_ids", "timestamps_consistent"],
    );
    if (!ok(answer?.exchange)) {
      const why = `${label} could not start: the create answered ${answer?.exchange.status ?? "nothing"}`;
      report.sequences.push(why);
      session.inconclusive.push(`stateful: ${why}`);
      return undefined;
    }
    return answer;
  }

  if (!create || !createBase) {
    report.sequences.push(session.plan.skipped.length > 0 ? "sequences that create: skipped, they need --allow-writes" : "sequences that create: skipped, no operation links to a permanent deletion");
  } else {
    for (const by of ["Id", "SourceId"] as const) {
      const trail: string[] = [];
      const what = by === "Id" ? "by id" : "by source_id";
      const sourceId = unique();
      const body = withFields(session, create, createBase, { source_id: sourceId, name: `Verify Lifecycle ${counter}`, email: `${sourceId}@example.com`, description: `Verify kept ${counter}` });
      const first = await created(body, `lifecycle ${what}`, trail);
      if (!first) continue;
      const firstAt = objectBody(first.exchange)?.created_at;
      const sent = identity(body);
      const read = (label: string) => all(sentFieldsKept("stored_data_returned", label, sent), timestampsConsistent(label, () => firstAt));
      await follow(first, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after create` }, trail, undefined, read(`get ${what} after create`), ["stored_data_returned", "timestamps_consistent"]);
      const name = `Verify Updated ${counter}`;
      const change = update && updateBase ? withFields(session, update, updateBase, { name }) : undefined;
      const kept = unsent(body, change);
      const applied = (label: string) =>
        all(change?.name === name ? sentFieldsKept("update_applied", label, { name }) : () => [], sentFieldsKept("unsent_fields_kept", label, kept), timestampsConsistent(label, () => firstAt));
      const judged: CheckName[] = ["update_applied", "unsent_fields_kept", "timestamps_consistent"];
      const updated = await follow(first, `UpdateCustomerBy${by}`, { kind: "available", what: `update ${what} after create` }, trail, change, applied(`update ${what}: its answer`), judged);
      const reread = await follow(by === "Id" ? updated : first, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after update` }, trail, undefined, applied(`get ${what} after update`), judged);
      const deleted = await follow(first, `DeleteCustomerBy${by}`, { kind: "available", what: `delete ${what} after create` }, trail);
      const gone = await follow(deleted, "GetDeletedCustomer", { kind: "freed", what: `get ${what} after delete` }, trail);
      if (gone) await afterDelete(first, objectBody(reread?.exchange)?.email ?? objectBody(first.exchange)?.email, by, trail);
      report.sequences.push(`lifecycle ${what}: ${trail.length} step(s)`);
    }

    // Upsert: the same source_id twice is one customer, with the second name.
    const trail: string[] = [];
    const sourceId = unique();
    const first = await created(withFields(session, create, createBase, { source_id: sourceId, name: "Verify Upsert A" }), "upsert by source_id", trail);
    const firstId = objectBody(first?.exchange)?.id;
    const sameCustomer = (what: string) => (exchange: Exchange): CheckFailure[] =>
      ok(exchange) && objectBody(exchange)?.id !== firstId
        ? [{ check: "ensure_resource_availability", message: `${what}: answered with customer ${clip(JSON.stringify(objectBody(exchange)?.id) ?? "none")}, not ${clip(JSON.stringify(firstId) ?? "none")} created with that source_id` }]
        : [];
    if (first) {
      const again = { source_id: sourceId, name: "Verify Upsert B" };
      const second = await step(create, { source: "example", label: "upsert: again", params: {}, body: { value: again } }, { kind: "positive" }, trail, all(sameCustomer("upsert by source_id"), sentFieldsKept("upsert_applied", "upsert by source_id: its answer", { name: again.name })), ["upsert_applied"]);
      await follow(second, "GetCustomerBySourceId", { kind: "available", what: "get by source_id after upsert" }, trail, undefined, all(sameCustomer("get by source_id after upsert"), sentFieldsKept("upsert_applied", "get by source_id after upsert", { name: again.name })), ["upsert_applied"]);
      report.sequences.push(`upsert by source_id: ${trail.length} step(s)`);

      // Upsert by id: "id wins" over source_id for the lookup, and an id that matches no customer is a 404.
      const byIdTrail = trail.slice();
      const id = usableId(firstId);
      const withId = id !== undefined ? withFields(session, create, {}, { id, name: "Verify Upsert C" }) : undefined;
      if (id !== undefined && withId?.id === id) {
        await step(create, { source: "example", label: "upsert by id", params: {}, body: { value: withId } }, { kind: "positive" }, byIdTrail, all(sameCustomer("upsert by id"), sentFieldsKept("upsert_applied", "upsert by id: its answer", { name: withId.name })), ["upsert_applied"]);
        const absent = `verify-absent-${unique()}`;
        await step(create, { source: "example", label: "upsert by a never-created id", params: {}, body: { value: { ...withId, id: absent } } }, { kind: "absent", what: "a create naming a customer id never created" }, byIdTrail, notFound("unknown_id_not_found", "a create naming a customer id never created"), ["unknown_id_not_found"]);
        report.sequences.push(`upsert by id: ${byIdTrail.length - trail.length} step(s)`);
      }
    }

    // Permanent deletion: a record of the customer erased, and the customer gone, with "everything recorded
    // about them" (a soft delete keeps the history, so the sub-resources are read only after this one).
    const eraseTrail: string[] = [];
    const erased = await created(withFields(session, create, createBase, { source_id: unique(), name: "Verify Erased" }), "permanent deletion", eraseTrail);
    if (erased) {
      const erasedId = objectBody(erased.exchange)?.id;
      const record = await follow(erased, CLEANUP_LINK, { kind: "available", what: "permanent deletion after create" }, eraseTrail, undefined, deletionOf(erasedId, "permanent deletion"), ["deletion_record_matches"]);
      const gone = await follow(record, "GetDeletedCustomer", { kind: "freed", what: "get after permanent deletion" }, eraseTrail);
      const key = usableId(erasedId);
      if (gone && key !== undefined) {
        for (const operation of session.plan.run.filter((op) => op.method === "get" && ERASED_SUB_RESOURCE.test(op.path))) {
          await step(operation, forCustomer(operation, key), { kind: "freed", what: `${operation.id} after permanent deletion` }, eraseTrail);
        }
      }
      report.sequences.push(`permanent deletion: ${eraseTrail.length} step(s)`);
    }

    // The sub-resources of a customer that surely exists: one just created (no link reaches them).
    const subTrail: string[] = [];
    const subSource = unique();
    const ownerBody = withFields(session, create, createBase, { source_id: subSource, name: "Verify Sub-resources", email: `${subSource}@example.com` });
    const owner = await created(ownerBody, "sub-resources", subTrail);
    const ownerId = usableId(objectBody(owner?.exchange)?.id);
    // It lives until the cleanup: the list filter looks for its email.
    if (owner && typeof ownerBody.email === "string") knownEmail = ownerBody.email;
    if (ownerId !== undefined) {
      await subResources(ownerId, subTrail, "a customer just created");
      report.sequences.push(`sub-resources of a created customer: ${subTrail.length} step(s)`);
    } else if (owner) report.sequences.push(`sub-resources: stopped, the create answered no id under ${MAX_LINK_VALUE_CHARS} characters`);
  }

  const getCustomer = session.operation(create && Object.values(create.responses).find((r) => r.links.GetCustomerById)?.links.GetCustomerById?.operationId) ??
    session.plan.run.find((op) => op.method === "get" && op.path === "/v1/customers/{customerId}");
  if (getCustomer) {
    const trail: string[] = [];
    const absent = `verify-absent-${unique()}`;
    await step(getCustomer, forCustomer(getCustomer, absent), { kind: "absent", what: "a customer id never created" }, trail, notFound("unknown_id_not_found", "a customer id never created"), ["unknown_id_not_found"]);
    report.sequences.push(`get a never-created id: ${trail.length} step(s)`);
  }

  // Read-only: list, then get the first listed customer (and, without writes, its sub-resources).
  if (list && listCase) {
    const trail: string[] = [];
    const documented = listCase;
    // Without `order` the list is "newest first" (listCustomers' description).
    const firstPage = items && documented.params["query:order"] === undefined ? all(sortedByCreation(items, false, "list without order"), totalConsistent(items, 0, "list")) : undefined;
    const page = await step(list, documented, { kind: "positive" }, trail, firstPage, firstPage ? ["list_order_respected", "list_total_consistent"] : []);
    const got = await follow(page, "GetListedCustomer", { kind: "available", what: "get a listed customer" }, trail);
    report.sequences.push(got ? `list → get: ${trail.length} step(s)` : "list → get: the list was empty or failed; nothing to follow");
    const listed = items ? (objectBody(page?.exchange)?.[items] as Array<Record<string, unknown>> | undefined) : undefined;
    const listedId = usableId(Array.isArray(listed) ? listed[0]?.id : undefined);
    if (!create && listedId !== undefined && session.plan.run.some((op) => SUB_RESOURCE.test(op.path))) {
      const subTrail = trail.slice(0, 1);
      await subResources(listedId, subTrail, "the first listed customer");
      report.sequences.push(`sub-resources of a listed customer: ${subTrail.length} step(s)`);
    }
    knownEmail ??= Array.isArray(listed) ? (listed.find((c) => typeof c?.email === "string" && c.email !== "")?.email as string | undefined) : undefined;

    if (items) {
      const limit = list.parameters.find((p) => p.in === "query" && p.name === "limit");
      if (limit) {
        const limitTrail: string[] = [];
        await step(list, { ...documented, label: "list limit=1", params: { ...documented.params, "query:limit": 1 } }, { kind: "positive" }, limitTrail, all(atMost(items, 1, "list with limit=1"), totalConsistent(items, 0, "list with limit=1")), ["list_limit_respected", "list_total_consistent"]);
        report.sequences.push(`list with limit=1: ${limitTrail.length} step(s)`);
      }
      const email = list.parameters.find((p) => p.in === "query" && p.name === "email");
      if (email && knownEmail) {
        const emailTrail: string[] = [];
        await step(list, { ...documented, label: "list by email", params: { ...documented.params, "query:email": knownEmail } }, { kind: "positive" }, emailTrail, onlyMatching(items, "email", knownEmail, `list with email=${knownEmail}`), ["list_filter_respected"]);
        report.sequences.push(`list by email: ${emailTrail.length} step(s)`);
      } else if (email) report.sequences.push("list by email: no customer with an email to filter by");

      // Paging needs customers to page through: with writes, verify has made some (its creates live until the cleanup).
      if (create && limit && listParam("order") && (listParam("page") || listParam("starting_after"))) {
        const pagesTrail: string[] = [];
        const ordered = (label: string, params: Record<string, unknown>): RequestCase => ({ ...documented, label, params: { ...documented.params, "query:order": "created_at", "query:limit": 2, ...params } });
        const judged: CheckName[] = ["list_order_respected", "list_total_consistent"];
        const one = await step(list, ordered("list page 1", {}), { kind: "positive" }, pagesTrail, all(sortedByCreation(items, true, "list with order=created_at"), totalConsistent(items, 0, "list page 1")), judged);
        const first = listedPage(one?.exchange, items);
        if (listParam("page")) {
          await step(list, ordered("list page 2", { "query:page": 2 }), { kind: "positive" }, pagesTrail, all(sortedByCreation(items, true, "list page 2"), nextPage(items, first, "list page 2"), totalConsistent(items, first?.ids.length ?? 0, "list page 2", first)), [...judged, "list_pagination_respected"]);
        }
        const cursor = (objectBody(one?.exchange)?.[items] as Array<Record<string, unknown>> | undefined)?.[0]?.created_at;
        if (listParam("starting_after") && typeof cursor === "string" && !Number.isNaN(Date.parse(cursor))) {
          await step(list, ordered("list starting_after", { "query:starting_after": cursor }), { kind: "positive" }, pagesTrail, all(sortedByCreation(items, true, "list with starting_after"), startingAfter(items, cursor, `list with starting_after=${clip(cursor, 40)}`)), ["list_order_respected", "list_pagination_respected"]);
        }
        report.sequences.push(`list pages: ${pagesTrail.length} step(s)`);
      }
    }
  }
  return report;
}
