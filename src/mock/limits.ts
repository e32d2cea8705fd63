// The mock's documented limits. Each keeps a request from being accepted
// when what it stores could not be read back or sent again.

/** The API's documented body limit (10 MB); a larger body is a 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * How deeply a JSON body may nest (objects and arrays, the body itself is
 * level 1). Deeper bodies are a 400: a value nested a few thousand levels deep
 * cannot be copied or serialized again without overflowing the call stack,
 * so a stored one would break every later read.
 */
export const MAX_BODY_DEPTH = 32;

/** What a body or customer nested past `limit` is told, wherever the depth is checked. */
export const tooDeep = (limit: number) => `nests objects or arrays more than ${limit} levels deep, the mock's limit`;

/** The largest a stored customer may grow (as JSON), so that a full page of 100 stays sendable. */
export const MAX_CUSTOMER_BYTES = 512 * 1024;

/**
 * The most the whole store may hold (its customers as JSON, together). The
 * `--state` file and `store.export()` are the store as one JSON text, and a
 * JavaScript string holds at most about 512 million characters (V8): this
 * keeps a store that can always be written and read back, with room to spare.
 */
export const MAX_STORE_BYTES = 128 * 1024 * 1024;

/**
 * The most validation issues one error answer lists; the rest are counted
 * ("… and 1234 more issues"). A 10 MB body of small invalid items once made a
 * 200 MB answer.
 */
export const MAX_REPORTED_ISSUES = 50;
