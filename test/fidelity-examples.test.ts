// Every example in Voucherify's own document validates against our schema for
// the same operation and status (or request body): what the API is shown to
// send and accept, the contract accepts.
import { describe, expect, it } from "vitest";
import { ourAjv, ourSchema, referenceBodies } from "./support/reference.js";

const ajv = ourAjv();
const cases = referenceBodies().flatMap((body) => Object.entries(body.examples).map(([name, value]) => ({ label: `${body.key} · ${name}`, body, value })));

describe("the reference's examples against our schemas", () => {
  it("finds all 21 of them", () => {
    expect(cases).toHaveLength(21);
  });

  it.each(cases.map((c) => [c.label, c] as const))("%s", (_label, { body, value }) => {
    expect(ajv.validate(ourSchema(body), value)).toEqual([]);
  });
});
