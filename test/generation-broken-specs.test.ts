// Broken specs that pass lint (or that lint words poorly) and that the
// generators used to meet unprepared: each must stop generation with a
// SpecError naming the file and line and saying what is wrong, never a stack
// trace, an error without a place, or a generated file that is wrong. Each
// copy of openapi/ carries every problem of one stage, so one run of the
// pipeline serves several cases.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateAll } from "../scripts/lib/generate/generate-all.js";
import { endIdleWorkers } from "../scripts/lib/generate/worker-task.js";
import { SpecError } from "../scripts/lib/spec/spec-error.js";
import { copySpec, type SpecEdit } from "./support/generation-spec-copy.js";

const work = mkdtempSync(join(tmpdir(), "customers-broken-spec-"));
afterAll(() => {
  endIdleWorkers();
  rmSync(work, { recursive: true, force: true });
});

/** Every operation the copies' links name, so the lint passes where the test means it to. */
const PATHS = ["/v1/customers", "/v1/customers/{customerId}", "/v1/customers/{customerId}/permanent-deletion"];
const DELETION = "paths/customers_{customerId}_permanent-deletion.yaml";
const EMPTY_EXAMPLE = "          empty:\n            $ref: ../components/examples/EmptyObject.yaml\n";

const failures = new Map<string, Promise<unknown>>();
/** The problems generateAll reports for a copy of openapi/ with `edits` (and `after`, run on the copy's folder), one a line; run once per copy. */
async function problems(name: string, edits: SpecEdit[], after?: (dir: string) => void): Promise<string> {
  if (!failures.has(name)) {
    const dir = join(work, name);
    const specRoot = copySpec(dir, PATHS, edits);
    after?.(dir);
    failures.set(name, generateAll(specRoot).then(() => undefined, (error: unknown) => error));
  }
  const error = await failures.get(name)!;
  expect(error).toBeInstanceOf(SpecError);
  return (error as SpecError).problems.join("\n");
}

// Lint-clean, but the generators would fail on it or write broken code.
const generationRules = () =>
  problems("generation-rules", [
    [
      DELETION,
      (t) =>
        t
          // An inline request schema, and inline examples: one key no constant can carry, one key twice (two media types).
          .replace("        schema:\n          $ref: ../components/schemas/EmptyBody.yaml\n", "        schema:\n          type: object\n          additionalProperties: false\n")
          .replace(
            EMPTY_EXAMPLE,
            `${EMPTY_EXAMPLE}          no-body:\n            summary: Nothing\n            value: {}\n          other:\n            summary: Other\n            value: {}\n` +
              "      application/merge-patch+json:\n        schema:\n          $ref: ../components/schemas/EmptyBody.yaml\n        examples:\n          other:\n            summary: Other again\n            value: {}\n",
          )
          // An inline response schema made of a component.
          .replace(
            "          schema:\n            $ref: ../components/schemas/CustomerPermanentDeletion.yaml\n",
            "          schema:\n            anyOf:\n              - $ref: ../components/schemas/CustomerPermanentDeletion.yaml\n              - type: 'null'\n",
          ),
    ],
    // An operationId that is no identifier (and the links that name it).
    ["paths/customers_{customerId}.yaml", (t) => t.replace("operationId: deleteCustomer\n", "operationId: delete-customer\n")],
    ["components/links/DeleteCustomerById.yaml", (t) => t.replace("operationId: deleteCustomer", "operationId: delete-customer")],
    ["components/links/DeleteCustomerBySourceId.yaml", (t) => t.replace("operationId: deleteCustomer", "operationId: delete-customer")],
  ]);

// Schemas lint accepts and AJV's strict mode, as the validators are compiled, does not.
const strictSchemas = () =>
  problems("strict-schemas", [
    ["components/schemas/CustomerAddress.yaml", (t) => t.replace("  city:\n    type:\n", "  city:\n    format: postcode\n    type:\n")],
    ["components/schemas/Customer.yaml", (t) => t.replace("properties:\n", "properties:\n  nickname:\n    description: What friends call them.\n    minLength: 1\n")],
    ["components/parameters/Limit.yaml", (t) => t.replace("  type: integer\n", "  type: integer\n  format: small\n")],
  ]);

describe("generation of a broken spec", { timeout: 180_000 }, () => {
  it("fails on a body schema written inline, at the schema: the operations table would hold null and the client and the mock skip their checks", async () => {
    const found = await generationRules();
    expect(found).toMatch(
      /customers_\{customerId\}_permanent-deletion\.yaml:17:9: the application\/json schema of deleteCustomerPermanently's request body is written inline: a body's schema must be a \$ref to a schema component/,
    );
    expect(found).toMatch(/customers_\{customerId\}_permanent-deletion\.yaml:41:11: the application\/json schema of deleteCustomerPermanently's 200 response is written inline/);
  });

  it("fails on an inline example whose key cannot name its constant in generated/examples.js", async () => {
    expect(await generationRules()).toMatch(
      /customers_\{customerId\}_permanent-deletion\.yaml:23:11: the inline example "no-body" of deleteCustomerPermanently \(request, application\/json\) would be exported as "deleteCustomerPermanently_request_no-body", which cannot name generated code/,
    );
  });

  it("fails on two inline examples that would be exported under one name, naming both places", async () => {
    expect(await generationRules()).toMatch(
      /permanent-deletion\.yaml:33:11: the inline example "other" of deleteCustomerPermanently \(request, application\/merge-patch\+json\) would be exported as "deleteCustomerPermanently_request_other", a name the inline example "other" of deleteCustomerPermanently \(request, application\/json\) \(\S*permanent-deletion\.yaml:26:11\) has already/,
    );
  });

  it("fails on an operationId that cannot name generated code, instead of inside AJV", async () => {
    expect(await generationRules()).toMatch(/customers_\{customerId\}\.yaml:71:3: the operationId "delete-customer" cannot name generated code: .*\(e\.g\. "deleteCustomer"\)/);
  });

  it("fails on each schema AJV's strict mode rejects, at the offending subschema, with AJV's reason", async () => {
    const found = await strictSchemas();
    expect(found).toMatch(/components\/schemas\/CustomerAddress\.yaml:5:3: AJV \(strict mode, as the validators are compiled\) rejects this schema: unknown format "postcode" \(the formats the validators know: .*date-time/);
    expect(found).toMatch(/components\/schemas\/Customer\.yaml:14:3: AJV \(strict mode, as the validators are compiled\) rejects this schema: missing type "string" for keyword "minLength"$/m);
    expect(found).toMatch(/components\/parameters\/Limit\.yaml:5:1: AJV \(strict mode, as the validators are compiled\) rejects this schema: unknown format "small" /);
    expect(found.split("\n")).toHaveLength(3);
  });

  it("fails on a file that is not UTF-8, where it would have put U+FFFD in every artefact", async () => {
    const found = await problems("latin-1", [], (dir) => {
      const file = join(dir, "components/schemas/CustomerAddress.yaml");
      writeFileSync(file, Buffer.from(readFileSync(file, "utf8").replace("description: City or town.", "description: Cit\u00e9 or town."), "latin1"));
    });
    expect(found).toMatch(/components\/schemas\/CustomerAddress\.yaml:9:21: the file is not UTF-8 text \(byte 0xE9 here/);
  });

  it("words broken YAML in a $ref'd file without its absolute path", async () => {
    const found = await problems("tab-indent", [["components/schemas/CustomerAddress.yaml", (t) => t.replace("  state:\n    type:", "  state:\n\ttype:")]]);
    expect(found).toMatch(/components\/schemas\/CustomerAddress\.yaml:11:1: Failed to parse: tab characters must not be used in indentation \(no-unresolved-refs\)$/m);
    expect(found).toMatch(/components\/schemas\/Customer\.yaml:\d+:\d+: Can't resolve \$ref: tab characters must not be used in indentation in \S*components\/schemas\/CustomerAddress\.yaml:11:1 \(/);
    expect(found).not.toContain(`"${work}`);
  });
});
