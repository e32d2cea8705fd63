// What `npm start` and `npm run dev` share while they start: one printed line
// per step (so a slow start says what it is waiting for), the staleness check
// by content hash, and the mock and the docs started side by side.
import { syncIfChanged } from "../generate/sync-generated.js";

export interface StartupLog {
  /** A step begins: "Checking the spec…". */
  step(text: string): void;
  /** A step's outcome, with the time since the command started. */
  done(text: string): void;
  /** Seconds since the command started, e.g. "1.8". */
  elapsed(): string;
}

export function startupLog(started = performance.now(), print: (line: string) => void = console.log): StartupLog {
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    step: (text) => print(`▸ ${text}`),
    done: (text) => print(`  ${text} (${elapsed()} s)`),
    elapsed,
  };
}

/** Regenerates generated/ only when openapi/ or the generator changed since the last sync. Throws the spec's problems. */
export async function checkSpec(log: StartupLog, options: { outDir?: string; specRoot?: string } = {}): Promise<void> {
  log.step("Checking the spec (content hash of openapi/ and the generator)…");
  const result = await syncIfChanged(options);
  if (result.skipped) log.done("unchanged since the last generate");
  else {
    const changed = [...result.stale, ...result.extra.map((file) => `${file} (removed)`)];
    log.done(changed.length ? `regenerated ${changed.join(", ")}` : "regenerated; every file was already current");
  }
}

/** Starts both; when one fails, stops the other and throws the first error. */
export async function startBoth<A extends { stop(): Promise<void> }, B extends { stop(): Promise<void> }>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === "fulfilled" && second.status === "fulfilled") return [first.value, second.value];
  await Promise.all([first, second].map((r) => (r.status === "fulfilled" ? r.value.stop().catch(() => {}) : undefined)));
  throw first.status === "rejected" ? first.reason : (second as PromiseRejectedResult).reason;
}
