// Picking a documented answer, as Prism lets a caller do: the `Prefer`
// header (`code=404, example=notFound`) or the `__code`/`__example` query
// parameters (no extra header, so a browser sends no preflight). `Prefer`
// wins when both are sent. Without a pick, an operation's default answer is
// its lowest documented 2xx status with the first of its named examples.
import { documentedResponses } from "../../generated/mock-data.js";
import type { OperationId } from "../../generated/operations.js";
import type { MockAnswer } from "./answer.js";

export interface Selection {
  code?: string;
  example?: string;
  /** `dynamic=true`: generated data, which only the Prism front gives. */
  dynamic?: boolean;
}

/** The pick this request makes, or undefined when it makes none. */
export function selectionOf(headers: Headers, search: URLSearchParams): Selection | undefined {
  const prefer = headers.get("prefer");
  if (prefer !== null) {
    const picked: Selection = {};
    for (const part of prefer.split(/[,;]/)) {
      const [name, ...rest] = part.split("=");
      const value = rest.join("=").trim().replace(/^"(.*)"$/, "$1");
      const key = name!.trim().toLowerCase();
      if (key === "code") picked.code = value;
      else if (key === "example") picked.example = value;
      else if (key === "dynamic") picked.dynamic = value === "true";
    }
    if (picked.code !== undefined || picked.example !== undefined || picked.dynamic) return picked;
  }
  const code = search.get("__code") ?? undefined;
  const example = search.get("__example") ?? undefined;
  const dynamic = search.get("__dynamic") === "true";
  if (code === undefined && example === undefined && !dynamic) return undefined;
  return { ...(code !== undefined ? { code } : {}), ...(example !== undefined ? { example } : {}), ...(dynamic ? { dynamic } : {}) };
}

/** Why a pick cannot be served, for the 400 the engine sends instead. */
export class SelectionError extends Error {}

const successStatus = (statuses: string[]) => statuses.filter((s) => /^2\d\d$/.test(s)).sort()[0];

/** The documented answer a pick (or no pick) names. Throws SelectionError for a status or example the spec does not document. */
export function documentedAnswer(operationId: OperationId, selection: Selection = {}): MockAnswer {
  const responses = documentedResponses[operationId];
  const statuses = Object.keys(responses);
  let status = selection.code;
  if (status !== undefined && !Object.hasOwn(responses, status)) {
    throw new SelectionError(`status ${status} is not documented for ${operationId}; pick one of ${statuses.join(", ")}`);
  }
  if (status === undefined && selection.example !== undefined) {
    // An example alone: the first documented status (2xx first) that has one by that name.
    const ordered = [...statuses].sort((a, b) => Number(!a.startsWith("2")) - Number(!b.startsWith("2")) || a.localeCompare(b));
    status = ordered.find((s) => responses[s]!.examples !== undefined && Object.hasOwn(responses[s]!.examples!, selection.example!));
    if (status === undefined) {
      const names = statuses.flatMap((s) => Object.keys(responses[s]!.examples ?? {}));
      throw new SelectionError(`${operationId} has no example named ${selection.example}; pick one of ${[...new Set(names)].join(", ")}`);
    }
  }
  status ??= successStatus(statuses) ?? statuses[0]!;
  const response = responses[status]!;
  const headers = { ...response.headers };
  if (!response.examples) return { status: Number(status), headers, operationId, documented: true };
  const names = Object.keys(response.examples);
  const name = selection.example ?? names[0];
  if (name === undefined) throw new SelectionError(`status ${status} of ${operationId} has no documented example`);
  if (!Object.hasOwn(response.examples, name)) throw new SelectionError(`status ${status} of ${operationId} has no example named ${name}; pick one of ${names.join(", ")}`);
  // The example itself, not a copy: it is only ever serialized.
  return { status: Number(status), body: response.examples[name], headers, operationId, documented: true };
}
