// Entry point `voucherify-customers-contract/types`: types only, zero runtime.
// Every name comes from generated/schema.d.ts (one alias per component schema).
export type * from "../generated/schema.js";
export type { ValidationIssue, ValidationResult, Validator, SchemaName } from "../generated/validators.js";
