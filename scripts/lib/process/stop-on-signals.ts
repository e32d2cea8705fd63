// How the long-running scripts end: Ctrl-C (SIGINT), SIGTERM or SIGHUP stop
// everything they started, then the process exits. Ctrl-C also reaches Prism
// directly (same process group), so Prism ending on a signal is a normal stop;
// Prism ending any other way is reported and ends the script with code 1.
import type { ChildProcess } from "node:child_process";

/** Longest wait for a clean stop before exiting anyway. */
const STOP_TIMEOUT_MS = 8000;

/** `prism` is the Prism child process, or anything that emits "exit" like one (the mock front's supervisor). */
export function stopOnSignals(stop: () => Promise<void>, prism: { once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown }): void {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), STOP_TIMEOUT_MS).unref();
    await stop().catch((error: unknown) => console.error(`Stopping failed: ${(error as Error)?.message ?? error}`));
    process.exit(code);
  };
  // `on`, not `once`: Ctrl-C arrives twice (from the terminal, and relayed by
  // tsx), and a second signal with no listener would end the process at once.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));
  prism.once("exit", (code, signal) => {
    if (stopping) return;
    if (signal === "SIGINT" || signal === "SIGTERM" || code === 0) return void shutdown(0);
    console.error(`The Prism mock stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
    void shutdown(1);
  });
}
