// The guard's core: every classified difference between two bundled specs.
import { describeLocation, type Change } from "./change.js";
import { compareOperations } from "./compare-operations.js";

const withoutVersion = (document: any) => JSON.stringify({ ...document, info: { ...document?.info, version: undefined } });

export function diffSpecs(baseDoc: any, headDoc: any): Change[] {
  const changes: Change[] = [];
  const seen = new Set<string>();
  compareOperations(baseDoc, headDoc, (place, verdict) => {
    const change: Change = { ...verdict, ...place };
    const key = `${change.rule}|${describeLocation(change)}|${change.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      changes.push(change);
    }
  });
  if (changes.length === 0 && withoutVersion(baseDoc) !== withoutVersion(headDoc)) {
    // Descriptions, examples, unused components: nothing a client's code sees.
    changes.push({
      class: "non-breaking",
      bump: "patch",
      rule: "spec.documentation",
      operation: "spec",
      part: "",
      pointer: "",
      message: "descriptions, examples or other documentation changed",
    });
  }
  const rank = (c: Change) => (c.class === "breaking" ? 0 : 1);
  return changes.sort((a, b) => rank(a) - rank(b));
}
