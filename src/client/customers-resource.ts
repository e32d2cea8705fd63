// `client.customers`: a declarative table of methods (stripe-node style).
// Each row names an operation of the spec and how the method's positional
// arguments map onto it; method, path and types all come from generated/, so
// a row is the whole cost of a new method.
import type { OperationId } from "../../generated/operations.js";
import type { Customer, CustomerList } from "../../generated/schema.js";
import type { ListAllQuery, ListPage } from "./list-all-customers.js";
import type { CallOptions } from "./options.js";
import type { OperationName, PathParams, QueryParams, RequestBody, SuccessResult } from "./operation-types.js";
import { refuseDotSegment } from "./request.js";
import type { CallInput, Transport } from "./transport.js";

/**
 * How one positional argument is used: the JSON body, the query, a path
 * parameter by name, or a file and its name for a multipart upload.
 */
type ArgKind = "body" | "query" | `path:${string}` | "file" | "filename";

interface MethodSpec {
  readonly operationId: OperationId & OperationName;
  readonly args: readonly ArgKind[];
}

export const customerMethods = {
  create: { operationId: "createCustomer", args: ["body"] },
  list: { operationId: "listCustomers", args: ["query"] },
  get: { operationId: "getCustomer", args: ["path:customerId"] },
  update: { operationId: "updateCustomer", args: ["path:customerId", "body"] },
  delete: { operationId: "deleteCustomer", args: ["path:customerId"] },
  deletePermanently: { operationId: "deleteCustomerPermanently", args: ["path:customerId"] },
  importCsv: { operationId: "importCustomersCsv", args: ["file", "filename"] },
  updateInBulk: { operationId: "updateCustomersInBulk", args: ["body"] },
  updateMetadataInBulk: { operationId: "updateCustomersMetadataInBulk", args: ["body"] },
  listActivity: { operationId: "listCustomerActivity", args: ["path:customerId", "query"] },
  /** @deprecated The API deprecated this operation; use listActivity. */
  listActivities: { operationId: "listCustomerActivities", args: ["path:customerId", "query"] },
  listSegments: { operationId: "listCustomerSegments", args: ["path:customerId"] },
  listRedeemables: { operationId: "listCustomerRedeemables", args: ["path:customerId", "query"] },
} as const satisfies Record<string, MethodSpec>;

/** What `importCsv` accepts as the file: a Blob or File, raw bytes, or the CSV text. */
export type CsvFile = Blob | Uint8Array | string;

type Arg<O extends OperationName, K> = K extends "body"
  ? RequestBody<O>
  : K extends "file"
    ? CsvFile
    : K extends "filename"
      ? string
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
    : K extends "filename"
      ? [filename?: string, ...Args<O, Rest>]
      : [Arg<O, K>, ...Args<O, Rest>]
  : [];

type Method<S extends MethodSpec> = (
  ...args: [...Args<S["operationId"], S["args"]>, options?: CallOptions]
) => Promise<SuccessResult<S["operationId"]>>;

export type CustomersResource = { readonly [M in keyof typeof customerMethods]: Method<(typeof customerMethods)[M]> } & {
  /**
   * Every customer matching the filters, page after page, as one async
   * iterator: `for await (const customer of client.customers.listAll({ email }))`.
   */
  readonly listAll: (query?: ListAllQuery, options?: CallOptions) => AsyncGenerator<Customer, void, undefined>;
};

function toFormData(file: unknown, filename: unknown): FormData {
  if (!(file instanceof Blob) && !(file instanceof Uint8Array) && typeof file !== "string") {
    throw new TypeError("importCsv takes the CSV as a Blob, a File, a Uint8Array or a string.");
  }
  const blob = file instanceof Blob ? file : new Blob([file as BlobPart], { type: "text/csv" });
  const name = typeof filename === "string" && filename ? filename : file instanceof File ? file.name : "customers.csv";
  const form = new FormData();
  form.append("file", blob, name);
  return form;
}

function toInput(kinds: readonly ArgKind[], args: unknown[]): CallInput {
  const input: CallInput = {};
  kinds.forEach((kind, i) => {
    const value = args[i];
    if (kind === "body") input.body = value;
    else if (kind === "query") input.query = value as Record<string, unknown> | undefined;
    else if (kind === "file") input.body = toFormData(value, args[kinds.indexOf("filename")]);
    else if (kind.startsWith("path:")) {
      // Refused here, unwrapped, as client.http refuses it; a missing or empty value is refused when the path is filled.
      const name = kind.slice("path:".length);
      refuseDotSegment(name, value);
      (input.path ??= {})[name] = value;
    }
  });
  return input;
}

export function createCustomersResource(transport: Transport): CustomersResource {
  const resource: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(customerMethods) as [string, MethodSpec][]) {
    resource[name] = async (...args: unknown[]) =>
      transport.call(spec.operationId, toInput(spec.args, args), args[spec.args.length] as CallOptions | undefined);
  }
  const listPage: ListPage = (query, options, check) => transport.call("listCustomers", { query }, options, check) as Promise<CustomerList>;
  // The walk loads on first use, like the validators: bundlers keep it out of the client chunk
  // (the client entry must stay within 10 KB gzipped), and a walk starts with a request anyway.
  resource.listAll = async function* (query?: ListAllQuery, options?: CallOptions) {
    const { listAllCustomers } = await import("./list-all-customers.js");
    yield* listAllCustomers(listPage, query, options);
  };
  return Object.freeze(resource) as CustomersResource;
}
