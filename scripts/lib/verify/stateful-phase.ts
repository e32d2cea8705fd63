// The stateful phase: sequences built from the spec's OpenAPI links, each step
// fed by the answer before it, and each answer compared with what was sent.
//   lifecycle by id / by source_id: create → get → update → get → delete → get (404)
//   upsert by source_id: create → create again with the same source_id → get: one customer, the new name
//   sub-resources: create → activity → activities → segments → redeemables, with the real id
//   a never-created id: get → 404
//   list → get the first listed customer; without writes, its sub-resources too
//   list with limit=1; list filtered by an email a customer has
// A step on a resource that exists must succeed (ensure_resource_availability);
// the get after a successful delete must not (use_after_free); the field
// checks (field-checks.ts) compare names, ids and timestamps. A sequence that
// cannot start where it should is noted as inconclusive. Everything the
// sequences create is erased by the session's cleanup, even when a step fails.
import { bodyChecker } from "./body-checker.js";
import type { CheckFailure } from "./check-response.js";
import type { CheckName } from "./checks.js";
import type { Intent } from "./expectations.js";
import { atMost, distinctId, notFound, objectBody, onlyMatching, sentFieldsKept, timestampsConsistent } from "./field-checks.js";
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
      const body = withFields(session, create, createBase, { source_id: sourceId, name: `Verify Lifecycle ${counter}`, email: `${sourceId}@example.com` });
      const first = await created(body, `lifecycle ${what}`, trail);
      if (!first) continue;
      const firstAt = objectBody(first.exchange)?.created_at;
      const sent = identity(body);
      const read = (label: string) => all(sentFieldsKept("stored_data_returned", label, sent), timestampsConsistent(label, () => firstAt));
      await follow(first, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after create` }, trail, undefined, read(`get ${what} after create`), ["stored_data_returned", "timestamps_consistent"]);
      const name = `Verify Updated ${counter}`;
      const change = update && updateBase ? withFields(session, update, updateBase, { name }) : undefined;
      const applied = (label: string) => all(change?.name === name ? sentFieldsKept("update_applied", label, { name }) : () => [], timestampsConsistent(label, () => firstAt));
      const updated = await follow(first, `UpdateCustomerBy${by}`, { kind: "available", what: `update ${what} after create` }, trail, change, applied(`update ${what}: its answer`), ["update_applied", "timestamps_consistent"]);
      await follow(by === "Id" ? updated : first, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after update` }, trail, undefined, applied(`get ${what} after update`), ["update_applied", "timestamps_consistent"]);
      const deleted = await follow(first, `DeleteCustomerBy${by}`, { kind: "available", what: `delete ${what} after create` }, trail);
      await follow(deleted, "GetDeletedCustomer", { kind: "freed", what: `get ${what} after delete` }, trail);
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
  const list = session.plan.run.find((op) => Object.values(op.responses).some((r) => r.links.GetListedCustomer));
  if (list) {
    const listLink = Object.values(list.responses).find((r) => r.links.GetListedCustomer)!.links.GetListedCustomer!;
    // The array the link reads the first customer from: `customers` in $response.body#/customers/0/id.
    const items = /^\$response\.body#\/([^/]+)\/0\//.exec(String(Object.values(listLink.parameters ?? {})[0] ?? ""))?.[1];
    const trail: string[] = [];
    const documented = exampleCases(session.document, list, session.settings.seed)[0] ?? { source: "example" as const, label: "list", params: {} };
    const page = await step(list, documented, { kind: "positive" }, trail);
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
        await step(list, { ...documented, label: "list limit=1", params: { ...documented.params, "query:limit": 1 } }, { kind: "positive" }, limitTrail, atMost(items, 1, "list with limit=1"), ["list_limit_respected"]);
        report.sequences.push(`list with limit=1: ${limitTrail.length} step(s)`);
      }
      const email = list.parameters.find((p) => p.in === "query" && p.name === "email");
      if (email && knownEmail) {
        const emailTrail: string[] = [];
        await step(list, { ...documented, label: "list by email", params: { ...documented.params, "query:email": knownEmail } }, { kind: "positive" }, emailTrail, onlyMatching(items, "email", knownEmail, `list with email=${knownEmail}`), ["list_filter_respected"]);
        report.sequences.push(`list by email: ${emailTrail.length} step(s)`);
      } else if (email) report.sequences.push("list by email: no customer with an email to filter by");
    }
  }
  return report;
}
