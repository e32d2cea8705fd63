// Entry point `voucherify-customers-contract/validators`: `validate<Name>` for
// every component schema, precompiled; plus `formatIssues` for logs.
export * from "../generated/validators.js";
import type { CustomerActivity } from "../generated/schema.js";
import type { CustomerActivityOf, CustomerActivityType } from "./types.js";

/**
 * Narrows a (validated) activity to one event type, with its typed `data`:
 * `activity.type === "…"` alone does not narrow, since the union's open
 * fallback takes any string. Only the tag is compared: the validators
 * already reject a known tag whose body does not fit its branch.
 */
export function isCustomerActivityOfType<T extends CustomerActivityType>(activity: CustomerActivity, type: T): activity is CustomerActivityOf<T> {
  return activity.type === type;
}
