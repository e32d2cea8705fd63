// What `ajv compile` (ajv-cli) does, as a process of its own: read the bundled
// spec, compile every component schema with AJV (draft 2020-12, all errors,
// formats) and write the standalone module. ajv-cli itself is not a dependency
// of this package; this plain-node script stands in for it in the
// generate.ratio benchmark. Usage: node ajv-compile.mjs <openapi.json> <out.js>
import { readFileSync, writeFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";

const [input, output] = process.argv.slice(2);
const schemas = JSON.parse(readFileSync(input, "utf8")).components.schemas;
// The spec's `$ref`s point at #/components/schemas/…; in a schema of its own they are $defs.
const text = JSON.stringify(schemas).replaceAll('"#/components/schemas/', '"#/$defs/');
const ajv = new Ajv2020({ strict: false, allErrors: true, code: { source: true, esm: true } });
(addFormats.default ?? addFormats)(ajv);
ajv.addSchema({ $id: "customers", $defs: JSON.parse(text) });
const refs = Object.fromEntries(Object.keys(schemas).map((name) => [name, `customers#/$defs/${name}`]));
writeFileSync(output, (standaloneCode.default ?? standaloneCode)(ajv, refs));
