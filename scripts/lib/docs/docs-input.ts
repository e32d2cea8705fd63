// The spec as the docs page reads it: the bundled spec plus a few words, in
// descriptions, for things the spec says but Redoc does not draw. Only the
// docs build sees this copy; generated/openapi.json stays exactly the spec.
//  - Response `links`: Redoc does not render them (Redocly/redoc#572), so
//    each response with links gets a "Next steps" list.
//  - The activity event types: Redoc draws a union as tabs, one per branch,
//    and a branch holds up to nine types, so the union's description lists
//    every type with the schema of its `data.data`.
import { derefNode as deref } from "../../../src/spec/refs.js";
import { SpecError } from "../spec/spec-error.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
/** The union of event types `GET /v1/customers/{customerId}/activity` answers with. */
export const ACTIVITY_SCHEMA = "CustomerActivity";
export const NEXT_STEPS_HEADING = "**Next steps**";
export const EVENT_TYPES_HEADING = "**Event types**";

interface OperationRef {
  method: string;
  path: string;
  operation: any;
}

function operations(document: any): OperationRef[] {
  return Object.entries<any>(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item?.[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}

/** Redoc's anchor for an operation; Redoc maps the `#operation/<operationId>` form to the operation's page section. */
export const operationAnchor = (operationId: string) => `#operation/${encodeURIComponent(operationId)}`;

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const linkText = (text: string) => text.replace(/([[\]\\])/g, "\\$1");
const expression = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The operation a link points at, by `operationId` or by `operationRef` (a
 * local pointer). Lint reports an unknown operationId first, with its file and
 * line (house/link-operation-exists, scripts/lib/spec/lint-plugin.mjs).
 */
function linkTarget(document: any, link: any, all: OperationRef[], where: string): OperationRef {
  if (typeof link.operationId === "string") {
    const target = all.find((o) => o.operation.operationId === link.operationId);
    if (!target) throw new SpecError([`${where}: no operation has operationId "${link.operationId}"`]);
    return target;
  }
  if (typeof link.operationRef === "string") {
    let operation: any;
    try {
      operation = deref(document, { $ref: link.operationRef });
    } catch (error) {
      throw new SpecError([`${where}: operationRef ${(error as Error).message}`]);
    }
    const target = all.find((o) => o.operation === operation);
    if (!target) throw new SpecError([`${where}: operationRef "${link.operationRef}" is not an operation`]);
    return target;
  }
  throw new SpecError([`${where}: a link needs an operationId or an operationRef`]);
}

/** The markdown "Next steps" list of one response's links. */
export function nextSteps(document: any, links: Record<string, unknown>, where: string): string {
  const all = operations(document);
  const lines = Object.entries(links).map(([name, raw]) => {
    const link = deref(document, raw);
    const target = linkTarget(document, link, all, `${where} link ${name}`);
    const id = target.operation.operationId;
    const label = target.operation.summary ?? `${target.method.toUpperCase()} ${target.path}`;
    const anchor = id ? `[${linkText(label)}](${operationAnchor(id)})` : linkText(label);
    const mapping = [
      ...Object.entries<unknown>(link.parameters ?? {}).map(([param, value]) => `${code(param)} ← ${code(expression(value))}`),
      ...(link.requestBody !== undefined ? [`request body ← ${code(expression(link.requestBody))}`] : []),
    ];
    const parts = [`- **${name}** → ${anchor}${id ? ` (${code(id)})` : ""}`];
    if (mapping.length > 0) parts.push(`with ${mapping.join(", ")}`);
    const description = typeof link.description === "string" ? ` ${link.description.trim()}` : "";
    return `${parts.join(" ")}.${description}`;
  });
  return `${NEXT_STEPS_HEADING} (the response's OpenAPI links):\n\n${lines.join("\n")}`;
}

const appendText = (description: unknown, text: string) =>
  typeof description === "string" && description.trim() ? `${description.trimEnd()}\n\n${text}` : text;

/** Appends "Next steps" to every response that has links, inline or under components.responses. */
function describeLinks(document: any): void {
  const visit = (response: any, where: string) => {
    if (!response || typeof response !== "object" || "$ref" in response) return; // described where it is defined
    if (!response.links || Object.keys(response.links).length === 0) return;
    response.description = appendText(response.description, nextSteps(document, response.links, where));
  };
  for (const { method, path, operation } of operations(document)) {
    for (const [status, response] of Object.entries<any>(operation.responses ?? {})) visit(response, `${method.toUpperCase()} ${path} ${status}`);
  }
  for (const [name, response] of Object.entries<any>(document.components?.responses ?? {})) visit(response, `components.responses.${name}`);
}

/** The event types of one branch of the activity union: its `type` const or enum. */
function branchTypes(branch: any): string[] {
  const type = branch?.properties?.type;
  if (type?.const !== undefined) return [String(type.const)];
  if (Array.isArray(type?.enum)) return type.enum.map(String);
  return [];
}

/** The markdown list of every event type of the activity union, with the schema of its `data.data`. */
export function eventTypeList(document: any): string {
  const schema = document.components?.schemas?.[ACTIVITY_SCHEMA];
  const branches = schema?.anyOf ?? schema?.oneOf;
  if (!Array.isArray(branches)) throw new SpecError([`components.schemas.${ACTIVITY_SCHEMA} is not an anyOf/oneOf union; the docs cannot list its event types`]);
  const lines = branches.map((raw: any) => {
    const branch = deref(document, raw);
    const types = branchTypes(branch);
    const dataRef: unknown = branch?.properties?.data?.properties?.data?.$ref;
    const data = typeof dataRef === "string" ? ` → ${code("data.data")}: ${code(dataRef.split("/").pop()!)}` : "";
    if (types.length === 0) return `- any other type${branch?.title ? ` (${branch.title})` : ""}: a generic event with an open ${code("data")}`;
    return `- ${types.map(code).join(", ")}${data}`;
  });
  const count = branches.reduce((n: number, raw: any) => n + branchTypes(deref(document, raw)).length, 0);
  return `${EVENT_TYPES_HEADING} (${count}, by ${code("type")}):\n\n${lines.join("\n")}`;
}

/** A copy of the bundled spec with the docs-only descriptions added; `document` is not changed. */
export function docsInput<T extends Record<string, any>>(document: T): T {
  const copy = structuredClone(document) as any;
  describeLinks(copy);
  const activity = copy.components?.schemas?.[ACTIVITY_SCHEMA];
  if (activity) activity.description = appendText(activity.description, eventTypeList(copy));
  return copy;
}
