// State you can keep: `store.export()`/`store.import()` on the engine, the
// `--state FILE` of the command (customers survive a restart, a corrupt file
// stops the start with its name and what is wrong), the file writer (atomic,
// coalesced), the Prism front's `reload()` (a new engine from rewritten
// generated modules, keeping the customers; a broken module keeps the last
// good engine), and the documented Retry-After on a picked 429.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomersMock, StoreImportError, type CustomerStoreSnapshot } from "../src/mock.js";
import { createStateFileWriter, jsonChunks, keepStoreIn, readStateFile, StateFileError } from "../src/bin/state-file.js";
import { startMock } from "../scripts/lib/mock/mock-server.js";
import { GENERATED, ROOT } from "../scripts/lib/project-paths.js";

const KEYS = { "X-App-Id": "state-app", "X-App-Token": "state-token" };
const JSON_KEYS = { ...KEYS, "Content-Type": "application/json" };
const ORIGIN = "http://state.mock.test";
const work = mkdtempSync(join(tmpdir(), "customers-mock-state-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const create = (mock: { handle(r: Request): Promise<Response> }, body: unknown) =>
  mock.handle(new Request(`${ORIGIN}/v1/customers`, { method: "POST", headers: JSON_KEYS, body: JSON.stringify(body) }));
const get = (mock: { handle(r: Request): Promise<Response> }, id: string, query = "") => mock.handle(new Request(`${ORIGIN}/v1/customers/${encodeURIComponent(id)}${query}`, { headers: KEYS }));

describe("store.export() and store.import()", () => {
  it("round-trips every customer through JSON into another engine", async () => {
    const first = createCustomersMock({ mode: "stateful", seed: 1 });
    expect((await create(first, { source_id: "exp-1", name: "Ann", metadata: { tier: "gold" } })).status).toBe(200);
    const snapshot = JSON.parse(JSON.stringify(first.store!.export())) as CustomerStoreSnapshot;
    expect(snapshot.customers.map((c) => c.source_id)).toContain("exp-1");

    const second = createCustomersMock({ mode: "stateful", customers: [] });
    second.store!.import(snapshot);
    expect(second.store!.export()).toEqual(first.store!.export());
    const found = await get(second, "exp-1");
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ source_id: "exp-1", name: "Ann", metadata: { tier: "gold" } });
  });

  it("refuses bad data with a readable issue per problem, all or nothing, and leaves the store as it was", () => {
    const mock = createCustomersMock({ mode: "stateful" });
    const before = mock.store!.export();
    const good = before.customers[0]!;
    const bad = { customers: [good, { ...good, id: "cust_other", source_id: "other", email: 42 }, { ...good, source_id: "third" }] };
    let caught: unknown;
    try {
      mock.store!.import(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreImportError);
    const issues = (caught as StoreImportError).issues;
    expect(issues.some((issue) => /^customers\[1\]\/email: /.test(issue))).toBe(true);
    expect(issues).toContain(`customers[2]/id: ${good.id} appears twice`);
    expect((caught as Error).message).toMatch(/customers\[1\]\/email: /);
    expect(mock.store!.export()).toEqual(before);
    for (const notASnapshot of [null, [], { customers: "x" }, "text"]) expect(() => mock.store!.import(notASnapshot)).toThrow(/expected an object \{ "customers"/);
    expect(mock.store!.export()).toEqual(before);
  });

  it("tells onChange listeners about changes, not reads, until they stop listening", async () => {
    const mock = createCustomersMock({ mode: "stateful", customers: [] });
    let changes = 0;
    const stop = mock.store!.onChange(() => changes++);
    await create(mock, { source_id: "watched" });
    await get(mock, "watched");
    await mock.handle(new Request(`${ORIGIN}/v1/customers`, { headers: KEYS }));
    expect(changes).toBe(1);
    await mock.handle(new Request(`${ORIGIN}/v1/customers/watched`, { method: "DELETE", headers: KEYS }));
    expect(changes).toBe(2);
    stop();
    mock.store!.import({ customers: [] });
    expect(changes).toBe(2);
  });
});

describe("the documented Retry-After on 429", () => {
  const spec = JSON.parse(readFileSync(join(GENERATED, "openapi.json"), "utf8"));
  const documented = String(spec.components.headers.RetryAfter.example);

  it.each(["static", "stateful"] as const)("comes with a 429 picked by Prefer or __code (%s)", async (mode) => {
    const mock = createCustomersMock({ mode });
    const byPrefer = await mock.handle(new Request(`${ORIGIN}/v1/customers`, { headers: { ...KEYS, Prefer: "code=429" } }));
    const byQuery = await mock.handle(new Request(`${ORIGIN}/v1/customers/any?__code=429&__example=tooManyRequests`, { headers: KEYS }));
    for (const response of [byPrefer, byQuery]) {
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe(documented);
    }
    const ok = await mock.handle(new Request(`${ORIGIN}/v1/customers`, { headers: KEYS }));
    expect(ok.headers.get("retry-after")).toBeNull();
  });
});

describe("the state file", () => {
  it("is undefined when missing, and a StateFileError naming the file for anything unusable", async () => {
    await expect(readStateFile(join(work, "missing.json"))).resolves.toBeUndefined();
    const corrupt = join(work, "corrupt.json");
    writeFileSync(corrupt, '{ "customers": [');
    await expect(readStateFile(corrupt)).rejects.toThrow(new RegExp(`the state file ${corrupt} is not valid JSON`));
    const invalid = join(work, "invalid.json");
    writeFileSync(invalid, JSON.stringify({ customers: [{ id: 1 }] }));
    await expect(readStateFile(invalid)).rejects.toThrow(StateFileError);
    await expect(readStateFile(invalid)).rejects.toThrow(/invalid\.json is not a customer store: customers\[0\]/);
    await expect(readStateFile(work)).rejects.toThrow(/it is a folder/);
  });

  it("is written once for a burst of changes, through a temporary file that does not stay", async () => {
    const dir = mkdtempSync(join(work, "burst-"));
    const file = join(dir, "state.json");
    let version = 0;
    const writer = createStateFileWriter(file, () => ({ customers: [], version }));
    for (let i = 0; i < 50; i++) (version = i), writer.changed();
    await writer.flush();
    expect(writer.writes).toBe(1);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ customers: [], version: 49 });
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("is compact JSON, so deep metadata costs no indentation (pretty-printing it once passed V8's string limit)", async () => {
    const dir = mkdtempSync(join(work, "compact-"));
    const file = join(dir, "state.json");
    let nested: unknown = [1, 2, 3];
    for (let i = 0; i < 28; i++) nested = { a: nested };
    const mock = createCustomersMock({ mode: "stateful", seed: "compact", customers: [] });
    expect((await create(mock, { source_id: "deep-1", metadata: { nested } })).status).toBe(200);
    expect((await create(mock, { source_id: "deep-2", name: "Two" })).status).toBe(200);
    const writer = keepStoreIn(mock.store!, file);
    mock.store!.import(mock.store!.export()); // a change, so the writer saves
    await writer.flush();
    writer.stop();
    const text = readFileSync(file, "utf8");
    expect(text).toBe(`${JSON.stringify(mock.store!.export())}\n`);
    await expect(readStateFile(file)).resolves.toEqual(mock.store!.export().customers);
  });

  it("streams the same text JSON.stringify gives, whatever the snapshot holds", () => {
    const big = Array.from({ length: 300 }, (_, i) => ({ i, pad: "p".repeat(500) }));
    for (const value of [{ customers: [] }, { customers: big, version: 2, skipped: undefined }, { a: [1, undefined, "x"], b: { c: [] } }, [1, 2], "text", null]) {
      const chunks = [...jsonChunks(value)];
      expect(chunks.join("")).toBe(`${JSON.stringify(value)}\n`);
    }
    expect([...jsonChunks({ customers: big })].length).toBeGreaterThan(1);
  });

  it("reports a snapshot that cannot be serialized through onError, never as a crash, and saves on the next change", async () => {
    const dir = mkdtempSync(join(work, "unserializable-"));
    const file = join(dir, "state.json");
    let value: unknown = 10n; // JSON.stringify throws on a BigInt, as it does on a text past the string limit
    const errors: Error[] = [];
    const writer = createStateFileWriter(file, () => ({ customers: [{ value }] }), (error) => errors.push(error));
    writer.changed();
    await expect(writer.flush()).rejects.toThrow(StateFileError);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(new RegExp(`cannot save the state file ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*BigInt`));
    expect(readdirSync(dir)).toEqual([]); // no temporary file left behind
    value = 10;
    writer.changed();
    await writer.flush();
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ customers: [{ value: 10 }] });
    expect(writer.writes).toBe(1);
  });

  it("tries a failed write again at flush, so what a later write can save is not lost", async () => {
    const dir = mkdtempSync(join(work, "retry-"));
    const file = join(dir, "missing-folder", "state.json");
    const errors: Error[] = [];
    const writer = createStateFileWriter(file, () => ({ customers: [] }), (error) => errors.push(error));
    writer.changed();
    await expect(writer.flush()).rejects.toThrow(/cannot save the state file .*missing-folder/);
    const failures = errors.length;
    // The folder appears; no new change, but flush (what the command does at exit) writes.
    mkdirSync(join(dir, "missing-folder"));
    await writer.flush();
    expect(errors).toHaveLength(failures);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ customers: [] });
  });
});

/** A command in its own process; `output()` is what it printed so far. */
function launch(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ["scripts/run.mjs", "src/bin/voucherify-customers-mock.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = text.match(/\(stateful\): (http:\S+)[\s\S]*Health check/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", check);
    void exited.then(() => reject(new Error(`the command ended before it was ready:\n${text}`)));
  });
  url.catch(() => {}); // awaited only by the runs expected to start

  return { child, url, exited, output: () => text };
}

/** Resolves once `file` exists and `accept` likes its JSON (the writer saves soon after each change). */
async function fileShows(file: string, accept: (data: CustomerStoreSnapshot) => boolean): Promise<CustomerStoreSnapshot> {
  for (;;) {
    try {
      const data = JSON.parse(readFileSync(file, "utf8"));
      if (accept(data)) return data;
    } catch {
      // Not written yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("voucherify-customers-mock --state FILE", () => {
  it("keeps the customers across a restart, and refuses a corrupt file with its name and exit code 1", async () => {
    const file = join(work, "team-mock.json");
    const first = launch(["--port", "0", "--state", file, "--empty", "--quiet"]);
    const url = await first.url;
    expect(first.output()).toContain(`Customers kept in ${file} (a new file, written on the first change)`);
    const created = await fetch(`${url}/v1/customers`, { method: "POST", headers: JSON_KEYS, body: JSON.stringify({ source_id: "survivor", name: "Kept" }) });
    expect(created.status).toBe(200);
    const saved = await fileShows(file, (data) => data.customers.some((c) => c.source_id === "survivor"));
    expect(saved.customers).toHaveLength(1);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = launch(["--port", "0", "--state", file, "--quiet"]);
    const again = await second.url;
    expect(second.output()).toContain("(1 loaded)");
    const found = await fetch(`${again}/v1/customers/survivor`, { headers: KEYS });
    expect(await found.json()).toMatchObject({ source_id: "survivor", name: "Kept" });
    await expect((await fetch(`${again}/__health`)).json()).resolves.toMatchObject({ mode: "stateful", customers: 1, state: { file } });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    writeFileSync(file, "{ not json");
    const broken = launch(["--port", "0", "--state", file]);
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain(`the state file ${file} is not valid JSON`);
    expect(broken.output()).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  }, 60_000);
});

describe("the Prism front's reload() and state", () => {
  it("swaps in an engine from rewritten generated modules, keeps the customers and the file, and keeps the last good engine on a broken module", async () => {
    const generated = join(work, "generated");
    cpSync(GENERATED, generated, { recursive: true });
    const file = join(work, "front.json");
    // Nothing here asks for generated data, so Prism is never started (~14 s of CPU).
    const mock = await startMock({ port: 0, stateful: true, empty: true, seed: "s", state: file, generatedDir: generated, prismStart: "on-demand" });
    try {
      const engine = () => mock.engine;
      expect((await create(engine(), { source_id: "front-1" })).status).toBe(200);
      await mock.saved();
      expect(JSON.parse(readFileSync(file, "utf8")).customers.map((c: { source_id: string }) => c.source_id)).toEqual(["front-1"]);
      const example = async () => (await (await get(engine(), "front-1", "?__code=200")).json()).name;
      expect(await example()).toBe("Bob Smith");

      // What the generator writes after an example edit: the engine answers with it from the next request on.
      const mockData = join(generated, "mock-data.js");
      writeFileSync(mockData, readFileSync(mockData, "utf8").replaceAll('"Bob Smith"', '"Bob Reloaded"'));
      await expect(mock.reload()).resolves.toEqual({ kept: 1, dropped: 0 });
      expect(await example()).toBe("Bob Reloaded");
      expect((await get(engine(), "front-1")).status).toBe(200);
      expect((await create(engine(), { source_id: "front-2" })).status).toBe(200);
      await mock.saved();
      expect(JSON.parse(readFileSync(file, "utf8")).customers).toHaveLength(2);

      // A module that does not load: reload rejects, the last good engine keeps answering.
      writeFileSync(join(generated, "validators.js"), "export const broken = ;\n");
      await expect(mock.reload()).rejects.toThrow();
      expect(await example()).toBe("Bob Reloaded");
      expect((await get(engine(), "front-2")).status).toBe(200);
      expect(mock.prism.health().status).toBe("idle");
    } finally {
      await mock.stop();
    }
  }, 60_000);
});
