// Operation-level rules: operations added, removed or renamed; parameters;
// request bodies; response status codes and bodies. Schema details are left to
// compare-schemas.ts, response headers to compare-headers.ts, security to
// compare-security.ts.
import { additive, breaking, type Emit, type Place } from "./change.js";
import { compareResponseHeaders } from "./compare-headers.js";
import { compareSchemas } from "./compare-schemas.js";
import { compareSecurity } from "./compare-security.js";
import { SameSchemas } from "./same-schemas.js";
import { deref } from "../../../src/spec/refs.js";
import { pathParameterNames, readOperations, type OperationEntry } from "./spec-operations.js";

interface Docs {
  baseDoc: any;
  headDoc: any;
  emit: Emit;
  sameSchemas: SameSchemas;
}

const isSuccess = (status: string) => /^2/.test(status);

/**
 * A `content` map keyed by media type without its parameters, lowercased:
 * `application/json; charset=utf-8` is the body `application/json` was.
 */
function byMediaType(content: unknown): Map<string, { label: string; media: any }> {
  const types = new Map<string, { label: string; media: any }>();
  for (const [label, media] of Object.entries<any>(content && typeof content === "object" ? content : {})) {
    const key = label.split(";")[0]!.trim().toLowerCase();
    if (!types.has(key)) types.set(key, { label, media });
  }
  return types;
}

function compareParameters(docs: Docs, base: OperationEntry, head: OperationEntry) {
  const place = (part: string): Place => ({ operation: head.label, part, pointer: "" });
  // Path parameters are matched by position: the wire does not carry their names,
  // but typed clients pass them by name, so a rename still breaks callers.
  const basePath = pathParameterNames(base.path);
  const headPath = pathParameterNames(head.path);
  basePath.forEach((name, i) => {
    const renamed = headPath[i];
    if (renamed !== undefined && renamed !== name) {
      docs.emit(place(`path parameter ${name}`), breaking("parameter.renamed", `path parameter \`${name}\` renamed to \`${renamed}\``));
    }
  });
  const pathKey = (entry: OperationEntry, key: string) => {
    const [where, name] = key.split(/:(.*)/s);
    if (where !== "path") return key;
    const index = pathParameterNames(entry.path).indexOf(name!);
    return `path:#${index}`;
  };
  const baseParams = new Map([...base.parameters].map(([k, v]) => [pathKey(base, k), v]));
  const headParams = new Map([...head.parameters].map(([k, v]) => [pathKey(head, k), v]));
  for (const [key, before] of baseParams) {
    const after = headParams.get(key);
    const part = `${before.in} parameter ${after?.name ?? before.name}`;
    if (!after) {
      if (before.in !== "path") docs.emit(place(part), breaking("parameter.removed", `${before.in} parameter \`${before.name}\` was removed`));
      continue;
    }
    if (!before.required && after.required) docs.emit(place(part), breaking("parameter.became-required", `${after.in} parameter \`${after.name}\` is now required`));
    if (before.required && !after.required) docs.emit(place(part), additive("parameter.became-optional", `${after.in} parameter \`${after.name}\` is now optional`));
    for (const keyword of ["style", "explode"] as const) {
      if (before[keyword] !== after[keyword]) {
        docs.emit(place(part), breaking("parameter.serialization-changed", `${keyword} changed from ${before[keyword] ?? "default"} to ${after[keyword] ?? "default"}`));
      }
    }
    if (!before.deprecated && after.deprecated) docs.emit(place(part), additive("parameter.deprecated", `${after.in} parameter \`${after.name}\` is deprecated`));
    compareSchemas(docs.baseDoc, docs.headDoc, { base: before.schema, head: after.schema }, "request", place(part), docs.emit, docs.sameSchemas);
  }
  for (const [key, after] of headParams) {
    if (baseParams.has(key)) continue;
    const part = `${after.in} parameter ${after.name}`;
    if (after.required) docs.emit(place(part), breaking("parameter.required-added", `new required ${after.in} parameter \`${after.name}\``));
    else docs.emit(place(part), additive("parameter.added", `new optional ${after.in} parameter \`${after.name}\``));
  }
}

function compareRequestBodies(docs: Docs, base: OperationEntry, head: OperationEntry) {
  const before = deref(docs.baseDoc, base.operation.requestBody).node;
  const after = deref(docs.headDoc, head.operation.requestBody).node;
  const place: Place = { operation: head.label, part: "request body", pointer: "" };
  if (!before && !after) return;
  if (before && !after) return docs.emit(place, breaking("request-body.removed", "the request body is no longer accepted"));
  if (!before && after) {
    return docs.emit(place, after.required ? breaking("request-body.added-required", "a request body is now required") : additive("request-body.added", "an optional request body is now accepted"));
  }
  if (!before.required && after.required) docs.emit(place, breaking("request-body.became-required", "the request body is now required"));
  const wasTypes = byMediaType(before.content);
  const nowTypes = byMediaType(after.content);
  for (const [key, { label, media }] of wasTypes) {
    const next = nowTypes.get(key);
    const at = { ...place, part: `request body (${next?.label ?? label})` };
    if (!next) docs.emit(at, breaking("request-body.media-type-removed", `${label} is no longer accepted`));
    else compareSchemas(docs.baseDoc, docs.headDoc, { base: media.schema, head: next.media.schema }, "request", at, docs.emit, docs.sameSchemas);
  }
  for (const [key, { label }] of nowTypes) {
    if (!wasTypes.has(key)) docs.emit({ ...place, part: `request body (${label})` }, additive("request-body.media-type-added", `${label} is now accepted`));
  }
}

function compareResponses(docs: Docs, base: OperationEntry, head: OperationEntry) {
  const before: Record<string, any> = base.operation.responses ?? {};
  const after: Record<string, any> = head.operation.responses ?? {};
  const hadSuccess = Object.keys(before).some(isSuccess);
  for (const [status, rawBefore] of Object.entries(before)) {
    const place: Place = { operation: head.label, part: `response ${status}`, pointer: "" };
    if (!(status in after)) {
      docs.emit(place, breaking("response.status-removed", `status ${status} is no longer documented`));
      continue;
    }
    const was = deref(docs.baseDoc, rawBefore).node ?? {};
    const now = deref(docs.headDoc, after[status]).node ?? {};
    const wasTypes = byMediaType(was.content);
    const nowTypes = byMediaType(now.content);
    for (const [key, { label, media }] of wasTypes) {
      const next = nowTypes.get(key);
      const at = { ...place, part: `response ${status} (${next?.label ?? label})` };
      if (!next) docs.emit(at, breaking("response.media-type-removed", `${label} body is no longer returned`));
      else compareSchemas(docs.baseDoc, docs.headDoc, { base: media.schema, head: next.media.schema }, "response", at, docs.emit, docs.sameSchemas);
    }
    for (const [key, { label }] of nowTypes) {
      if (wasTypes.has(key)) continue;
      const at = { ...place, part: `response ${status} (${label})` };
      // A client that only handled one body type cannot read a new one in its place.
      if (wasTypes.size > 0) docs.emit(at, breaking("response.media-type-added", `may now return a ${label} body`));
      else docs.emit(at, additive("response.body-added", `now returns a ${label} body`));
    }
    compareResponseHeaders(docs.baseDoc, docs.headDoc, was.headers, now.headers, place, docs.emit, docs.sameSchemas);
  }
  for (const status of Object.keys(after)) {
    if (status in before) continue;
    const place: Place = { operation: head.label, part: `response ${status}`, pointer: "" };
    // A new success status is a response clients were not built to read; a new
    // error status shares the one error shape and lands in the error path.
    if (isSuccess(status) && hadSuccess) docs.emit(place, breaking("response.success-status-added", `may now answer ${status}`));
    else docs.emit(place, additive("response.status-added", `status ${status} is now documented`));
  }
}

function compareOperation(docs: Docs, base: OperationEntry, head: OperationEntry) {
  if (!base.operation.deprecated && head.operation.deprecated) {
    docs.emit({ operation: head.label, part: "", pointer: "" }, additive("operation.deprecated", `${head.operationId ?? head.label} is deprecated`));
  }
  compareParameters(docs, base, head);
  compareRequestBodies(docs, base, head);
  compareResponses(docs, base, head);
  compareSecurity(docs.baseDoc, docs.headDoc, base, head, docs.emit);
}

export function compareOperations(baseDoc: any, headDoc: any, emit: Emit): void {
  const docs: Docs = { baseDoc, headDoc, emit, sameSchemas: new SameSchemas(baseDoc, headDoc) };
  const before = readOperations(baseDoc);
  const after = readOperations(headDoc);
  const afterById = new Map([...after.values()].filter((e) => e.operationId).map((e) => [e.operationId!, e]));
  const moved = new Set<string>();
  for (const [key, base] of before) {
    const head = after.get(key);
    const spot: Place = { operation: base.label, part: "", pointer: "" };
    if (!head) {
      const elsewhere = base.operationId ? afterById.get(base.operationId) : undefined;
      if (elsewhere && !before.has(elsewhere.key)) {
        moved.add(elsewhere.key);
        emit(spot, breaking("operation.moved", `${base.operationId} moved to ${elsewhere.label}`));
        compareOperation(docs, base, elsewhere);
      } else emit(spot, breaking("operation.removed", `operation ${base.operationId ?? base.label} was removed`));
      continue;
    }
    // The typed client's operations are keyed by operationId: a new name where there was none takes nothing away.
    if (base.operationId === undefined && head.operationId !== undefined) {
      emit(spot, additive("operation.named", `now has the operationId ${head.operationId}`));
    } else if (base.operationId !== head.operationId) {
      emit(spot, breaking("operation.renamed", `operationId ${base.operationId ?? "(none)"} renamed to ${head.operationId ?? "(none)"}`));
    }
    compareOperation(docs, base, head);
  }
  for (const [key, head] of after) {
    if (before.has(key) || moved.has(key)) continue;
    const summary = typeof head.operation.summary === "string" ? ` (${head.operation.summary})` : "";
    emit({ operation: head.label, part: "", pointer: "" }, additive("operation.added", `new operation ${head.operationId ?? head.label}${summary}`));
  }
}
