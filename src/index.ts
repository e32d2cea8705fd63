// Entry point `voucherify-customers-contract`: everything, re-exported.
export * from "./client.js";
// In dist/ a stand-in that loads the validators on first call (src/root-validators.ts).
export * from "./root-validators.js";
export * as examples from "./examples.js";
export type * from "./types.js";
export { contractVersion as CONTRACT_VERSION, operationTable } from "../generated/operations.js";
