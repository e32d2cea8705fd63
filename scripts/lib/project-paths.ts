// Where the pipeline reads and writes, relative to the repository root.
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SPEC_ROOT = join(ROOT, "openapi/openapi.yaml");
export const REDOCLY_CONFIG = join(ROOT, "redocly.yaml");
export const GENERATED = join(ROOT, "generated");
export const SRC = join(ROOT, "src");
