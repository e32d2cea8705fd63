// Awaits a call that must fail and hands back its CustomersApiError, failing
// the test (and saying what came instead) when it resolves or rejects with
// anything else.
import { expect } from "vitest";
import { CustomersApiError } from "../../src/client.js";

export async function rejection(promise: Promise<unknown>): Promise<CustomersApiError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(CustomersApiError);
  return outcome.error as CustomersApiError;
}
