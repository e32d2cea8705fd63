// `--state FILE`: the stateful mock's customers kept in a JSON file, so a
// team's shared dev mock survives restarts. The file is what
// `store.export()` returns (`{ "customers": [ … ] }`, compact JSON), read once
// at start and written back after each change: streamed, a customer at a
// time, to a temporary file in the same folder, then renamed over the old
// one, so a crash mid-write never leaves half a file. Changes that come while
// a write is under way are saved together by the next one, so a burst of
// requests costs at most two writes. A failed write never stops the mock: it
// is reported, and the next write (the next change, or the flush at exit)
// saves everything, since each write is the whole store.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkSnapshot, StoreImportError, storedCustomers, type CustomerStore } from "../mock/customer-store.js";
import type { Customer } from "../types.js";

/** A state file that cannot be used; the message names the file and what is wrong with it. */
export class StateFileError extends Error {
  override name = "StateFileError";
}

/**
 * The customers a state file holds, or `undefined` when it does not exist
 * yet (the mock then starts as `--stateful` does and creates the file on the
 * first change). Anything else that is wrong is a StateFileError: an
 * unreadable file, invalid JSON, or a customer our validators refuse.
 */
export async function readStateFile(file: string): Promise<Customer[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new StateFileError(`cannot read the state file ${file}: ${code === "EISDIR" ? "it is a folder" : ((error as Error).message ?? code)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`the state file ${file} is not valid JSON (${(error as Error).message}); fix it, or delete it to start afresh`);
  }
  try {
    return checkSnapshot(data);
  } catch (error) {
    if (!(error instanceof StoreImportError)) throw error;
    throw new StateFileError(`the state file ${file} is not a customer store: ${error.issues.slice(0, 10).join("; ")}${error.issues.length > 10 ? ` (and ${error.issues.length - 10} more)` : ""}`);
  }
}

export interface StateFileWriter {
  /** Notes a change; the file is written soon after (changes during a write are coalesced into the next one). */
  changed(): void;
  /** Resolves once every change noted so far is on disk; after a failed write it tries once more, and rejects with that write's error. */
  flush(): Promise<void>;
  /** How many times the file has been written; the health endpoint reports it. */
  readonly writes: number;
}

/** Pieces of text gathered up to this size before they are handed to the file. */
const CHUNK_CHARS = 64 * 1024;

/**
 * `value` as compact JSON and a final newline, in pieces: each element of a
 * top-level array property (a snapshot's customers) is serialized on its own,
 * so the text of the whole store never has to fit in one string.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    yield `${JSON.stringify(value)}\n`;
    return;
  }
  let pending = "{";
  let firstKey = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === "function") continue; // as JSON.stringify leaves them out
    pending += `${firstKey ? "" : ","}${JSON.stringify(key)}:`;
    firstKey = false;
    if (!Array.isArray(member)) {
      pending += JSON.stringify(member);
      continue;
    }
    pending += "[";
    for (let i = 0; i < member.length; i++) {
      pending += (i > 0 ? "," : "") + (JSON.stringify(member[i]) ?? "null");
      if (pending.length >= CHUNK_CHARS) {
        yield pending;
        pending = "";
      }
    }
    pending += "]";
  }
  yield `${pending}}\n`;
}

/**
 * Writes `snapshot()` to `file` after each `changed()`. A failed write (the
 * snapshot, its serialization or the disk) is reported through `onError`,
 * never thrown; the mock keeps answering from memory, and the next write
 * saves everything.
 */
export function createStateFileWriter(file: string, snapshot: () => unknown, onError: (error: Error) => void = () => {}): StateFileWriter {
  let dirty = false;
  let writing: Promise<void> | undefined;
  let lastError: Error | undefined;
  let writes = 0;
  const temporary = () => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);

  const report = (error: Error) => {
    try {
      onError(error);
    } catch {
      // The reporter's own failure must not stop the saving either.
    }
  };

  async function writeOnce(): Promise<void> {
    dirty = false;
    const temp = temporary();
    try {
      await pipeline(Readable.from(jsonChunks(snapshot())), createWriteStream(temp));
      await rename(temp, file);
      writes++;
      lastError = undefined;
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      lastError = new StateFileError(`cannot save the state file ${file}: ${(error as Error)?.message ?? error}`);
      report(lastError);
    }
  }

  /** Writes until nothing is left unsaved; one loop at a time. */
  function drain(): Promise<void> {
    writing ??= (async () => {
      // Waits for the current task's other changes (a bulk update) before the first write.
      await new Promise((resolve) => setImmediate(resolve));
      while (dirty) await writeOnce();
    })().finally(() => {
      writing = undefined;
    });
    return writing;
  }

  return {
    changed() {
      dirty = true;
      // writeOnce catches everything; this only keeps a surprise from becoming an unhandled rejection.
      drain().catch((error) => report(error as Error));
    },
    async flush() {
      // The last chance to save: a failed write is tried again.
      if (lastError) dirty = true;
      while (writing || dirty) await drain();
      if (lastError) throw lastError;
    },
    get writes() {
      return writes;
    },
  };
}

/** Keeps `store` in `file`: every change is saved. Returns the writer (flush it before the process ends). */
export function keepStoreIn(store: CustomerStore, file: string, onError?: (error: Error) => void): StateFileWriter & { stop(): void } {
  // The stored customers themselves, not export()'s copies: the store never edits one in place, so each write serializes a consistent set.
  const writer = createStateFileWriter(file, () => ({ customers: storedCustomers(store) }), onError);
  const stop = store.onChange(() => writer.changed());
  return Object.assign(writer, { stop });
}
