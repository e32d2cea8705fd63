// How validating a create request grows with its metadata, 1 KB to 1 MB;
// run in its own process by bench/validators.bench.ts. Metadata takes any
// JSON, so the validator never walks it; parsing the body does, so both are
// timed: the validator alone, and JSON.parse plus the validator, as a service
// handles a request. Prints one JSON line per size.
import { validateCustomerCreateRequest } from "../../../generated/validators.js";
import { median } from "../report.js";

const SIZES_KB = [1, 10, 100, 1000];

/** A create request whose metadata serialises to about `kb` kilobytes. */
function body(kb: number): string {
  const metadata: Record<string, unknown> = {};
  let length = 2;
  for (let index = 0; length < kb * 1024; index++) {
    const value = { lang: "en", score: index, tags: ["a", "b"] };
    metadata[`key_${index}`] = value;
    length += JSON.stringify(`key_${index}`).length + JSON.stringify(value).length + 2;
  }
  return JSON.stringify({ source_id: "crm-1", name: "Bob", email: "bob@example.com", metadata });
}

/** Median microseconds per call of `run`, over batches long enough to time. */
function microseconds(run: () => unknown): number {
  let calls = 1;
  while (true) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    if (performance.now() - start > 20) break;
    calls *= 2;
  }
  const samples: number[] = [];
  for (let round = 0; round < 15; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    samples.push(((performance.now() - start) * 1000) / calls);
  }
  return median(samples);
}

for (const kb of SIZES_KB) {
  const text = body(kb);
  const parsed = JSON.parse(text);
  if (!validateCustomerCreateRequest(parsed).ok) throw new Error(`the ${kb} KB body is not a valid create request`);
  const validateUs = microseconds(() => validateCustomerCreateRequest(parsed));
  const parseAndValidateUs = microseconds(() => validateCustomerCreateRequest(JSON.parse(text)));
  console.log(JSON.stringify({ kb, bytes: text.length, validateUs, parseAndValidateUs }));
}
