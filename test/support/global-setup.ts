// Starts one Prism mock for the whole test run and hands its URL to the suites.
import type { TestProject } from "vitest/node";
import { startPrism, type RunningPrism } from "../../scripts/lib/mock/prism-process.js";

let prism: RunningPrism | undefined;

export async function setup(project: TestProject) {
  prism = await startPrism();
  project.provide("mockUrl", prism.url);
}

export async function teardown() {
  await prism?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}
