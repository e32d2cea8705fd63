// What a first-error-only validator would gain over the shipped all-errors
// one, run in its own process by bench/validators.bench.ts:
// `tsx first-error.ts <customer|create> <valid|invalid>`. Both are compiled
// here from the same prepared schemas, differing only in `allErrors`; prints
// one JSON line with ops/s of each and their ratio (first-error ÷ all-errors).
import { readFileSync } from "node:fs";
import { componentSchemasDocument, createAjv, schemaRef } from "../../../scripts/lib/generate/create-ajv.js";
import { prepareValidationSchemas } from "../../../scripts/lib/generate/prepare-validation-schemas.js";
import { compare } from "./interleave.js";
import { payload, schemaName, type Path, type Subject } from "./payloads.js";

const [subject, path] = process.argv.slice(2) as [Subject, Path];
if (!(subject in schemaName) || (path !== "valid" && path !== "invalid")) {
  console.error("usage: first-error.ts <customer|create> <valid|invalid>");
  process.exit(2);
}

const document = JSON.parse(readFileSync(new URL("../../../generated/openapi.json", import.meta.url), "utf8"));
const defs = prepareValidationSchemas(componentSchemasDocument(document).$defs);
const compiled = (allErrors: boolean) => {
  const ajv = createAjv([], { allErrors, messages: false, code: { source: false } });
  ajv.addSchema({ ...componentSchemasDocument({}), $defs: defs });
  return ajv.getSchema(schemaRef(schemaName[subject]))!;
};
const firstError = compiled(false);
const allErrors = compiled(true);

const input = payload(subject, path);
const result = compare([{ name: "first error", run: (v) => firstError(v) }, { name: "all errors", run: (v) => allErrors(v) }], input);
console.log(JSON.stringify({ firstErrorOps: result.opsPerSecond[0], allErrorsOps: result.opsPerSecond[1], ratio: result.ratio }));
