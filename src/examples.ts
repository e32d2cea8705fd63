// Entry point `voucherify-customers-contract/examples`: every named example
// of the spec as a typed, frozen constant.
export * from "../generated/examples.js";
