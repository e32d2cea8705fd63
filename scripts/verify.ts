// `npm run verify -- --base-url URL [--app-id … --app-token …] [--checks …] [--allow-writes]`
// Exercises the operations of the spec against a live server with
// Schemathesis-style checks; read-only unless --allow-writes. See
// scripts/lib/verify/cli-options.ts for the flags.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { operationTable } from "../generated/operations.js";
import { GENERATED } from "./lib/project-paths.js";
import { EXIT_CODES, HELP, parseVerifyCommand, UsageError } from "./lib/verify/cli-options.js";
import { junitXml } from "./lib/verify/junit.js";
import { PlanError, planOperations } from "./lib/verify/operation-plan.js";
import { renderResults } from "./lib/verify/render-table.js";
import { redact } from "./lib/verify/reproduce.js";
import { runVerification } from "./lib/verify/run-verification.js";
import { TransportError } from "./lib/verify/send-request.js";

let secrets: Array<string | undefined> = [];

function fail(message: string): never {
  console.error(redact(`verify: ${message}`, secrets));
  process.exit(2);
}

async function main() {
  const command = parseVerifyCommand(process.argv.slice(2));
  if (command.help) {
    console.log(HELP);
    return;
  }
  const { settings } = command;
  // A server may echo a header back; the token must not reach a log either way.
  secrets = [settings.credentials.appToken];
  const document = JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  const plan = planOperations(document, operationTable, {
    ...(command.operations ? { operations: command.operations } : {}),
    allowWrites: command.allowWrites,
  });
  if (plan.run.length === 0) {
    fail(`nothing to verify: every selected operation writes (${plan.skipped.map((s) => s.id).join(", ")}); pass --allow-writes`);
  }
  const report = await runVerification(document, plan, settings);
  const credentials = settings.credentials.appId && settings.credentials.appToken ? "with app keys" : "WITHOUT app keys (expect 401s; nothing can show a valid request is taken, so the run ends inconclusive)";
  if (command.junit) {
    try {
      writeFileSync(command.junit, redact(junitXml(report), secrets));
    } catch (error) {
      fail(`cannot write the JUnit report to ${command.junit}: ${(error as Error).message}`);
    }
  }
  if (command.json) console.log(redact(JSON.stringify(report, null, 2), secrets));
  else {
    const header = `Verifying ${settings.baseUrl} against the spec ${document.info?.version ?? ""}, ${credentials}; seed ${settings.seed}, up to ${settings.runs} generated request(s) and ${settings.timeLimitMs / 1000} s per operation.`;
    console.log(redact(renderResults(report, header), secrets));
  }
  process.exitCode = EXIT_CODES[report.verdict];
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) fail(`${error.message}\n\n${HELP}`);
  if (error instanceof PlanError) fail(error.message);
  if (error instanceof TransportError) fail(`could not reach the server: ${error.message}`);
  fail(process.env.DEBUG ? String((error as Error)?.stack ?? error) : `${(error as Error)?.message ?? String(error)}`);
});
