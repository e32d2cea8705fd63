// x-codeSamples for the docs: for every operation, a curl command and a call
// through this package's client, built from the operation's named examples
// and the client's method table at generation time. Nothing here is written
// per operation, so a sample cannot drift from the spec or from the client.
// Redoc has no generator for our own client, which is why this is hand code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { customerMethods } from "../../../src/client/customers-resource.js";
import { operationTable } from "../generate/generate-operations.js";
import { ROOT } from "../project-paths.js";
import { collectExamples, type SpecExample } from "../spec/spec-examples.js";
import { derefNode as deref } from "../../../src/spec/refs.js";
import { SpecError } from "../spec/spec-error.js";

export interface CodeSample {
  lang: "curl" | "TypeScript";
  label: string;
  source: string;
}

const PACKAGE_NAME: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).name;
const METHODS = ["get", "put", "post", "delete", "patch"] as const;
/** The environment variables both samples read the app keys from. */
export const APP_ID_VARIABLE = "VOUCHERIFY_APP_ID";
export const APP_TOKEN_VARIABLE = "VOUCHERIFY_APP_TOKEN";


/** The first server with its variables at their defaults: https://api.voucherify.io. */
function baseUrl(document: any): string {
  const server = document.servers?.[0];
  if (!server?.url) throw new SpecError(["the spec has no `servers` entry to build the code samples' URLs from"]);
  return String(server.url).replace(/\{([^}]+)\}/g, (_: string, name: string) => String(server.variables?.[name]?.default ?? name));
}

/** The mock's address as `npm start` and `npx voucherify-customers-mock` serve it by default. */
export const MOCK_BASE_URL = "http://127.0.0.1:4010";

/**
 * The client's `cluster` option as the spec's server variable defines it: the
 * default and every allowed value, for the samples' comment.
 */
function clusterChoices(document: any): { name: string; value: string; choices: string[] } | undefined {
  const [name, variable] = Object.entries<any>(document.servers?.[0]?.variables ?? {})[0] ?? [];
  if (!name || variable?.default === undefined) return undefined;
  return { name, value: String(variable.default), choices: (variable.enum ?? [variable.default]).map(String) };
}

/** A parameter's sample value: its `example`, else its first named example, else its schema's. */
function parameterExample(document: any, parameter: any): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values<any>(parameter.examples ?? {})[0];
  if (named) return deref(document, named).value;
  const schema = deref(document, parameter.schema);
  return schema?.example ?? schema?.examples?.[0] ?? schema?.default;
}

interface SampleInput {
  /** The example's key when the operation has several, for the tab label. */
  key?: string;
  body?: unknown;
  mediaType?: string;
  path: Record<string, string>;
  query: Array<[string, unknown]>;
}

function parameters(document: any, pathItem: any, operation: any): any[] {
  const byKey = new Map<string, any>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

/** One input per named request example; one input from the parameters' examples when there is no required body. */
function sampleInputs(document: any, path: string, method: string, examples: SpecExample[]): SampleInput[] {
  const pathItem = deref(document, document.paths[path]);
  const operation = pathItem[method];
  const params = parameters(document, pathItem, operation);
  const pathValues: Record<string, string> = {};
  const query: Array<[string, unknown]> = [];
  for (const parameter of params) {
    const value = parameterExample(document, parameter);
    if (parameter.in === "path") {
      if (value === undefined) throw new SpecError([`${operation.operationId}: path parameter "${parameter.name}" needs an example for the code samples`]);
      pathValues[parameter.name] = String(value);
    } else if (parameter.in === "query" && value !== undefined && (parameter.required || parameter.example !== undefined || parameter.examples)) {
      query.push([parameter.name, value]);
    } else if (parameter.in === "query" && parameter.required) {
      throw new SpecError([`${operation.operationId}: required query parameter "${parameter.name}" needs an example for the code samples`]);
    }
  }
  const requestBody = deref(document, operation.requestBody);
  const requestExamples = examples.filter((e) => e.status === "request");
  if (!requestBody?.required || requestExamples.length === 0) return [{ path: pathValues, query }];
  return requestExamples.map((e) => ({
    ...(requestExamples.length > 1 ? { key: e.key } : {}),
    body: e.value,
    mediaType: e.mediaType,
    path: pathValues,
    query,
  }));
}

const quoteShell = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `{${name}}`));
}

function queryString(query: Array<[string, unknown]>): string {
  if (query.length === 0) return "";
  return `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}`;
}

/** Multipart parts that carry a file, with the content type to send it as. */
function fileParts(document: any, operation: any, mediaType: string): Map<string, string> {
  const media = deref(document, operation.requestBody)?.content?.[mediaType] ?? {};
  const schema = deref(document, media.schema) ?? {};
  const files = new Map<string, string>();
  for (const [name, raw] of Object.entries<any>(schema.properties ?? {})) {
    const property = deref(document, raw);
    // An encoding's contentType may list several accepted types ("text/csv, text/plain"); the sample sends the first.
    const type = String(media.encoding?.[name]?.contentType ?? property.contentMediaType ?? "").split(",")[0]!.trim();
    if (type || property.format === "binary") files.set(name, type || "application/octet-stream");
  }
  return files;
}

const extensionOf = (contentType: string) => contentType.split("/").pop()!.split(/[+;]/)[0]!.replace("plain", "txt");

function curlSample(document: any, path: string, method: string, input: SampleInput, fileName: (part: string, type: string) => string): string {
  const operation = deref(document, document.paths[path])[method];
  const url = `${baseUrl(document)}${fillPath(path, input.path)}${queryString(input.query)}`;
  const before: string[] = [];
  const options = [`--url ${quoteShell(url)}`, `--header "X-App-Id: $${APP_ID_VARIABLE}"`, `--header "X-App-Token: $${APP_TOKEN_VARIABLE}"`];
  if (input.body !== undefined && input.mediaType === "multipart/form-data") {
    const files = fileParts(document, operation, input.mediaType);
    for (const [name, value] of Object.entries(input.body as Record<string, unknown>)) {
      const type = files.get(name);
      if (type) {
        const file = fileName(name, type);
        // A here-document writes the example file, so the command runs as shown.
        before.push(`cat > ${file} <<'EOF'`, String(value).replace(/\n$/, ""), "EOF");
        options.push(`--form ${quoteShell(`${name}=@${file};type=${type}`)}`);
      } else {
        options.push(`--form ${quoteShell(`${name}=${String(value)}`)}`);
      }
    }
  } else if (input.body !== undefined) {
    options.push(`--header 'Content-Type: ${input.mediaType ?? "application/json"}'`, `--data ${quoteShell(JSON.stringify(input.body, null, 2))}`);
  }
  const command = [`curl --request ${method.toUpperCase()}`, ...options].join(" \\\n  ");
  return [...before, command].join("\n");
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as a TypeScript literal, two-space indented, keys unquoted where they can be. */
export function tsLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${tsLiteral(v, inner)},`).join("\n")}\n${indent}}`;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const METHOD_BY_OPERATION = new Map<string, [name: string, args: readonly string[]]>(
  Object.entries(customerMethods).map(([name, spec]) => [spec.operationId, [name, spec.args]]),
);

function typescriptSample(document: any, operationId: string, input: SampleInput, fileName: (part: string, type: string) => string): string {
  const facts = operationTable(document)[operationId]!;
  const successStatus = Object.keys(facts.responseSchemas).find((status) => status.startsWith("2"));
  const schema = successStatus ? facts.responseSchemas[successStatus] : undefined;
  const target = schema === null ? "await " : `const ${schema ? lowerFirst(schema) : "result"} = await `;
  const cluster = clusterChoices(document);
  // Where the client sends its calls: the cluster of the project, or the mock while developing.
  const destination = cluster
    ? [`  ${cluster.name}: ${JSON.stringify(cluster.value)}, // your project's cluster: ${cluster.choices.map((c) => JSON.stringify(c)).join(", ")}`]
    : [];
  const setup = [
    `import { createCustomersClient } from "${PACKAGE_NAME}/client";`,
    "",
    "const client = createCustomersClient({",
    `  appId: process.env.${APP_ID_VARIABLE}!,`,
    `  appToken: process.env.${APP_TOKEN_VARIABLE}!,`,
    ...destination,
    `  // baseUrl: "${MOCK_BASE_URL}", // instead of ${cluster?.name ?? "the spec's server"}: the mock (\`npm start\`, \`npx voucherify-customers-mock\`)`,
    "});",
    "",
  ];
  const method = METHOD_BY_OPERATION.get(operationId);
  if (method) {
    const [name, kinds] = method;
    const files = input.mediaType ? fileParts(document, deref(document, document.paths[facts.path])[facts.method], input.mediaType) : new Map();
    const [filePart, fileType] = [...files.entries()][0] ?? [];
    const args = kinds.map((kind) => {
      if (kind === "body") return input.body === undefined ? undefined : tsLiteral(input.body);
      if (kind === "query") return input.query.length ? tsLiteral(Object.fromEntries(input.query)) : undefined;
      if (kind === "file") return filePart ? tsLiteral((input.body as Record<string, unknown>)[filePart]) : undefined;
      if (kind === "filename") return filePart && fileType ? JSON.stringify(fileName(filePart, fileType)) : undefined;
      return JSON.stringify(input.path[kind.slice("path:".length)]);
    });
    // Trailing optional arguments are left out; a gap before a given one is `undefined`.
    while (args.length && args[args.length - 1] === undefined) args.pop();
    return [...setup, `${target}client.customers.${name}(${args.map((a) => a ?? "undefined").join(", ")});`].join("\n");
  }
  if (input.mediaType && input.mediaType !== "application/json") {
    throw new SpecError([`${operationId}: no client method for a ${input.mediaType} body; add one to src/client/customers-resource.ts`]);
  }
  // No resource method yet: the typed openapi-fetch client reaches every operation.
  const init: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  if (Object.keys(input.path).length) params.path = input.path;
  if (input.query.length) params.query = Object.fromEntries(input.query);
  if (Object.keys(params).length) init.params = params;
  if (input.body !== undefined) init.body = input.body;
  const call = `client.http.${facts.method.toUpperCase()}(${JSON.stringify(facts.path)}${Object.keys(init).length ? `, ${tsLiteral(init)}` : ""});`;
  return [...setup, `const { data, error } = await ${call}`].join("\n");
}

/**
 * The samples of one operation: curl and TypeScript for each input. The first
 * input's tabs are labelled just "curl" and "TypeScript", so a reader's chosen
 * language stays selected from operation to operation; further examples get
 * their own tabs, "curl (minimal)".
 */
export function codeSamplesFor(document: any, path: string, method: string, examples: SpecExample[]): CodeSample[] {
  const operation = deref(document, document.paths[path])[method];
  const tag = String(operation.tags?.[0] ?? "data").toLowerCase();
  const fileName = (part: string, type: string) => `${part === "file" ? tag : part}.${extensionOf(type)}`;
  return sampleInputs(document, path, method, examples).flatMap((input, i): CodeSample[] => {
    const label = (lang: string) => (i === 0 || !input.key ? lang : `${lang} (${input.key})`);
    return [
      { lang: "curl", label: label("curl"), source: curlSample(document, path, method, input, fileName) },
      { lang: "TypeScript", label: label("TypeScript"), source: typescriptSample(document, operation.operationId, input, fileName) },
    ];
  });
}

/** A copy of the bundled spec with `x-codeSamples` on every operation; the input is not changed. */
export function withCodeSamples(document: Record<string, any>): Record<string, any> {
  const copy = structuredClone(document);
  const examples = collectExamples(document);
  for (const [path, item] of Object.entries<any>(copy.paths ?? {})) {
    const pathItem = deref(copy, item);
    for (const method of METHODS) {
      const operation = pathItem?.[method];
      if (!operation) continue;
      const own = examples.filter((e) => e.operationId === operation.operationId);
      operation["x-codeSamples"] = codeSamplesFor(document, path, method, own);
    }
  }
  return copy;
}
