// The stateful phase: sequences built from the spec's OpenAPI links, each step
// fed by the answer before it.
//   lifecycle by id / by source_id: create → get → update → get → delete → get (404)
//   upsert by source_id: create → create again with the same source_id → get: one customer
//   list → get the first listed customer (the only read-only sequence)
// A step on a resource that exists must succeed (ensure_resource_availability);
// the get after a successful delete must not (use_after_free). Everything the
// sequences create is erased by the session's cleanup, even when a step fails.
import { bodyChecker } from "./body-checker.js";
import type { CheckFailure } from "./check-response.js";
import type { Intent } from "./expectations.js";
import { followLink, linkOf, type Step } from "./links.js";
import type { PlannedOperation } from "./operation-plan.js";
import { exampleCases, type RequestCase } from "./request-cases.js";
import { describeRequest } from "./reproduce.js";
import { CLEANUP_LINK, type Session } from "./session.js";
import type { Exchange } from "./send-request.js";

const ok = (exchange: Exchange | undefined) => exchange !== undefined && exchange.status >= 200 && exchange.status < 300;

function idOf(exchange: Exchange | undefined): unknown {
  try {
    return (JSON.parse(exchange?.bodyText ?? "") as { id?: unknown }).id;
  } catch {
    return undefined;
  }
}

/** The smallest documented example body the validator accepts, or undefined. */
function exampleBody(session: Session, operation: PlannedOperation): Record<string, unknown> | undefined {
  const body = operation.body;
  if (!body) return undefined;
  const issues = bodyChecker(session.document, body.schemaName, body.schema);
  const valid = body.examples.map((e) => e.value).filter((v) => issues(v).length === 0 && typeof v === "object" && v !== null && !Array.isArray(v));
  valid.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
  return valid[0] as Record<string, unknown> | undefined;
}

export interface StatefulReport {
  /** One line per sequence: what ran, or why it could not. */
  sequences: string[];
}

export async function runStatefulPhase(session: Session): Promise<StatefulReport> {
  const report: StatefulReport = { sequences: [] };
  const deadline = Date.now() + session.settings.timeLimitMs;
  let counter = 0;
  const unique = () => `verify-${session.settings.seed >>> 0}-${Date.now().toString(36)}-${++counter}`;

  /** Sends one step of a sequence; its failures carry the steps before it. */
  async function step(operation: PlannedOperation, testCase: RequestCase, intent: Intent, trail: string[], extra?: (e: Exchange) => CheckFailure[]): Promise<Step | undefined> {
    const { exchange } = await session.send(operation, testCase, { phase: "stateful", intent, sequence: [...trail], deadline, ...(extra ? { extra } : {}) });
    if (!exchange) return undefined;
    trail.push(`${describeRequest(exchange.request, 300)} -> ${exchange.status}`);
    return { operation, testCase, exchange };
  }

  /** Follows a named link from a step, when the link exists and has the values it needs. */
  async function follow(from: Step | undefined, name: string, intent: Intent, trail: string[], body?: unknown, extra?: (e: Exchange) => CheckFailure[]): Promise<Step | undefined> {
    if (!from || !ok(from.exchange)) return undefined;
    const link = linkOf(from, name);
    const target = session.operation(link?.operationId);
    if (!link || !target) return undefined;
    const testCase = followLink(link, from, target, `link ${name}`);
    if (!testCase) return undefined;
    if (body !== undefined) testCase.body = { value: body };
    return step(target, testCase, intent, trail, extra);
  }

  // The creating operation is the one whose answer links to the cleanup.
  const create = session.plan.run.find((op) => Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.links[CLEANUP_LINK]));
  const createBody = create && exampleBody(session, create);
  const update = session.operation(create && Object.values(create.responses).find((r) => r.links.UpdateCustomerById)?.links.UpdateCustomerById?.operationId);
  const updateBody = update && exampleBody(session, update);

  if (!create || !createBody) {
    report.sequences.push(session.plan.skipped.length > 0 ? "sequences that create: skipped, they need --allow-writes" : "sequences that create: skipped, no operation links to a permanent deletion");
  } else {
    for (const by of ["Id", "SourceId"] as const) {
      const trail: string[] = [];
      const what = by === "Id" ? "by id" : "by source_id";
      const body: Record<string, unknown> = { ...createBody, source_id: unique() };
      delete body.id;
      const created = await step(create, { source: "example", label: `create (${what})`, params: {}, body: { value: body } }, { kind: "positive" }, trail);
      if (!ok(created?.exchange)) {
        report.sequences.push(`lifecycle ${what}: stopped, the create answered ${created?.exchange.status ?? "nothing"}`);
        continue;
      }
      await follow(created, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after create` }, trail);
      const updated = await follow(created, `UpdateCustomerBy${by}`, { kind: "available", what: `update ${what} after create` }, trail, updateBody);
      await follow(by === "Id" ? updated : created, `GetCustomerBy${by}`, { kind: "available", what: `get ${what} after update` }, trail);
      const deleted = await follow(created, `DeleteCustomerBy${by}`, { kind: "available", what: `delete ${what} after create` }, trail);
      await follow(deleted, "GetDeletedCustomer", { kind: "freed", what: `get ${what} after delete` }, trail);
      report.sequences.push(`lifecycle ${what}: ${trail.length} step(s)`);
    }

    // Upsert: the same source_id twice is one customer.
    const trail: string[] = [];
    const sourceId = unique();
    const first = await step(create, { source: "example", label: "upsert: create", params: {}, body: { value: { ...createBody, id: undefined, source_id: sourceId, name: "Verify Upsert A" } } }, { kind: "positive" }, trail);
    const firstId = idOf(first?.exchange);
    const sameCustomer = (what: string) => (exchange: Exchange): CheckFailure[] =>
      ok(exchange) && firstId !== undefined && idOf(exchange) !== firstId
        ? [{ check: "ensure_resource_availability", message: `${what}: answered with customer ${JSON.stringify(idOf(exchange))}, not ${JSON.stringify(firstId)} created with that source_id` }]
        : [];
    if (ok(first?.exchange)) {
      const second = await step(create, { source: "example", label: "upsert: again", params: {}, body: { value: { source_id: sourceId, name: "Verify Upsert B" } } }, { kind: "positive" }, trail, sameCustomer("upsert by source_id"));
      await follow(second, "GetCustomerBySourceId", { kind: "available", what: "get by source_id after upsert" }, trail, undefined, sameCustomer("get by source_id after upsert"));
      report.sequences.push(`upsert by source_id: ${trail.length} step(s)`);
    } else report.sequences.push(`upsert by source_id: stopped, the create answered ${first?.exchange.status ?? "nothing"}`);
  }

  // Read-only: list, then get the first listed customer.
  const list = session.plan.run.find((op) => Object.values(op.responses).some((r) => r.links.GetListedCustomer));
  if (list) {
    const trail: string[] = [];
    const documented = exampleCases(session.document, list, session.settings.seed)[0] ?? { source: "example" as const, label: "list", params: {} };
    const page = await step(list, documented, { kind: "positive" }, trail);
    const got = await follow(page, "GetListedCustomer", { kind: "available", what: "get a listed customer" }, trail);
    report.sequences.push(got ? `list → get: ${trail.length} step(s)` : "list → get: the list was empty or failed; nothing to follow");
  }
  return report;
}
