// Whether info.version moved far enough for the changes found.
import { BUMP_ORDER, type Bump, type Change } from "./change.js";
import { parseVersion, versionStep, type Step } from "./semver.js";

export interface Verdict {
  baseVersion: string;
  headVersion: string;
  /** The largest bump any change asks for. */
  required: Bump | "none";
  /** The step info.version actually took. */
  step: Step;
  ok: boolean;
  /** One sentence for the last line of the report. */
  summary: string;
}

/** Which spec each version is from, for the message when one is not a semantic version. */
export interface VersionSources {
  base: string;
  head: string;
}

function versionOf(text: string, source: string) {
  try {
    return parseVersion(text);
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}

export function judgeVersion(
  changes: readonly Change[],
  baseVersion: string,
  headVersion: string,
  sources: VersionSources = { base: "the base spec", head: "the spec in openapi/" },
): Verdict {
  const from = versionOf(baseVersion, sources.base);
  const to = versionOf(headVersion, sources.head);
  const step = versionStep(from, to);
  const required = changes.reduce<Bump | "none">((max, c) => (BUMP_ORDER[c.bump] > BUMP_ORDER[max] ? c.bump : max), "none");
  const moved = `info.version ${baseVersion} → ${headVersion} (${step === "none" ? "unchanged" : `${step} step`})`;
  const breakingDigit = from.major === 0 ? "the minor digit, as under 0.y.z ^ranges treat it" : "the major digit";
  if (step === "downgrade") {
    return { baseVersion, headVersion, required, step, ok: false, summary: `FAIL: info.version went backwards, ${baseVersion} → ${headVersion}.` };
  }
  if (required === "major" && step !== "major") {
    const count = changes.filter((c) => c.class === "breaking").length;
    return {
      baseVersion,
      headVersion,
      required,
      step,
      ok: false,
      summary: `FAIL: ${count} breaking change(s) need a major version bump (${breakingDigit}); ${moved}.`,
    };
  }
  const advice = required !== "none" && BUMP_ORDER[step === "none" ? "none" : step] < BUMP_ORDER[required] ? ` The next release needs at least a ${required} bump.` : "";
  return { baseVersion, headVersion, required, step, ok: true, summary: `OK: ${moved}.${advice}` };
}
