// The docs' code samples are generated, and they work: every TypeScript sample
// type-checks against the package, every curl command gets a documented 2xx
// from the Prism mock, and generating twice gives the same samples.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operationTable } from "../generated/operations.js";
import { validators } from "../src/validators.js";
import { APP_ID_VARIABLE, APP_TOKEN_VARIABLE, MOCK_BASE_URL, tsLiteral, withCodeSamples, type CodeSample } from "../scripts/lib/docs/code-samples.js";
import { makeOffline, redocConfig } from "../scripts/lib/docs/generate-docs.js";
import { bundledSpec } from "./support/spec.js";
import { SHARED_PRISM_TIMEOUT_MS, sharedPrism } from "./support/shared-prism.js";
import { typecheck } from "./support/typecheck.js";

const run = promisify(execFile);
const documented = withCodeSamples(bundledSpec);
const PRODUCTION = "https://api.voucherify.io";

const samples: Array<{ operationId: string; sample: CodeSample }> = Object.values<any>(documented.paths).flatMap((item) =>
  Object.values<any>(item)
    .filter((op) => op?.operationId)
    .flatMap((op) => (op["x-codeSamples"] as CodeSample[]).map((sample) => ({ operationId: op.operationId as string, sample }))),
);
const ofLang = (lang: CodeSample["lang"]) => samples.filter((s) => s.sample.lang === lang);

/** A TypeScript sample as a module of the test tree: the package import points at src/, and `process` is declared (no @types/node there). */
const asCheckable = (source: string) =>
  `declare const process: { env: Record<string, string | undefined> };\n${source.replace(/"voucherify-customers-contract\/client"/g, '"../../src/client.js"')}\nexport {};\n`;

const workDir = mkdtempSync(join(tmpdir(), "customers-samples-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("x-codeSamples", () => {
  it("gives every operation a curl and a TypeScript sample, labelled once each", () => {
    expect(Object.keys(operationTable).length).toBeGreaterThan(0);
    for (const operationId of Object.keys(operationTable)) {
      const own = samples.filter((s) => s.operationId === operationId).map((s) => s.sample);
      expect(own.filter((s) => s.label === "curl"), operationId).toHaveLength(1);
      expect(own.filter((s) => s.label === "TypeScript"), operationId).toHaveLength(1);
      expect(new Set(own.map((s) => s.label)).size, operationId).toBe(own.length);
    }
  });

  it("has one pair per named request example of createCustomer", () => {
    const keys = Object.keys(bundledSpec.paths["/v1/customers"].post.requestBody.content["application/json"].examples);
    const labels = samples.filter((s) => s.operationId === "createCustomer").map((s) => s.sample.label);
    expect(labels).toHaveLength(keys.length * 2);
    expect(labels).toContain(`curl (${keys[1]})`);
  });

  it("is deterministic and leaves the bundled spec untouched", () => {
    expect(withCodeSamples(bundledSpec)).toEqual(documented);
    expect(JSON.stringify(bundledSpec)).not.toContain("x-codeSamples");
  });

  it("is what the generated docs page shows", () => {
    const html = readFileSync(new URL("../generated/docs/index.html", import.meta.url), "utf8");
    const create = samples.find((s) => s.operationId === "createCustomer" && s.sample.label === "TypeScript")!.sample;
    // The spec is embedded as JSON inside the page's script.
    expect(html).toContain(JSON.stringify(create.source).slice(1, -1).replace(/</g, "\\u003c"));
  });

  it("lists every label the samples use in Redoc's language config, curl first", () => {
    const languages = redocConfig(documented).openapi.codeSamples.languages.map((l) => l.label);
    expect(languages[0]).toBe("curl");
    expect(languages.at(-1)).toBe("Payload");
    for (const { sample } of samples) expect(languages).toContain(sample.label);
  });

  it("shows how to point the client at a cluster, and at the mock instead", () => {
    const clusters = bundledSpec.servers[0].variables.cluster;
    for (const { operationId, sample } of ofLang("TypeScript")) {
      expect(sample.source, operationId).toContain(`  cluster: "${clusters.default}", // your project's cluster: ${clusters.enum.map((c: string) => `"${c}"`).join(", ")}\n`);
      expect(sample.source, operationId).toContain(`  // baseUrl: "${MOCK_BASE_URL}", // instead of cluster: the mock (\`npm start\``);
    }
  });

  /** The sample as a reader switches it to the mock: baseUrl uncommented, cluster gone. */
  const atMock = (source: string) => source.replace(/^ {2}cluster: .*\n/m, "").replace(/^ {2}\/\/ (baseUrl: "[^"]+",).*$/m, "  $1");
  const sampleFiles = Object.fromEntries(
    ofLang("TypeScript").flatMap(({ operationId, sample }, i) => [
      [`sample-${i}-${operationId}.check.ts`, asCheckable(sample.source)],
      [`sample-${i}-${operationId}-mock.check.ts`, asCheckable(atMock(sample.source))],
    ]),
  );
  const create = ofLang("TypeScript").find((s) => s.operationId === "createCustomer")!.sample.source;
  const broken = create.replace("source_id:", "sourceid:");
  const TYPO_FILE = "sample-typo.check.ts";
  // One program for the samples and the broken one (each a module of its
  // own, so they cannot affect each other): a second program would bind the
  // client and the generated types all over again.
  let diagnostics: string[] | undefined;
  const checked = () => (diagnostics ??= typecheck({ ...sampleFiles, [TYPO_FILE]: asCheckable(broken) }));
  const inTypoFile = (line: string) => line.includes(`/${TYPO_FILE}:`);

  it("every TypeScript sample type-checks against the package, as shown and pointed at the mock", () => {
    expect(Object.keys(sampleFiles).length).toBeGreaterThanOrEqual(2 * Object.keys(operationTable).length);
    expect(atMock(ofLang("TypeScript")[0]!.sample.source)).toMatch(/^ {2}baseUrl: "http:\/\/127\.0\.0\.1:4010",$/m);
    expect(checked().filter((line) => !inTypoFile(line))).toEqual([]);
  });

  it("the type check catches a sample whose body has a typo", () => {
    expect(broken).not.toBe(create);
    const typo = checked().filter(inTypoFile);
    expect(typo.join("\n")).toContain("sourceid");
  });
});

describe("tsLiteral", () => {
  it("writes keys bare where TypeScript allows and quotes the rest", () => {
    expect(tsLiteral({ a: 1, "b-c": [true, null], d: {} })).toBe('{\n  a: 1,\n  "b-c": [\n    true,\n    null,\n  ],\n  d: {},\n}');
  });
});

describe("makeOffline", () => {
  it("replaces Redoc's CDN logo and adds an inline icon", () => {
    const page = makeOffline('<html><head></head><body><img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg"></body></html>');
    expect(page).not.toContain("cdn.redoc.ly");
    expect(page).toContain('<link rel="icon" href="data:,">');
    expect(page).toMatch(/src="data:image\/svg\+xml,/);
  });

  it("refuses a page without a head instead of returning it half-fixed", () => {
    expect(() => makeOffline("<html><body></body></html>")).toThrow(/without <head>/);
  });

  it("left no CDN address in the generated page", () => {
    const html = readFileSync(new URL("../generated/docs/index.html", import.meta.url), "utf8");
    expect(html).not.toContain("cdn.redoc.ly");
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).toContain('"disableTelemetry":true');
  });
});

// Last in the file: the shared Prism may still be starting while the rest runs.
describe("x-codeSamples against the Prism mock", () => {
  let mockUrl: string;
  beforeAll(async () => {
    mockUrl = await sharedPrism();
  }, SHARED_PRISM_TIMEOUT_MS);

  it("every curl command gets a documented 2xx from the mock, with a body that validates", async () => {
    const curls = ofLang("curl");
    expect(curls.length).toBeGreaterThanOrEqual(Object.keys(operationTable).length);
    // One curl at a time would leave the cores idle while each process starts.
    const answers = await Promise.all(
      curls.map(async ({ operationId, sample }) => {
        // The sample as shown, pointed at the mock; curl reports the status on a last line of its own.
        const script = `curl() { command curl --silent --show-error --write-out '\\n%{http_code}' "$@"; }\n${sample.source.split(PRODUCTION).join(mockUrl)}`;
        const { stdout } = await run("bash", ["-c", script], {
          cwd: workDir,
          env: { ...process.env, [APP_ID_VARIABLE]: "docs-app", [APP_TOKEN_VARIABLE]: "docs-token" },
        });
        return { operationId, sample, stdout };
      }),
    );
    for (const { operationId, sample, stdout } of answers) {
      expect(sample.source, operationId).toContain(PRODUCTION);
      const lines = stdout.trimEnd().split("\n");
      const status = lines.pop()!;
      const facts = operationTable[operationId as keyof typeof operationTable];
      expect(status.startsWith("2"), `${operationId} ${sample.label} answered ${status}: ${lines.join("\n")}`).toBe(true);
      const schema = facts.responseSchemas[status];
      expect(schema, `${operationId} documents ${status}`).not.toBeUndefined();
      if (schema) expect(validators[schema](JSON.parse(lines.join("\n"))), `${operationId} ${sample.label}`).toMatchObject({ ok: true });
    }
  });
});
