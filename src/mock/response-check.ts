// The engine's last step: an operation's answer goes out only if the spec
// documents its status for the operation and its body validates against the
// schema for that status (with the package's generated validators). Anything
// else becomes a 500 that says what was wrong, so a bug in the mock shows up
// as a failing call instead of a quietly wrong body.
import { responseValidators } from "../../generated/mock-data.js";
import type { OperationId } from "../../generated/operations.js";
import { apiError, type MockAnswer } from "./answer.js";

/** Bodies of `unchanging` answers that passed, with the validator that passed them: such a body passes again. */
const passed = new WeakMap<object, unknown>();
const isObject = (value: unknown): value is object => typeof value === "object" && value !== null;
const passedBefore = (answer: MockAnswer, validate: unknown) => answer.unchanging === true && isObject(answer.body) && passed.get(answer.body) === validate;

/** `requestId` is the ID for the 500, when one is needed (a string, or a function that makes one). */
export function checkResponse(operationId: OperationId, answer: MockAnswer, requestId: string | (() => string)): MockAnswer {
  if (answer.documented) return answer;
  const byStatus = responseValidators[operationId];
  const validate = Object.hasOwn(byStatus, String(answer.status)) ? byStatus[String(answer.status)] : undefined;
  let problem: string | undefined;
  if (validate === undefined) problem = `status ${answer.status} is not documented for ${operationId}`;
  else if (validate === null && answer.body !== undefined) problem = `status ${answer.status} of ${operationId} has no body in the spec`;
  else if (validate !== null && !passedBefore(answer, validate)) {
    const result = validate(answer.body);
    if (!result.ok) problem = `the ${answer.status} body does not match the spec: ${result.errors.map((e) => `${e.path || "(root)"} ${e.message}`).join("; ")}`;
    else if (answer.unchanging && isObject(answer.body)) passed.set(answer.body, validate);
  }
  if (problem === undefined) return { ...answer, operationId };
  console.error(`customers mock: refused to send an answer of ${operationId} that breaks the spec: ${problem}`);
  return { status: 500, body: apiError(500, typeof requestId === "string" ? requestId : requestId(), { key: "mock_response_invalid", message: "The mock produced an answer that breaks the spec", details: problem }), operationId };
}
