// Side-by-side throughput of two functions on the same input: rounds of
// batches, A and B alternating (and swapping who goes first each round), so
// both see the same CPU state; ratios are medians of the per-round ratios.
import { median } from "../report.js";

export interface Contender {
  name: string;
  run: (input: unknown) => unknown;
}

export interface Comparison {
  /** Median operations per second of each contender, in the order given. */
  opsPerSecond: number[];
  /** Median over rounds of (ops/s of contender 0) ÷ (ops/s of contender 1). */
  ratio: number;
}

// Keeps every result alive so the JIT cannot drop the calls.
let sink = 0;
const consume = (result: unknown) => {
  sink = (sink + (result === undefined ? 0 : 1)) | 0;
};

function batch(run: (input: unknown) => unknown, input: unknown, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) consume(run(input));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Calls per batch so that one batch of `run` takes about `targetSeconds`. */
function calibrate(run: (input: unknown) => unknown, input: unknown, targetSeconds: number): number {
  let calls = 16;
  for (;;) {
    const seconds = batch(run, input, calls);
    if (seconds >= targetSeconds / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * targetSeconds) / Math.max(seconds, 1e-9)));
    calls *= 4;
  }
}

export function compare(contenders: [Contender, Contender], input: unknown, { rounds = 31, batchSeconds = 0.02, warmupSeconds = 1.5 } = {}): Comparison {
  const [a, b] = contenders;
  // Warm both up to optimized code before anything is timed. V8 optimizes a
  // big generated function in the background, which takes up to a second on
  // a busy machine; timing before that measures the interpreter.
  const warmUntil = process.hrtime.bigint() + BigInt(Math.round(warmupSeconds * 1e9));
  while (process.hrtime.bigint() < warmUntil) {
    batch(a.run, input, calibrate(a.run, input, batchSeconds));
    batch(b.run, input, calibrate(b.run, input, batchSeconds));
  }
  const calls = [calibrate(a.run, input, batchSeconds), calibrate(b.run, input, batchSeconds)] as const;
  const opsA: number[] = [];
  const opsB: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let secondsA: number;
    let secondsB: number;
    if (round % 2 === 0) {
      secondsA = batch(a.run, input, calls[0]);
      secondsB = batch(b.run, input, calls[1]);
    } else {
      secondsB = batch(b.run, input, calls[1]);
      secondsA = batch(a.run, input, calls[0]);
    }
    const a1 = calls[0] / secondsA;
    const b1 = calls[1] / secondsB;
    opsA.push(a1);
    opsB.push(b1);
    ratios.push(a1 / b1);
  }
  if (sink === -1) console.log("unreachable");
  return { opsPerSecond: [median(opsA), median(opsB)], ratio: median(ratios) };
}
