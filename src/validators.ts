// Entry point `voucherify-customers-contract/validators`: `validate<Name>` for
// every component schema, precompiled; plus `formatIssues` for logs.
export * from "../generated/validators.js";
