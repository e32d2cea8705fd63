// The fields of an OpenAPI Path Item that hold an operation, in the order the
// spec walkers visit them (which orders what they report and generate).
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
