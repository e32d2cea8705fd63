// Entry point `voucherify-customers-contract`: everything, re-exported.
export * from "./client.js";
export * from "./validators.js";
export * as examples from "./examples.js";
export type * from "./types.js";
export { contractVersion as CONTRACT_VERSION, operationTable } from "../generated/operations.js";
