// The stateful mock's last step: an answer goes out only if the spec
// documents its status for the operation and its body validates against the
// schema for that status (with the package's generated validators). Anything
// else becomes a 500 that says what was wrong, so a bug in the mock shows up
// as a failing call instead of a quietly wrong body.
import { operationTable, type OperationId } from "../../../generated/operations.js";
import { validators } from "../../../generated/validators.js";

export interface MockReply {
  status: number;
  /** The JSON body; undefined when the status has none (204). */
  body?: unknown;
  /** Which operation answered, for the log. */
  operationId?: string;
}

export function checkResponse(operationId: OperationId, reply: { status: number; body?: unknown }): MockReply {
  const schemas: Readonly<Record<string, string | null>> = operationTable[operationId].responseSchemas;
  const schema = schemas[String(reply.status)];
  let problem: string | undefined;
  if (schema === undefined) problem = `status ${reply.status} is not documented for ${operationId}`;
  else if (schema === null && reply.body !== undefined) problem = `status ${reply.status} of ${operationId} has no body in the spec`;
  else if (schema !== null) {
    const result = validators[schema as keyof typeof validators](reply.body);
    if (!result.ok) problem = `the ${reply.status} body does not match ${schema}: ${result.errors.map((e) => `${e.path || "(root)"} ${e.message}`).join("; ")}`;
  }
  if (problem === undefined) return { ...reply, operationId };
  console.error(`stateful mock: refused to send an answer of ${operationId} that breaks the spec: ${problem}`);
  return { status: 500, body: { code: 500, key: "mock_response_invalid", message: "The stateful mock produced an answer that breaks the spec", details: problem }, operationId };
}
