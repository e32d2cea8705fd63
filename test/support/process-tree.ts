// The processes a command started, read from /proc (Linux): for the tests
// that check a mock command leaves no Prism behind when it is stopped or
// killed (mock-cli.test.ts, mock-hostile.test.ts).
import { readdirSync, readFileSync } from "node:fs";

/** Every process below `pid`; `depth` 1 gives its children only. */
export function descendants(pid: number, depth = Infinity): number[] {
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
  const walk = (parent: number, level: number) => {
    for (const [child, ppid] of parents) if (ppid === parent) found.push(child), level < depth && walk(child, level + 1);
  };
  walk(pid, 1);
  return found;
}

/** The Prism processes among `pids`, by their command line. */
export function prisms(pids: number[]): number[] {
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

/** The processes among `pids` still running once all are gone or `timeoutMs` has passed. */
export async function allGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(alive);
}
