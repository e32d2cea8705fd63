// A body wrong in a great many places (a client posting a huge map where a
// customer goes) gets a bounded answer: at most `maxIssues` issues, then one
// that counts the rest, and a suggested name only for the issues listed.
// Asserted on the structure of the answer and on how often the dear parts run
// (closestName, humanize), never on a clock.
import { describe, expect, it, vi } from "vitest";
import type { ValidateFunction } from "ajv";
import { componentSchemasDocument, createAjv, schemaRef } from "../scripts/lib/generate/create-ajv.js";
import { prepareValidationSchemas } from "../scripts/lib/generate/prepare-validation-schemas.js";
import { validators, type ValidationIssue, type ValidationResult, type Validator } from "../src/validators.js";
import { bundledSpec } from "./support/spec.js";

// How often the runtime's dear parts run, counted through the module graph
// (humanize.ts and create-validator.ts import these very modules).
const calls = vi.hoisted(() => ({ closestName: 0, humanize: 0 }));
vi.mock("../src/validation/closest-name.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/validation/closest-name.js")>();
  return { ...real, closestName: (...args: Parameters<typeof real.closestName>) => (calls.closestName++, real.closestName(...args)) };
});
vi.mock("../src/validation/humanize.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/validation/humanize.js")>();
  return { ...real, humanize: (...args: Parameters<typeof real.humanize>) => (calls.humanize++, real.humanize(...args)) };
});

// The suite shares one module graph per worker (isolate: false): a file run
// earlier in this worker may have loaded the runtime without the mocks above,
// so this file loads its own copy, through them.
vi.resetModules();
const { closestName, MAX_CANDIDATES } = await import("../src/validation/closest-name.js");
const { createValidator } = await import("../src/validation/create-validator.js");
const { DEFAULT_MAX_ISSUES, formatIssues, humanize, issuesLeftOut } = await import("../src/validation/humanize.js");

const resetCalls = () => {
  calls.closestName = 0;
  calls.humanize = 0;
};

/**
 * One component schema compiled as the shipped module compiles it (the same
 * AJV setup and prepared schemas, generate-validators.ts), wrapped by this
 * checkout's runtime: generated/validators.js carries the runtime of its last
 * generation, and a copy the mocks above cannot reach.
 */
function liveValidator(name: string): Validator<unknown> {
  const ajv = createAjv([], { messages: false, inlineRefs: false });
  ajv.addSchema({ ...componentSchemasDocument({}), $defs: prepareValidationSchemas(componentSchemasDocument(bundledSpec).$defs) });
  return createValidator(ajv.getSchema(schemaRef(name)) as ValidateFunction);
}

const validateCreate = liveValidator("CustomerCreateRequest");

/** A create request with `count` unknown keys, `key_0` … (none close to an allowed name). */
const withUnknownKeys = (count: number) => {
  const body: Record<string, unknown> = { source_id: "crm-1" };
  for (let i = 0; i < count; i++) body[`key_${i}`] = i;
  return body;
};

const errorsOf = (result: ValidationResult<unknown>): ValidationIssue[] => {
  if (result.ok) throw new Error("expected the value to be rejected");
  return result.errors;
};

const ALLOWED = "id, source_id, name, description, email, phone, birthday, birthdate, address, metadata";

describe("a body with thousands of unknown properties", () => {
  it("lists the first maxIssues (100 by default) issues, then one issue that counts the rest", () => {
    const errors = errorsOf(validateCreate(withUnknownKeys(5_000)));
    expect(DEFAULT_MAX_ISSUES).toBe(100);
    expect(errors).toHaveLength(DEFAULT_MAX_ISSUES + 1);
    expect(errors.slice(0, 2)).toEqual([
      { path: "/key_0", keyword: "additionalProperties", message: `is not an allowed property; allowed: ${ALLOWED}` },
      { path: "/key_1", keyword: "additionalProperties", message: `is not an allowed property; allowed: ${ALLOWED}` },
    ]);
    expect(errors[99]!.path).toBe("/key_99");
    expect(errors.at(-1)).toEqual({ path: "", keyword: "maxIssues", message: "4,900 more not listed (maxIssues: 100)" });
  });

  it("suggests a name only for the issues it lists", () => {
    resetCalls();
    validateCreate(withUnknownKeys(5_000));
    expect(calls.closestName).toBe(DEFAULT_MAX_ISSUES);
  });

  it("keeps the suggestions for the issues it lists", () => {
    const errors = errorsOf(validateCreate({ ...withUnknownKeys(0), adress: {}, ...withUnknownKeys(500) }));
    expect(errors[0]).toEqual({ path: "/adress", keyword: "additionalProperties", message: 'is not an allowed property; did you mean "address"?' });
    expect(errors.at(-1)!.message).toBe("401 more not listed (maxIssues: 100)");
  });

  it("tells code how many were left out (issuesLeftOut), and 0 for a whole list", () => {
    expect(issuesLeftOut(errorsOf(validateCreate(withUnknownKeys(5_000))))).toBe(4_900);
    expect(issuesLeftOut(errorsOf(validateCreate(withUnknownKeys(5_000), { maxIssues: Infinity })))).toBe(0);
    expect(issuesLeftOut(errorsOf(validateCreate(withUnknownKeys(2))))).toBe(0);
  });

  it("is formatted for logs as a last line that says how many more there were", () => {
    const lines = formatIssues(errorsOf(validateCreate(withUnknownKeys(250)))).split("\n");
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe(`/key_0: is not an allowed property; allowed: ${ALLOWED}`);
    expect(lines.at(-1)).toBe("… 150 more not listed (maxIssues: 100)");
  });
});

describe("the maxIssues option", () => {
  it("sets the cap", () => {
    resetCalls();
    const errors = errorsOf(validateCreate(withUnknownKeys(5_000), { maxIssues: 3 }));
    expect(errors.map((e) => e.path)).toEqual(["/key_0", "/key_1", "/key_2", ""]);
    expect(errors.at(-1)).toEqual({ path: "", keyword: "maxIssues", message: "4,997 more not listed (maxIssues: 3)" });
    expect(calls.closestName).toBe(3);
  });

  it("lists every issue when Infinity, as before there was a cap", () => {
    const errors = errorsOf(validateCreate(withUnknownKeys(5_000), { maxIssues: Infinity }));
    expect(errors).toHaveLength(5_000);
    expect(errors.some((e) => e.keyword === "maxIssues")).toBe(false);
  });

  it("adds no count when the issues fit exactly, and a count of one when one is left", () => {
    expect(errorsOf(validateCreate(withUnknownKeys(100)))).toHaveLength(100);
    expect(errorsOf(validateCreate(withUnknownKeys(100))).some((e) => e.keyword === "maxIssues")).toBe(false);
    expect(errorsOf(validateCreate(withUnknownKeys(101))).at(-1)!.message).toBe("1 more not listed (maxIssues: 100)");
  });

  it("counts issues, not repeats: the same path and sentence twice is one issue", () => {
    // Two rules both reporting one place, as an allOf does: humanize lists it once, and it takes one place in the cap.
    const twice = (at: string) => [
      { instancePath: at, keyword: "type", params: { type: "object" }, schemaPath: "" },
      { instancePath: at, keyword: "type", params: { type: "object" }, schemaPath: "" },
    ];
    const issues = humanize([...twice("/a"), ...twice("/b"), ...twice("/c")], undefined, 2);
    expect(issues).toEqual([
      { path: "/a", keyword: "type", message: "must be an object" },
      { path: "/b", keyword: "type", message: "must be an object" },
      { path: "", keyword: "maxIssues", message: "1 more not listed (maxIssues: 2)" },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN, "10", null])("rejects maxIssues: %s with a TypeError", (maxIssues) => {
    expect(() => validateCreate({}, { maxIssues } as never)).toThrow(TypeError);
    expect(() => validateCreate({}, { maxIssues } as never)).toThrow(/options\.maxIssues must be a whole number of at least 1, or Infinity/);
  });

  it("ignores a second argument that is not an object, so items.map(validate) keeps working", () => {
    const results = [withUnknownKeys(150), { source_id: "crm-2" }].map(validateCreate as (data: unknown) => ValidationResult<unknown>);
    expect(errorsOf(results[0]!)).toHaveLength(101);
    expect(results[1]).toEqual({ ok: true, value: { source_id: "crm-2" } });
  });
});

describe("the type guard", () => {
  it("builds no issues, however many there would be", () => {
    resetCalls();
    expect(validateCreate.is(withUnknownKeys(5_000))).toBe(false);
    expect(calls).toEqual({ closestName: 0, humanize: 0 });
    validateCreate(withUnknownKeys(5_000));
    expect(calls.humanize).toBe(1);
  });
});

describe("closestName", () => {
  it("still finds the nearest name", () => {
    expect(closestName("emial", ["name", "email", "phone"])).toBe("email");
    expect(closestName("EMAIL", ["name", "email"])).toBe("email");
  });

  it("looks for no suggestion among more than MAX_CANDIDATES names", () => {
    const many = Array.from({ length: MAX_CANDIDATES + 1 }, (_, i) => `field_${i}`);
    expect(closestName("field_1x", many.slice(0, MAX_CANDIDATES))).toBe("field_1");
    expect(closestName("field_1x", many)).toBeUndefined();
  });

  it("answers for a name that lower-casing makes longer than it compares", () => {
    // 40 characters, 80 once lower-cased ("İ" becomes "i̇"): past the rows of the distance table.
    const long = "İ".repeat(40);
    expect(long.toLowerCase().length).toBe(80);
    expect(closestName(long, ["i̇".repeat(40)])).toBeUndefined();
  });
});

describe("the shipped validators (generated/validators.js)", () => {
  it("cap their issues the same way", () => {
    const errors = errorsOf(validators.CustomerCreateRequest(withUnknownKeys(5_000)));
    expect(errors).toHaveLength(DEFAULT_MAX_ISSUES + 1);
    expect(errors.at(-1)).toEqual({ path: "", keyword: "maxIssues", message: "4,900 more not listed (maxIssues: 100)" });
    const three = errorsOf(validators.CustomerCreateRequest(withUnknownKeys(5_000), { maxIssues: 3 }));
    expect(three.at(-1)!.message).toBe("4,997 more not listed (maxIssues: 3)");
  });
});
