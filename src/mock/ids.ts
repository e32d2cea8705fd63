// IDs and timestamps for the records the stateful mock creates. With a seed
// the IDs repeat from run to run (`--seed 1` gives the same customers' IDs
// every time, whatever was refused in between); without one they are
// random. Time only moves forward, one millisecond at least per record kept,
// so creation times are unique and the `starting_after` cursor never has to
// break a tie.

// A seeded generator is ten lines; a dependency would add more than it saves.
// Its whole state is one number, so a refused change can put it back (mark()).
class Mulberry32 {
  constructor(public state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

export function mulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed >>> 0);
  return () => generator.next();
}

/** FNV-1a: turns any seed text into the generator's 32-bit start state. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

export interface IdSource {
  /** `cust_` and 24 letters or digits, as the API's customer IDs. */
  customer(): string;
  /** `del_` and 24 letters or digits, as permanent-deletion records. */
  deletion(): string;
  /** `aa_` and 18 hex digits, as async action IDs. */
  asyncAction(): string;
  /** `v-` and 18 hex digits, as the API's request IDs. */
  request(): string;
  /** An ISO 8601 time, strictly later than the previous one. */
  now(): string;
  /**
   * Notes where the record IDs and the clock stand; the function it returns
   * puts them back there, so a refused change draws nothing a later one would
   * have got. Request IDs come from a stream of their own and are not put
   * back: every answer, a refusal too, has its own.
   */
  mark(): () => void;
}

export function createIdSource(seed?: string, clock: () => number = Date.now): IdSource {
  // Records (customers, deletions, async actions) and request IDs draw from
  // separate streams: an error answer's request ID does not move the next customer's ID.
  const records = seed === undefined ? undefined : new Mulberry32(hashSeed(seed));
  const requests = seed === undefined ? undefined : new Mulberry32(hashSeed(`${seed}\u0000requests`));
  const recordRandom = records ? () => records.next() : Math.random;
  const requestRandom = requests ? () => requests.next() : Math.random;
  const pick = (random: () => number, alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  let last = 0;
  return {
    customer: () => `cust_${pick(recordRandom, ALPHANUMERIC, 24)}`,
    deletion: () => `del_${pick(recordRandom, ALPHANUMERIC, 24)}`,
    asyncAction: () => `aa_${pick(recordRandom, HEX, 18)}`,
    request: () => `v-${pick(requestRandom, HEX, 18)}`,
    now: () => {
      last = Math.max(clock(), last + 1);
      return new Date(last).toISOString();
    },
    mark: () => {
      const state = records?.state;
      const at = last;
      return () => {
        if (records) records.state = state!;
        last = at;
      };
    },
  };
}
