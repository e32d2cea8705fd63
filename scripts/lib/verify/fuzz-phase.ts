// The fuzzing phase of one operation: fast-check generates valid requests from
// the request schemas (seeded) and, when an answer fails a check, shrinks the
// request to the smallest one that still fails that same check. Each round
// hunts for a check not yet found, with the next seed, so one defect does not
// hide another; the shrunk request is sent once more and recorded as such.
import fc from "fast-check";
import { bodyChecker } from "./body-checker.js";
import { CHECK_NAMES, type CheckName } from "./checks.js";
import type { PlannedOperation } from "./operation-plan.js";
import { caseArbitrary, generatedCase } from "./request-cases.js";
import type { Session } from "./session.js";

/** Requests fast-check may send while shrinking one failure; a live server should not see thousands. */
export const MAX_SHRINK_REQUESTS = 150;

export async function fuzzOperation(session: Session, operation: PlannedOperation, deadline: number): Promise<void> {
  const { runs, seed } = session.settings;
  if (runs === 0) return;
  const result = session.result(operation);
  const arbitrary = caseArbitrary(session.document, operation);
  const bodyIssues = operation.body ? bodyChecker(session.document, operation.body.schemaName, operation.body.schema) : undefined;
  const found = new Set<CheckName>();

  for (let round = 0; round < CHECK_NAMES.length; round++) {
    const roundSeed = (seed + round) | 0;
    let target: CheckName | undefined;
    let shrinkRequests = 0;
    let index = 0;
    const property = fc.asyncProperty(arbitrary, async (value) => {
      // The gentle generator can still miss a cross-field rule; such a body is not valid data.
      if (bodyIssues && bodyIssues(value.body).length > 0) {
        if (target === undefined && round === 0) result.dropped++;
        fc.pre(false);
      }
      const shrinking = target !== undefined;
      if (shrinking && (shrinkRequests++ >= MAX_SHRINK_REQUESTS || Date.now() >= deadline)) return true;
      const testCase = generatedCase(operation, value, shrinking ? "shrinking" : `generated ${++index} (seed ${roundSeed})`);
      const { failures, cutOff } = await session.send(operation, testCase, { phase: "fuzzing", intent: { kind: "positive" }, seed: roundSeed, quiet: shrinking, deadline });
      if (cutOff) {
        result.timedOut = true;
        return true;
      }
      const fresh = failures.filter((f) => !found.has(f.check));
      if (target === undefined && fresh.length > 0) target = fresh[0]!.check;
      return target === undefined || !fresh.some((f) => f.check === target);
    });
    const left = deadline - Date.now();
    if (left <= 0) {
      result.timedOut = true;
      return;
    }
    const details = await fc.check(property, { seed: roundSeed, numRuns: runs, interruptAfterTimeLimit: left, markInterruptAsFailure: false });
    if (details.interrupted) result.timedOut = true;
    if (!details.failed || target === undefined || !details.counterexample) return;
    found.add(target);
    // Send the smallest failing request once more, recorded as the one to show.
    const smallest = generatedCase(operation, details.counterexample[0], `shrunk (seed ${roundSeed})`);
    await session.send(operation, smallest, { phase: "fuzzing", intent: { kind: "positive" }, seed: roundSeed, shrunk: details.numShrinks > 0, deadline: Date.now() + session.settings.requestTimeoutMs });
  }
}
