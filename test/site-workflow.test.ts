// .github/workflows/pages.yml builds the site on a release tag and deploys it
// to GitHub Pages. Checked by reading it, since it only runs on GitHub.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";

const workflow = parse(readFileSync(join(ROOT, ".github/workflows/pages.yml"), "utf8"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const steps = (job: string): any[] => workflow.jobs[job].steps;
const uses = (job: string, action: string) => steps(job).find((s) => String(s.uses ?? "").startsWith(`${action}@`));

describe("pages workflow", () => {
  it("runs on v* tags only (and by hand)", () => {
    expect(workflow.on.push).toEqual({ tags: ["v*"] });
    expect(Object.keys(workflow.on).sort()).toEqual(["push", "workflow_dispatch"]);
  });

  it("checks out every tag, installs from the lock file and builds the site with the package's script", () => {
    expect(uses("build", "actions/checkout")?.with?.["fetch-depth"]).toBe(0);
    expect(uses("build", "actions/setup-node")?.with?.["node-version"]).toBe(20);
    const runs = steps("build").map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", "npm run site"]);
    expect(pkg.scripts.site).toBe("node scripts/run.mjs scripts/site.ts");
  });

  it("uploads site/ and deploys it with the permissions Pages needs", () => {
    expect(uses("build", "actions/upload-pages-artifact")?.with?.path).toBe("site");
    expect(workflow.jobs.deploy.needs).toBe("build");
    expect(workflow.jobs.deploy.environment.name).toBe("github-pages");
    expect(uses("deploy", "actions/deploy-pages")).toBeDefined();
    expect(workflow.permissions).toMatchObject({ pages: "write", "id-token": "write", contents: "read" });
  });

  it("pins every action to a major version", () => {
    for (const job of Object.keys(workflow.jobs)) {
      for (const step of steps(job).filter((s) => s.uses)) expect(step.uses, job).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });
});
