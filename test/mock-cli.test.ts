// `npm run mock` and `npm start` as a person runs them: the commands print
// their URLs, the health check and the docs answer, Ctrl-C (SIGINT to the
// whole process group, as a terminal sends it) or a SIGTERM to the command
// alone stops every process it started, and a bad flag gets one clear line.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";

/**
 * How the scripts run: node with tsx's loader, one process. (The `tsx` CLI adds
 * a parent that relays signals and SIGKILLs a child that does not confirm one
 * within 30 ms, which a busy machine misses; see the report on package.json.)
 */
const NODE_ARGS = ["--import", "tsx"];

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const launched: Launched[] = [];

/** Starts a script in a process group of its own, like a terminal does. */
function launch(script: string, args: string[]): Launched {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const run = { child, output: () => text, exited };
  launched.push(run);
  return run;
}

async function waitFor(run: Launched, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = run.output().match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null) throw new Error(`exited with ${run.child.exitCode} before printing ${pattern}:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${run.output()}`);
}

/** Every process below `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents) if (ppid === parent) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

/** The Prism processes among `pids`, by their command line. */
function prisms(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("prism-cli");
    } catch {
      return false;
    }
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function allGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(alive);
}

afterEach(() => {
  // A failed test must not leave a mock running: stop its whole group.
  for (const run of launched.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, "SIGKILL");
});

describe("npm run mock", () => {
  it("prints its URL, answers the health check, and Ctrl-C stops it and Prism", async () => {
    const run = launch("scripts/mock.ts", ["--port", "0", "--host", "127.0.0.1"]);
    const [, url] = await waitFor(run, /Mock of the Customers API \(static\): (http:\/\/127\.0\.0\.1:\d+)/);
    expect(run.output()).toContain(`${url}/__health`);
    const health = await fetch(`${url}/__health`);
    expect(await health.json()).toMatchObject({ status: "ok", mode: "static" });
    const started = descendants(run.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(-run.child.pid!, "SIGINT");
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(await allGone(started)).toEqual([]);
    await expect(fetch(`${url}/__health`)).rejects.toThrow();
  });

  it("a SIGTERM to the command alone stops Prism too", async () => {
    const run = launch("scripts/mock.ts", ["--port", "0", "--stateful", "--seed", "1", "--quiet"]);
    const [, url] = await waitFor(run, /\(stateful\): (http:\S+)/);
    await expect((await fetch(`${url}/__health`)).json()).resolves.toMatchObject({ mode: "stateful" });
    const started = descendants(run.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(run.child.pid!, "SIGTERM");
    await run.exited;
    expect(await allGone(started)).toEqual([]);
  });

  it("leaves no Prism behind even when it is killed with SIGKILL", async () => {
    const run = launch("scripts/mock.ts", ["--port", "0", "--quiet"]);
    await waitFor(run, /\(static\): http/);
    const started = descendants(run.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(run.child.pid!, "SIGKILL");
    await run.exited;
    expect(await allGone(started)).toEqual([]);
  });

  it.each([
    [["--port", "http"], /--port must be a whole number/],
    [["--port", "70000"], /--port must be a whole number/],
    [["--seed", "1"], /--seed only applies with --dynamic or --stateful/],
    [["--empty"], /--empty only applies with --stateful/],
    [["--statefull"], /Unknown option '--statefull'/],
  ])("refuses %j with one clear line and exit code 1", async (args, message) => {
    const run = launch("scripts/mock.ts", args);
    await expect(run.exited).resolves.toMatchObject({ code: 1 });
    expect(run.output()).toMatch(message);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it("says when the port is taken instead of crashing", async () => {
    const first = launch("scripts/mock.ts", ["--port", "0", "--quiet"]);
    const [, port] = await waitFor(first, /127\.0\.0\.1:(\d+)/);
    const second = launch("scripts/mock.ts", ["--port", port!, "--quiet"]);
    await expect(second.exited).resolves.toMatchObject({ code: 1 });
    expect(second.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    const started = descendants(first.child.pid!);
    process.kill(-first.child.pid!, "SIGINT");
    await first.exited;
    expect(await allGone(started)).toEqual([]);
  });
});

describe("npm start", () => {
  it("serves the mock and the docs, and Ctrl-C stops both", async () => {
    const run = launch("scripts/start.ts", ["--port", "0", "--docs-port", "0"]);
    const [, mockUrl] = await waitFor(run, /Mock \(static\): (http:\S+)/, 120_000);
    const [, docsUrl] = await waitFor(run, /Docs: (http:\S+)/);
    const docs = await fetch(`${docsUrl}/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("<title>Voucherify Customers API</title>");
    expect((await fetch(`${mockUrl}/__health`)).status).toBe(200);
    const started = descendants(run.child.pid!);
    expect(prisms(started)).toHaveLength(1);
    process.kill(-run.child.pid!, "SIGINT");
    await expect(run.exited).resolves.toEqual({ code: 0, signal: null });
    expect(await allGone(started)).toEqual([]);
    await expect(fetch(`${docsUrl}/`)).rejects.toThrow();
  });
});
