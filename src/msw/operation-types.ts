// Type-level views of one operation, read from the generated `operations`
// interface, in the shapes MSW's resolvers take: path parameters as strings,
// the JSON request body, and every documented JSON response body.
import type { operations } from "../../generated/schema.js";

export type OperationId = keyof operations;

type Content<T> = T extends { content: infer C } ? C : never;
type Json<T> = Content<T> extends { "application/json": infer B } ? B : never;

/** Path parameters as MSW passes them: strings, by the spec's names. */
export type OperationParams<Id extends OperationId> = operations[Id]["parameters"] extends { path: infer P }
  ? { [K in keyof P]: string }
  : Record<string, never>;

/** The JSON request body (`never`-free: `undefined` when the operation takes none or takes multipart). */
export type OperationRequestBody<Id extends OperationId> = operations[Id] extends { requestBody?: infer B }
  ? [Json<NonNullable<B>>] extends [never]
    ? undefined
    : Json<NonNullable<B>>
  : undefined;

type Responses<Id extends OperationId> = operations[Id]["responses"];

/** The documented statuses of an operation. */
export type OperationStatus<Id extends OperationId> = keyof Responses<Id> & number;

/** The union of every documented JSON response body (success and error). */
export type OperationResponseBody<Id extends OperationId> = {
  [S in keyof Responses<Id>]: Json<Responses<Id>[S]>;
}[keyof Responses<Id>];
