// Arguments that reach any operation of the generated table through the
// transport: every path parameter filled in, a JSON body when it takes one.
// Enough for a fake server, which does not look at them.
import { operationTable, type OperationId } from "../../generated/operations.js";
import type { CallInput } from "../../src/client/transport.js";

export const operationIds = Object.keys(operationTable) as OperationId[];

export function inputFor(operationId: OperationId): CallInput {
  const facts = operationTable[operationId];
  const names = [...facts.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const input: CallInput = {};
  if (names.length) input.path = Object.fromEntries(names.map((name) => [name, "cust_1"]));
  if (facts.requestMediaType) input.body = {};
  return input;
}

/** The URL path the operation is sent to with `inputFor`'s parameters. */
export const expectedPath = (operationId: OperationId) => operationTable[operationId].path.replace(/\{[^}]+\}/g, "cust_1");
