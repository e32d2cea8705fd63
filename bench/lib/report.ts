// What every benchmark file uses to hand its figures to `npm run bench`:
// one `BENCH {json}` line per figure on stdout, read by scripts/bench.ts.

export interface BenchFigure {
  /** Stable name from DESIGN.md's Benchmarks table, e.g. `client.overhead.ratio`. */
  name: string;
  value: number;
  unit: string;
  /** The target, as text: "<= 1.10", ">= 0.6", or "" for figures that are only printed. */
  target: string;
  ok: boolean;
}

export function meets(value: number, target: string): boolean {
  const match = /^(<=|>=)\s*([\d.]+)$/.exec(target.trim());
  if (!match) return true;
  return match[1] === "<=" ? value <= Number(match[2]) : value >= Number(match[2]);
}

export function report(name: string, value: number, unit: string, target = ""): BenchFigure {
  const figure = { name, value: Number(value.toPrecision(4)), unit, target, ok: meets(value, target) };
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
  return figure;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
