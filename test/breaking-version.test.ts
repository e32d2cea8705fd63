// Versioning: info.version is the package version, the guard's verdict on
// version bumps, and the CHANGELOG.md sections it writes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { contractVersion } from "../generated/operations.js";
import { CONTRACT_VERSION } from "../src/index.js";
import type { Change } from "../scripts/lib/breaking/change.js";
import { changelogLines, writeChangelog } from "../scripts/lib/breaking/changelog.js";
import { parseVersion, versionStep } from "../scripts/lib/breaking/semver.js";
import { judgeVersion } from "../scripts/lib/breaking/verdict.js";

const root = new URL("../", import.meta.url);
const packageVersion = JSON.parse(readFileSync(new URL("package.json", root), "utf8")).version;
const specVersion = parseYaml(readFileSync(new URL("openapi/openapi.yaml", root), "utf8")).info.version;

const change = (over: Partial<Change>): Change => ({
  class: "breaking",
  bump: "major",
  rule: "response.property-removed",
  operation: "GET /v1/customers/{customerId}",
  part: "response 200 (application/json)",
  pointer: "/email",
  message: "property `email` was removed",
  ...over,
});
const added = change({ class: "non-breaking", bump: "minor", rule: "operation.added", part: "", pointer: "", message: "new operation listCustomers", operation: "GET /v1/customers" });

describe("the contract version", () => {
  it("package.json's version is the spec's info.version", () => {
    expect(packageVersion).toBe(specVersion);
  });

  it("CONTRACT_VERSION is the spec's info.version", () => {
    expect(contractVersion).toBe(specVersion);
    expect(CONTRACT_VERSION).toBe(specVersion);
  });
});

describe("version steps", () => {
  it.each([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.3", "none"],
    ["1.2.3", "1.2.2", "downgrade"],
    ["0.1.0", "0.2.0", "major"],
    ["0.1.0", "0.1.1", "minor"],
    ["0.9.0", "1.0.0", "major"],
  ])("%s → %s is a %s step", (from, to, step) => {
    expect(versionStep(parseVersion(from), parseVersion(to))).toBe(step);
  });

  it("rejects a version that is not semver, saying which", () => {
    expect(() => parseVersion("1.2")).toThrow('info.version "1.2" is not a semantic version');
    expect(() => parseVersion(undefined)).toThrow("is not a semantic version");
  });
});

describe("the guard's verdict", () => {
  it("fails a breaking change without a major bump", () => {
    const verdict = judgeVersion([change({}), added], "1.4.0", "1.5.0");
    expect(verdict).toMatchObject({ ok: false, required: "major", step: "minor" });
    expect(verdict.summary).toMatch(/^FAIL: 1 breaking change\(s\) need a major version bump/);
  });

  it("passes a breaking change with a major bump, also as 0.y → 0.(y+1)", () => {
    expect(judgeVersion([change({})], "1.4.0", "2.0.0").ok).toBe(true);
    expect(judgeVersion([change({})], "0.1.0", "0.2.0").ok).toBe(true);
    expect(judgeVersion([change({})], "0.1.0", "0.1.1").ok).toBe(false);
  });

  it("passes non-breaking changes whatever the version, and says what the release needs", () => {
    const verdict = judgeVersion([added], "1.0.0", "1.0.0");
    expect(verdict.ok).toBe(true);
    expect(verdict.summary).toContain("needs at least a minor bump");
  });

  it("fails a version that went backwards", () => {
    expect(judgeVersion([], "1.0.0", "0.9.0")).toMatchObject({ ok: false, step: "downgrade" });
  });
});

describe("CHANGELOG.md entries", () => {
  it("groups one change found in several operations into one line", () => {
    const other = change({ operation: "PUT /v1/customers/{customerId}" });
    expect(changelogLines([change({}), other, added])).toEqual([
      "### Breaking changes",
      "",
      "- `GET /v1/customers/{customerId}`, `PUT /v1/customers/{customerId}` · response 200 (application/json) `/email`: property `email` was removed",
      "",
      "### Added and changed",
      "",
      "- `GET /v1/customers`: new operation listCustomers",
      "",
    ]);
  });

  it("writes a section newest first, rewrites it on a rerun, and lets a release replace Unreleased", () => {
    const file = join(mkdtempSync(join(tmpdir(), "changelog-")), "CHANGELOG.md");
    writeFileSync(file, "# Changelog\n\nIntro.\n\n## 1.0.0 (2026-01-01)\n\n- first\n");
    writeChangelog(file, "Unreleased", "2026-02-01", changelogLines([added]));
    writeChangelog(file, "Unreleased", "2026-02-02", changelogLines([added]));
    let text = readFileSync(file, "utf8");
    expect(text.match(/## Unreleased/g)).toHaveLength(1);
    expect(text.indexOf("## Unreleased")).toBeLessThan(text.indexOf("## 1.0.0"));
    writeChangelog(file, "1.1.0", "2026-03-01", changelogLines([added]));
    text = readFileSync(file, "utf8");
    expect(text).not.toContain("## Unreleased");
    expect(text).toMatch(/^# Changelog\n\nIntro\.\n\n## 1\.1\.0 \(2026-03-01\)\n\n### Added and changed\n\n- `GET \/v1\/customers`: new operation listCustomers\n\n## 1\.0\.0 \(2026-01-01\)\n\n- first\n$/);
  });
});
