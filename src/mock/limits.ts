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

/** The largest a stored customer may grow (as JSON), so that a full page of 100 stays sendable. */
export const MAX_CUSTOMER_BYTES = 512 * 1024;
