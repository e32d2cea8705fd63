// Every example type-checks against its generated type, and deliberate
// mismatches do not: generated files of `satisfies` checks, compiled in one
// program with the whole project (src, scripts, tests) under tsconfig.json's
// options, by TypeScript 7 (support/typecheck-project.ts); the project must
// type-check as `tsc -p tsconfig.json` does. The
// client's sources also type-check as a browser project has them (DOM lib, no
// @types/node): the only place they are checked under those options, as
// typecheck() checks just its callers' files.
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueExamples } from "../scripts/lib/generate/generate-examples.js";
import { bundledSpec, specExamples } from "./support/spec.js";
import * as examples from "../src/examples.js";
import { isCustomerActivityOfType } from "../src/validators.js";
import type { CustomerActivityType } from "../src/types.js";
import { typecheckWithImports } from "./support/typecheck.js";
import { typecheckProject, type ProjectDiagnostics } from "./support/typecheck-project.js";

const HEADER = 'import type { components, operations } from "../../generated/schema.js";\n';

// The event types the spec types, read from its branches (the open fallback excluded).
const knownTypes = (bundledSpec.components.schemas.CustomerActivity.anyOf as { properties: { type: { const?: string; enum?: string[] } } }[]).flatMap(
  (branch) => branch.properties.type.const ?? branch.properties.type.enum ?? [],
);
const ACTIVITY_IMPORTS = `import type { CustomerActivity, CustomerActivityOf, CustomerActivityType, KnownCustomerActivity } from "../../src/types.js";
import { isCustomerActivityOfType } from "../../src/validators.js";
declare const activity: CustomerActivity;
`;

const exampleChecks = specExamples.map(
  (e, i) => `// ${e.operationId} ${e.status} ${e.key}\nexport const example${i} = ${JSON.stringify(e.value, null, 2)} satisfies ${e.typeExpression};`,
);

/** The check files, each compiled as its own module; a test reads the diagnostics of its file. */
const CHECKS: Record<string, string> = {
  "examples.check.ts": HEADER + exampleChecks.join("\n\n"),
  "mismatches.check.ts": `${HEADER}
import type { Customer, CustomerCreateRequest, ApiError, RedemptionSnapshot } from "../../src/types.js";
import * as examples from "../../src/examples.js";
import { createCustomersClient } from "../../src/client.js";

// @ts-expect-error a typo in a request property is not a CustomerCreateRequest
({ source_id: "s", adress: { city: "NY" } }) satisfies CustomerCreateRequest;
// @ts-expect-error read-only summary is not part of the request
({ source_id: "s", summary: null }) satisfies CustomerCreateRequest;
// @ts-expect-error name must be a string
({ name: 42 }) satisfies CustomerCreateRequest;
// @ts-expect-error a Customer needs its id, created_at, summary, loyalty and referrals
({ object: "customer" }) satisfies Customer;
// @ts-expect-error object is the literal "customer"
({ ...examples.CustomerSeed, object: "voucher" }) satisfies Customer;
// @ts-expect-error code is a number or a string (a 429 may send "429"), never a boolean
({ code: true, message: "x" }) satisfies ApiError;
// nulls the API documents are fine
({ ...examples.CustomerSeed, address: null, summary: null }) satisfies Customer;
// open enums keep their known values (they autocomplete) and take any other string, in a schema and in a query parameter
type ActivityFilter = NonNullable<operations["listCustomerActivity"]["parameters"]["query"]>["type"];
export const knownFilter: Extract<ActivityFilter, "customer.created"> = "customer.created";
export const otherFilter: ActivityFilter = "customer.some_future_event";
export const knownStatus: Extract<RedemptionSnapshot["status"], "SUCCEEDED"> = "SUCCEEDED";

const client = createCustomersClient({ appId: "a", appToken: "t" });
// @ts-expect-error create takes a CustomerCreateRequest
void client.customers.create({ source_id: 1 });
export async function resolvesWithCustomer(): Promise<Customer> {
  return client.customers.create({ source_id: "s" });
}
// @ts-expect-error the customer ID is a string
void client.customers.get(42);
// @ts-expect-error id is named in the path, not the update body
void client.customers.update("c", { id: "other" });
// @ts-expect-error limit is a number
void client.customers.list({ limit: "10" });
// @ts-expect-error order takes only the documented keys
void client.customers.list({ order: "name" });
// @ts-expect-error a bulk update item needs its source_id
void client.customers.updateInBulk([{ name: "x" }]);
export async function typedResults() {
  const page = await client.customers.list({ "created_at[after]": "2024-01-01T00:00:00Z" });
  const removed: void = await client.customers.delete("c");
  const deletion: "pernament_deletion" = (await client.customers.deletePermanently("c")).object;
  const job: string = (await client.customers.importCsv(new Blob(["a"]), "a.csv")).async_action_id;
  for await (const customer of client.customers.listAll({ email: "a@b.co" })) {
    const id: string = customer.id;
    void id;
  }
  return [page.customers, removed, deletion, job] as const;
}
`,
  "control.check.ts": `${HEADER}export const bad = { source_id: "s", adress: {} } satisfies components["schemas"]["CustomerCreateRequest"];\n`,
  // A Record over the type must name every key, and no other.
  "activity-types.check.ts": `${ACTIVITY_IMPORTS}export const every: Record<CustomerActivityType, true> = {\n${knownTypes.map((t) => `  ${JSON.stringify(t)}: true,`).join("\n")}\n};\n`,
  "activity-narrowing.check.ts": `${ACTIVITY_IMPORTS}
if (isCustomerActivityOfType(activity, "customer.segment.entered")) {
  const type: "customer.segment.entered" = activity.type;
  const segment: string | undefined = activity.data?.data?.segment?.id;
  const channel: string | undefined = activity.data?.event_source?.channel;
  void [type, segment, channel];
}
if (isCustomerActivityOfType(activity, "customer.created")) {
  const type: "customer.created" = activity.type;
  const customer: string | undefined = activity.data?.data?.customer?.id;
  void [type, customer];
}
declare const known: KnownCustomerActivity;
if (known.type === "customer.segment.entered") void known.data?.data?.segment?.name;
export const either: CustomerActivityOf<"customer.created" | "customer.referred">["type"][] = ["customer.created", "customer.referred"];
// @ts-expect-error "customer.unknown" is not an event type the spec lists
export const unknownType: CustomerActivityType = "customer.unknown";
// @ts-expect-error the guard takes only listed event types
void isCustomerActivityOfType(activity, "customer.unknown");
// @ts-expect-error a customer.created activity has no segment in its data
void (activity as CustomerActivityOf<"customer.created">).data?.data?.segment;
// @ts-expect-error the open fallback is not a known activity
export const fallback: KnownCustomerActivity = { type: "customer.consents.given", data: {} };
`,
  "activity-control.check.ts": `${ACTIVITY_IMPORTS}if (isCustomerActivityOfType(activity, "customer.created")) void activity.data?.data?.segment;\n`,
  "exported.check.ts": `${HEADER}import * as examples from "../../src/examples.js";\n${uniqueExamples(specExamples)
    .map((e) => `examples.${e.name} satisfies ${e.typeExpression};`)
    .join("\n")}\n`,
};

let diagnostics: ProjectDiagnostics;

describe("generated types", () => {
  // One program for the project and every check file: building it is most of this file's time.
  beforeAll(async () => {
    diagnostics = await typecheckProject("tsconfig.json", CHECKS);
  }, 600_000);

  it("accept every example of the spec", () => {
    expect(exampleChecks.length).toBe(specExamples.length);
    expect(diagnostics.files["examples.check.ts"]).toEqual([]);
  });

  it("reject deliberate mismatches", () => {
    expect(diagnostics.files["mismatches.check.ts"]).toEqual([]);
  });

  it("the check itself fails when a mismatch is not expected", () => {
    const found = diagnostics.files["control.check.ts"]!;
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("adress");
  });

  describe("customer activity narrowed by type", () => {
    it("CustomerActivityType is exactly the spec's typed event types", () => {
      expect(knownTypes.length).toBeGreaterThan(70);
      expect(diagnostics.files["activity-types.check.ts"]).toEqual([]);
    });

    it("the guard and KnownCustomerActivity narrow `data` to the event's records", () => {
      expect(diagnostics.files["activity-narrowing.check.ts"]).toEqual([]);
    });

    it("the narrowing check fails when the wrong event's data is read", () => {
      const found = diagnostics.files["activity-control.check.ts"]!;
      expect(found).toHaveLength(1);
      expect(found[0]).toContain("segment");
    });

    it("the guard compares the tag at run time", () => {
      const items = examples.CustomerActivityPage.data;
      expect(items.filter((a) => isCustomerActivityOfType(a, "customer.segment.entered")).map((a) => a.id)).toEqual(["evcus_0c150c51730c6b60b1"]);
      expect(items.filter((a) => isCustomerActivityOfType(a, "customer.created")).map((a) => a.id)).toEqual(["evcus_0c150c51730c6b60a0"]);
      // An event type the spec does not list matches none of the listed ones.
      const other = items.find((a) => a.type === "customer.consents.given")!;
      expect(knownTypes.filter((t) => isCustomerActivityOfType(other, t as CustomerActivityType))).toEqual([]);
    });
  });

  it("declare each exported example with the type of the body it documents", () => {
    expect(diagnostics.files["exported.check.ts"]).toEqual([]);
  });

  it("the whole project (src, scripts, tests) type-checks", () => {
    expect(diagnostics.project).toEqual([]);
  });

  it("the client and what it imports (the validators, the types) type-check in a browser project: DOM lib, no @types/node", () => {
    expect(typecheckWithImports({ "browser-project.check.ts": 'import "../../src/client.js";\nexport {};\n' })).toEqual([]);
  });
});
