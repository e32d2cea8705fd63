// CustomersApiError narrows on `kind`: snippets compiled by tsc, which must
// compile where the narrowing holds and must fail (`@ts-expect-error`) where a
// field is not guaranteed. A control shows the checker does see the error.
import { describe, expect, it } from "vitest";
import { typecheck } from "./support/typecheck.js";

const HEADER = `import { CustomersApiError } from "../../src/client.js";
import type { ValidationIssue } from "../../src/validators.js";
declare const caught: unknown;
`;

const narrowing = `${HEADER}
if (caught instanceof CustomersApiError) {
  // @ts-expect-error before narrowing, status may be undefined
  const before: number = caught.status;
  // @ts-expect-error before narrowing, timeoutMs may be undefined
  const limit: number = caught.timeoutMs;
  switch (caught.kind) {
    case "api": {
      const status: number = caught.status;
      const retryAfter: number | undefined = caught.retryAfterMs;
      // @ts-expect-error an api error has no timeout
      const none: number = caught.timeoutMs;
      break;
    }
    case "response-validation": {
      const status: number = caught.status;
      const issues: ValidationIssue[] = caught.issues;
      break;
    }
    case "request-validation": {
      const attempts: 0 = caught.attempts;
      const status: undefined = caught.status;
      const issues: ValidationIssue[] = caught.issues;
      break;
    }
    case "timeout": {
      const ms: number = caught.timeoutMs;
      const status: undefined = caught.status;
      break;
    }
    case "network":
    case "aborted": {
      const status: undefined = caught.status;
      const body: undefined = caught.body;
      break;
    }
    default: {
      const unreachable: never = caught;
    }
  }
}

// The static type guard narrows the same way.
if (CustomersApiError.is(caught) && caught.kind === "api") {
  const status: number = caught.status;
  const message: string = caught.message;
}

// Construction and the Error contract keep working.
const made = new CustomersApiError({ kind: "timeout", operationId: "getCustomer", method: "get", path: "/v1/customers/{customerId}", timeoutMs: 5 });
const asError: Error = made;
if (made.kind === "timeout") {
  const ms: number = made.timeoutMs;
  // @ts-expect-error a timeout has no status
  const status: number = made.status;
}
if (made.isApiError()) {
  const code: number | string = made.body.code;
}

// In a promise's catch, where the error is unknown.
async function use(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (error instanceof CustomersApiError && error.kind === "api" && error.status === 404) return null;
    throw error;
  }
}
`;

const control = `${HEADER}if (caught instanceof CustomersApiError) { const status: number = caught.status; }\n`;

describe("CustomersApiError narrows on kind", () => {
  // One program for both files: a compile of the client's types takes seconds.
  const diagnostics = typecheck({ "client-error-narrowing.check.ts": narrowing, "client-error-control.check.ts": control });
  const of = (file: string) => diagnostics.filter((d) => d.includes(file));

  it("gives each kind its guaranteed fields, and no more", () => {
    expect(of("client-error-narrowing.check.ts")).toEqual([]);
    expect(diagnostics).toHaveLength(1);
  });

  it("the check itself fails when a field is read without narrowing", () => {
    expect(of("client-error-control.check.ts")).toHaveLength(1);
    expect(of("client-error-control.check.ts")[0]).toMatch(/'number \| undefined' is not assignable to type 'number'/);
  });
});
