// The bundled spec and its examples, as the tests see them.
import { readFileSync } from "node:fs";
import { collectExamples } from "../../scripts/lib/spec/spec-examples.js";

export const bundledSpec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
export const specExamples = collectExamples(bundledSpec);

export const readFixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
