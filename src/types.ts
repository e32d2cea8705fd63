// Entry point `voucherify-customers-contract/types`: types only, zero runtime.
// Every name comes from generated/schema.d.ts (one alias per component schema).
export type * from "../generated/schema.js";
export type { ValidationIssue, ValidationResult, Validator, SchemaName } from "../generated/validators.js";
import type { CustomerActivity } from "../generated/schema.js";

// ---- Customer activity, narrowed by `type` ----
// CustomerActivity ends with an open fallback (`type: string`) so that event
// types added later still validate; that fallback also stops
// `activity.type === "customer.segment.entered"` from narrowing. These derive
// the typed branches from the generated union, so they follow the spec.

/** A union member, unless its `type` is any string (the open fallback). */
type WithKnownType<A> = A extends { type: infer U } ? (string extends U ? never : A) : never;
/** A union member narrowed to the tags of `T` it carries; never when it carries none. */
type NarrowedTo<A, T> = A extends { type: infer U } ? ([Extract<U, T>] extends [never] ? never : A & { type: Extract<U, T> }) : never;

/** Every activity whose `type` the spec lists, each with its typed `data`: the union without the open fallback. */
export type KnownCustomerActivity = WithKnownType<CustomerActivity>;
/** The event types the spec lists (`"customer.created"`, `"customer.segment.entered"`, …). */
export type CustomerActivityType = KnownCustomerActivity["type"];
/** The activity of the given event type(s), with its typed `data`. */
export type CustomerActivityOf<T extends CustomerActivityType> = NarrowedTo<KnownCustomerActivity, T>;
