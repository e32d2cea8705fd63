// Type-level helpers that read an operation's parameters, body and success
// response out of the generated `operations` interface.
import type { operations } from "../../generated/schema.js";

export type OperationName = keyof operations;

type Content<T> = T extends { content: infer C } ? C : never;

/** The request body, whatever its media type (JSON or multipart). */
export type RequestBody<O extends OperationName> = operations[O] extends { requestBody?: infer B }
  ? Content<NonNullable<B>>[keyof Content<NonNullable<B>>]
  : never;

export type PathParams<O extends OperationName> = NonNullable<operations[O]["parameters"]["path"]>;
export type QueryParams<O extends OperationName> = NonNullable<operations[O]["parameters"]["query"]>;

type SuccessStatus = 200 | 201 | 202 | 204;
type Responses<O extends OperationName> = operations[O]["responses"];
type SuccessBody<R> = R extends { content: { "application/json": infer B } } ? B : void;

/** What a resource method resolves with: the 2xx JSON body, or void for 204. */
export type SuccessResult<O extends OperationName> = {
  [S in keyof Responses<O> & SuccessStatus]: SuccessBody<Responses<O>[S]>;
}[keyof Responses<O> & SuccessStatus];
