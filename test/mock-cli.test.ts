// `npm run mock` and `npm start` as a person runs them: the commands print
// their URLs, the health check and the docs answer, Ctrl-C (SIGINT to the
// whole process group, as a terminal sends it) or a SIGTERM to the command
// alone stops every process it started, and a bad flag gets one clear line.
// (A SIGKILL leaves no Prism behind either: checked at the end of
// mock-hostile.test.ts, on the command it runs anyway, which spares a
// command and its Prism here.)
// What is checked here is process management, so Prism serves a small spec
// (support/small-prism-spec.ts: a start costs ~1.8 s of CPU instead of ~7 s);
// Prism on the real spec is covered by mock-modes.test.ts. Each flag's message
// is checked in process; one spawn per command checks how a refusal is printed.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseMockArgs } from "../scripts/lib/mock/mock-cli-options.js";
import { startMock } from "../scripts/lib/mock/mock-server.js";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";
import { recordSyncState } from "../scripts/lib/generate/sync-generated.js";
import { parseBinArgs } from "../src/bin/bin-options.js";
import { allGone, descendants, prisms } from "./support/process-tree.js";
import { writeSmallPrismSpec } from "./support/small-prism-spec.js";

const work = mkdtempSync(join(tmpdir(), "customers-mock-cli-"));
const prismSpec = writeSmallPrismSpec(work);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * How the scripts run: node with tsx's loader, one process. (The `tsx` CLI adds
 * a parent that relays signals and SIGKILLs a child that does not confirm one
 * within 30 ms, which a busy machine misses; see the report on package.json.)
 */
const NODE_ARGS = ["scripts/run.mjs"];

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const launched: Launched[] = [];

/** Starts a script in a process group of its own, like a terminal does (with `env` added to this process's). */
function launch(script: string, args: string[], env: Record<string, string> = {}): Launched {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const run = { child, output: () => text, exited };
  launched.push(run);
  return run;
}

/** Resolves when the output matches `pattern` (checked on each chunk), rejects when the process ends first. */
function waitFor(run: Launched, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = run.output().match(pattern);
      if (!match) return;
      cleanup();
      resolve(match);
    };
    const exited = () => {
      cleanup();
      reject(new Error(`exited with ${run.child.exitCode} before printing ${pattern}:\n${run.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      run.child.stdout!.off("data", check);
      run.child.stderr!.off("data", check);
      run.child.off("exit", exited);
    };
    run.child.stdout!.on("data", check);
    run.child.stderr!.on("data", check);
    run.child.once("exit", exited);
    check();
  });
}

/** A failed test must not leave a mock running: stop its whole group. */
function stopLeftovers(keep?: Launched) {
  for (const run of launched.splice(0)) {
    if (run === keep) launched.push(run);
    else if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, "SIGKILL");
  }
}
afterAll(() => stopLeftovers());

/** A run ends with `code`, having printed `message` and no stack trace. */
async function expectRefusal(run: Launched, code: number, message: RegExp) {
  await expect(run.exited).resolves.toMatchObject({ code });
  expect(run.output()).toMatch(message);
  expect(run.output()).not.toMatch(/\n\s+at /);
}

describe("npm run mock", () => {
  // One process for the checks that do not end it, then stopped with SIGTERM
  // to the command alone. Ctrl-C to the whole group is checked on `npm start`
  // below (same code); SIGKILL in mock-hostile.test.ts.
  let shared: Launched;
  let sharedUrl = "";

  beforeAll(async () => {
    shared = launch("scripts/mock.ts", ["--port", "0", "--host", "127.0.0.1", "--stateful", "--seed", "1", "--prism-spec", prismSpec]);
    [, sharedUrl] = (await waitFor(shared, /Mock of the Customers API \(stateful\): (http:\/\/127\.0\.0\.1:\d+)/)) as [string, string];
  }, 120_000);

  it("prints its URL and answers the health check, with Prism up", async () => {
    await waitFor(shared, new RegExp(`Health check: ${sharedUrl}/__health`));
    const first = await (await fetch(`${sharedUrl}/__health`)).json();
    // The mock is ready before Prism (only --dynamic waits for it): "starting", then "up".
    expect(["starting", "up"]).toContain(first.prism.status);
    const health = await vi.waitFor(
      async () => {
        const body = await (await fetch(`${sharedUrl}/__health`)).json();
        expect(body.prism.status).toBe("up");
        return body;
      },
      { timeout: 90_000, interval: 200 },
    );
    expect(health).toMatchObject({ status: "ok", mode: "stateful", customers: 2, prism: { status: "up", restarts: 0 } });
    expect(prisms(descendants(shared.child.pid!))).toEqual([health.prism.pid]);
  });

  it("says when the port is taken, before it starts a Prism", async () => {
    const port = new URL(sharedUrl).port;
    // No --prism-spec: it must fail before it would start Prism on the real spec.
    const second = launch("scripts/mock.ts", ["--port", port, "--quiet"]);
    await expect(second.exited).resolves.toMatchObject({ code: 1 });
    expect(second.output()).toContain(`port ${port} on 127.0.0.1 is already in use; pick another with npm run mock -- --port`);
    expect((await fetch(`${sharedUrl}/__health`)).status).toBe(200);
  });

  it("a SIGTERM to the command alone stops it and Prism", async () => {
    const started = descendants(shared.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(shared.child.pid!, "SIGTERM");
    await expect(shared.exited).resolves.toEqual({ code: 0, signal: null });
    expect(await allGone(started)).toEqual([]);
    await expect(fetch(`${sharedUrl}/__health`)).rejects.toThrow();
  });

  it.each([
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--seed", "1"], /--seed only applies with --dynamic or --stateful/],
    [["--empty"], /--empty only applies with --stateful/],
    [["--statefull"], /Unknown option '--statefull'/],
    [["--state", "x.json", "--dynamic"], /--state keeps stateful customers; it does not apply with --dynamic/],
    [["--prism-spec", "no-such-spec.yaml"], /--prism-spec: there is no file no-such-spec\.yaml/],
  ])("refuses %j with one clear sentence", (args, message) => {
    expect(() => parseMockArgs(args as string[])).toThrow(message as RegExp);
  });

  it("refuses a bad state file with one clear line and exit code 1, before anything starts", async () => {
    // A file that is JSON but not a store (any JSON file will do): named, with what is wrong.
    // The flags above end the same way: every error goes through the same catch.
    const run = launch("scripts/mock.ts", ["--state", "package.json", "--port", "0"]);
    await expectRefusal(run, 1, /Starting the mock failed: the state file package\.json is not a customer store: expected an object \{ "customers"/);
    expect(run.output()).not.toMatch(/Mock of the Customers API/);
  });
});

describe("voucherify-customers-mock (the engine on node:http, no Prism)", () => {
  const BIN = "src/bin/voucherify-customers-mock.ts";

  it("serves the stateful engine with CORS and a health check, says when its port is taken, and stops on SIGTERM", async () => {
    const run = launch(BIN, ["--port", "0", "--stateful", "--empty", "--seed", "1"]);
    const [, url] = (await waitFor(run, /Mock of the Customers API \(stateful\): (http:\/\/127\.0\.0\.1:\d+)/)) as [string, string];
    expect(prisms(descendants(run.child.pid!))).toEqual([]);
    await expect((await fetch(`${url}/__health`)).json()).resolves.toMatchObject({ status: "ok", mode: "stateful", customers: 0 });
    const keys = { "X-App-Id": "a", "X-App-Token": "b", Origin: "http://localhost:5173" };
    const created = await fetch(`${url}/v1/customers`, { method: "POST", headers: { ...keys, "Content-Type": "application/json" }, body: JSON.stringify({ source_id: "bin-1" }) });
    expect(created.status).toBe(200);
    expect(created.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(created.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect((await fetch(`${url}/v1/customers/bin-1`, { headers: keys })).status).toBe(200);
    const preflight = await fetch(`${url}/v1/customers`, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-app-id, x-app-token, content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-max-age")).toBe("600");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("x-app-id, x-app-token, content-type");
    expect(run.output()).toMatch(/POST \/v1\/customers -> 200/);

    const port = new URL(url).port;
    const second = launch(BIN, ["--port", port]);
    await expect(second.exited).resolves.toMatchObject({ code: 1 });
    expect(second.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.output()).not.toMatch(/\n\s+at /);

    process.kill(run.child.pid!, "SIGTERM");
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
  });

  it("insists on the app keys of --app-id and $VOUCHERIFY_APP_TOKEN, and never prints the token", async () => {
    const token = "cli-secret-token-5c1e";
    const run = launch(BIN, ["--port", "0", "--app-id", "cli-app"], { VOUCHERIFY_APP_TOKEN: token });
    const [, url] = (await waitFor(run, /Mock of the Customers API \(static\): (http:\/\/127\.0\.0\.1:\d+)/)) as [string, string];
    await waitFor(run, /Health check:/);
    expect(run.output()).toContain("App keys checked: a request without the X-App-Id and X-App-Token given gets 401");
    expect((await fetch(`${url}/v1/customers`, { headers: { "X-App-Id": "cli-app", "X-App-Token": token } })).status).toBe(200);
    const wrong = await fetch(`${url}/v1/customers`, { headers: { "X-App-Id": "cli-app", "X-App-Token": "cli-secret-token-5c1f" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 401, key: "unauthorized" });
    await waitFor(run, /GET \/v1\/customers -> 401/);
    process.kill(run.child.pid!, "SIGTERM");
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain(token);
  });

  it.each([
    [["--port", "x"], /--port must be a whole number/],
    [["--empty"], /--empty only applies with --stateful/],
    [["--dynamic"], /Unknown option '--dynamic'/],
    [["--latency", "soon"], /--latency must be a whole number of milliseconds/],
    [["--state", ""], /--state needs a file name/],
  ])("refuses %j with one clear sentence", (args, message) => {
    expect(() => parseBinArgs(args as string[])).toThrow(message as RegExp);
  });

  it("prints a refusal with the usage and exits with code 2", async () => {
    const run = launch(BIN, ["--empty"]);
    await expectRefusal(run, 2, /voucherify-customers-mock: --empty only applies with --stateful\nUsage: voucherify-customers-mock/);
  });
});

describe("npm start", () => {
  it("serves the mock and the docs, and Ctrl-C stops both", async () => {
    // Its staleness check runs on a copy (as start.test.ts does): were openapi/ or
    // the generator edited since the last generate, it would rewrite generated/ under the other suites.
    cpSync(join(ROOT, "openapi"), join(work, "openapi"), { recursive: true });
    cpSync(GENERATED, join(work, "generated"), { recursive: true });
    await recordSyncState(join(work, "generated"), join(work, "openapi/openapi.yaml"));
    const copy = ["--spec", join(work, "openapi/openapi.yaml"), "--out", join(work, "generated")];
    const run = launch("scripts/start.ts", ["--port", "0", "--docs-port", "0", "--prism-spec", prismSpec, ...copy]);
    const [, mockUrl] = await waitFor(run, /Mock \(static\): (http:\S+)/, 120_000);
    expect(run.output()).toMatch(/unchanged since the last generate/);
    const [, docsUrl] = await waitFor(run, /Docs: (http:\S+)/);
    const docs = await fetch(`${docsUrl}/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("<title>Voucherify Customers API</title>");
    expect((await fetch(`${mockUrl}/__health`)).status).toBe(200);
    // A request that once crashed Prism and ended everything: a 400, and both keep serving.
    expect((await fetch(`${mockUrl}/v1/customers/100%25%`)).status).toBe(400);
    expect((await fetch(`${docsUrl}/`)).status).toBe(200);
    const started = descendants(run.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(-run.child.pid!, "SIGINT");
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(await allGone(started)).toEqual([]);
    await expect(fetch(`${docsUrl}/`)).rejects.toThrow();
  }, 150_000);
});

describe("the mock front in process (startMock)", () => {
  it("stop() kills a Prism that is still starting instead of waiting for it", async () => {
    // Prism is a child of this process (the commands' Prisms above are grandchildren); only a new one counts.
    const before = prisms(descendants(process.pid, 1));
    const mock = await startMock({ port: 0, prismSpec });
    try {
      expect(mock.prism.health().status).toBe("starting");
      const started = await vi.waitFor(
        () => {
          const found = prisms(descendants(process.pid, 1)).filter((pid) => !before.includes(pid));
          expect(found).toHaveLength(1);
          return found;
        },
        { timeout: 30_000, interval: 20 },
      );
      await mock.stop();
      expect(mock.prism.health()).toMatchObject({ status: "down", lastExit: expect.stringMatching(/stopped while it started/) });
      expect(await allGone(started)).toEqual([]);
    } finally {
      await mock.stop();
    }
  });
});
