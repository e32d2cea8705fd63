// The validators as the root entry re-exports them. Here, the very module;
// in dist/ the build puts a stand-in in its place whose functions load the
// compiled validators (1.6 MB) on first call, so importing the root costs
// about what `/client` does (issue 12, item 8; src/validators-lazy.ts).
// `/validators` itself stays eager: importing it is asking for them.
export * from "./validators.js";
