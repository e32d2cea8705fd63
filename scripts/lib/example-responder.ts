// The static mock's fast path. A request that picks no example or status and
// passes the spec's checks gets, in process, what Prism sends for it by
// default: the operation's lowest documented 2xx status with the first named
// example of its JSON body. A Prism round trip costs about eight times a plain
// node:http answer, and this is the call a frontend makes all day. Everything
// else goes to Prism unchanged: picked examples or statuses, requests that
// fail a check (so Prism's 400/401/422 answers and `sl-violations` header
// stay as they are), HEAD, multipart bodies, an Accept without JSON, and
// statuses whose answer has documented headers.
import { operationTable, type OperationId } from "../../generated/operations.js";
import { picksPrismResponse, type MockRequest, type Outcome, type Responder } from "./mock-request.js";
import { resolvePointer } from "./spec-refs.js";
import { createRequestChecks, type RequestChecks } from "./stateful-mock/request-checks.js";
import { matchRoute } from "./stateful-mock/routes.js";

interface Canned {
  status: number;
  /** undefined for a status without a body (204). */
  body?: unknown;
}

const deref = (document: any, node: any) => (node && typeof node.$ref === "string" ? resolvePointer(document, node.$ref) : node);

/** Prism's default answer for each operation, when it can be given without Prism. */
function cannedAnswers(document: any): Map<OperationId, Canned> {
  const answers = new Map<OperationId, Canned>();
  for (const [operationId, facts] of Object.entries(operationTable) as Array<[OperationId, { path: string; method: string; requestMediaType?: string }]>) {
    if (facts.requestMediaType && facts.requestMediaType !== "application/json") continue;
    const responses = deref(document, document.paths[facts.path])[facts.method].responses ?? {};
    const status = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
    if (!status) continue;
    const response = deref(document, responses[status]);
    if (response.headers && Object.keys(response.headers).length) continue;
    const media = response.content?.["application/json"];
    if (!response.content) answers.set(operationId, { status: Number(status) });
    else if (media?.examples && Object.keys(media.examples).length) {
      answers.set(operationId, { status: Number(status), body: deref(document, Object.values<any>(media.examples)[0]).value });
    } else if (media?.example !== undefined) answers.set(operationId, { status: Number(status), body: media.example });
  }
  return answers;
}

const acceptsJson = (accept: string | undefined) => accept === undefined || /application\/json|\*\/\*|application\/\*/i.test(accept);

export function createExampleResponder(document: any, checks: RequestChecks = createRequestChecks(document)): Responder {
  const answers = cannedAnswers(document);
  return {
    handle(request: MockRequest): Outcome {
      const url = new URL(request.url, "http://mock.invalid");
      if (request.method === "HEAD" || picksPrismResponse(request, url) || !acceptsJson(request.headers.accept)) return { forward: true };
      let route;
      try {
        route = matchRoute(request.method, url.pathname);
      } catch {
        return { forward: true };
      }
      const canned = route && answers.get(route.operationId);
      if (!route || !canned) return { forward: true };
      if (!checks.authorized(request.headers) || !checks.parameters(route.operationId, route.path, url.searchParams).ok) return { forward: true };
      if (!checks.body(route.operationId, request.body, request.headers["content-type"]).ok) return { forward: true };
      return { reply: { ...canned, operationId: route.operationId } };
    },
  };
}
