// `client.customers`: a declarative table of methods (stripe-node style).
// Each row names an operation of the spec and how the method's arguments map
// onto it; method, path and types all come from generated/, so a row is the
// whole cost of a new method.
import type { OperationId } from "../../generated/operations.js";
import type { CallOptions } from "./options.js";
import type { OperationName, PathParams, QueryParams, RequestBody, SuccessResult } from "./operation-types.js";
import type { CallInput, Transport } from "./transport.js";

/** How one positional argument is used: the body, the query, or a path parameter by name. */
type ArgKind = "body" | "query" | `path:${string}`;

interface MethodSpec {
  readonly operationId: OperationId & OperationName;
  readonly args: readonly ArgKind[];
}

export const customerMethods = {
  create: { operationId: "createCustomer", args: ["body"] },
} as const satisfies Record<string, MethodSpec>;

type Arg<O extends OperationName, K> = K extends "body"
  ? RequestBody<O>
  : K extends `path:${infer Name}`
    ? Name extends keyof PathParams<O>
      ? PathParams<O>[Name]
      : never
    : never;

/** Positional arguments of a method; a trailing query is optional when no query parameter is required. */
type Args<O extends OperationName, Kinds extends readonly ArgKind[]> = Kinds extends readonly [infer K, ...infer Rest extends readonly ArgKind[]]
  ? K extends "query"
    ? {} extends QueryParams<O>
      ? [query?: QueryParams<O>]
      : [query: QueryParams<O>]
    : [Arg<O, K>, ...Args<O, Rest>]
  : [];

type Method<S extends MethodSpec> = (
  ...args: [...Args<S["operationId"], S["args"]>, options?: CallOptions]
) => Promise<SuccessResult<S["operationId"]>>;

export type CustomersResource = { readonly [M in keyof typeof customerMethods]: Method<(typeof customerMethods)[M]> };

function toInput(kinds: readonly ArgKind[], args: unknown[]): CallInput {
  const input: CallInput = {};
  kinds.forEach((kind, i) => {
    const value = args[i];
    if (kind === "body") input.body = value;
    else if (kind === "query") input.query = value as Record<string, unknown> | undefined;
    else (input.path ??= {})[kind.slice("path:".length)] = value;
  });
  return input;
}

export function createCustomersResource(transport: Transport): CustomersResource {
  const resource: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(customerMethods) as [string, MethodSpec][]) {
    resource[name] = (...args: unknown[]) =>
      transport.call(spec.operationId, toInput(spec.args, args), args[spec.args.length] as CallOptions | undefined);
  }
  return Object.freeze(resource) as CustomersResource;
}
