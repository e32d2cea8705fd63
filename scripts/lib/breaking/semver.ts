// The bit of semver the guard needs: parse MAJOR.MINOR.PATCH and say how big
// a step between two versions is. Hand-written because the `semver` package is
// not a dependency of this project and three numbers do not justify adding one.
import type { Bump } from "./change.js";

export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

const PATTERN = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: unknown): Version {
  const match = typeof text === "string" ? PATTERN.exec(text.trim()) : null;
  if (!match) throw new Error(`info.version ${JSON.stringify(text)} is not a semantic version (MAJOR.MINOR.PATCH)`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? "" };
}

export type Step = Bump | "none" | "downgrade";

/**
 * How far `to` moved from `from`, in what the step allows. Under 0.y.z the
 * minor digit is the breaking one and the patch digit the feature one, as
 * npm's caret ranges treat it (^0.1.0 never installs 0.2.0).
 */
export function versionStep(from: Version, to: Version): Step {
  const order = (v: Version) => [v.major, v.minor, v.patch];
  const a = order(from);
  const b = order(to);
  for (let i = 0; i < 3; i++) {
    if (b[i]! < a[i]!) return "downgrade";
    if (b[i]! > a[i]!) {
      const kinds: Bump[] = from.major === 0 && to.major === 0 ? ["major", "major", "minor"] : ["major", "minor", "patch"];
      return kinds[i]!;
    }
  }
  return from.prerelease !== to.prerelease ? "patch" : "none";
}
