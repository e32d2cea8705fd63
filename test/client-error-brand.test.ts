// The dual-package hazard: an app that loads both the ESM and the CommonJS
// build holds two CustomersApiError classes. Each recognises the other's
// errors (instanceof and CustomersApiError.is check a shared Symbol.for brand).
// The second copy here is the client entry bundled to CommonJS by esbuild and
// loaded with require(), outside Vitest's module graph.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inspect } from "node:util";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib/project-paths.js";
import { createCustomersClient, CustomersApiError } from "../src/client.js";
import { rejection } from "./support/rejection.js";

type ClientModule = typeof import("../src/client.js");

let copy: ClientModule;
beforeAll(async () => {
  const dir = join(ROOT, ".tmp/client-error-brand");
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, "client.cjs");
  await build({ entryPoints: [join(ROOT, "src/client.ts")], bundle: true, format: "cjs", platform: "node", outfile, logLevel: "silent" });
  copy = createRequire(import.meta.url)(outfile) as ClientModule;
});

const init = { kind: "api", operationId: "getCustomer", method: "get", path: "/v1/customers/{customerId}", status: 404 } as const;
const notFound = async () => Response.json({ code: 404, key: "not_found", message: "Not found" }, { status: 404 });

describe("CustomersApiError across two copies of the package", () => {
  it("the copies are different classes", () => {
    expect(copy.CustomersApiError).not.toBe(CustomersApiError);
    expect(Object.getPrototypeOf(new copy.CustomersApiError(init))).not.toBe(CustomersApiError.prototype);
  });

  it("instanceof recognises an error from the other copy, both ways", () => {
    expect(new copy.CustomersApiError(init)).toBeInstanceOf(CustomersApiError);
    expect(new CustomersApiError(init)).toBeInstanceOf(copy.CustomersApiError);
  });

  it("CustomersApiError.is recognises an error from the other copy, both ways", () => {
    expect(CustomersApiError.is(new copy.CustomersApiError(init))).toBe(true);
    expect(copy.CustomersApiError.is(new CustomersApiError(init))).toBe(true);
  });

  it("an error a client of the other copy rejects with is recognised and keeps its fields", async () => {
    const client = copy.createCustomersClient({ appId: "app", appToken: "token", baseUrl: "http://api.test", fetch: notFound });
    const error: unknown = await client.customers.get("c1").catch((e: unknown) => e);
    expect(error instanceof CustomersApiError).toBe(true);
    if (!CustomersApiError.is(error)) throw new Error("not recognised");
    expect(error).toMatchObject({ kind: "api", status: 404, key: "not_found" });
  });

  it.each([
    ["a plain Error", new Error("x")],
    ["an Error named CustomersApiError", Object.assign(new Error("x"), { name: "CustomersApiError", kind: "api" })],
    ["an object with the brand set to something other than true", { [Symbol.for("voucherify-customers-contract.CustomersApiError")]: "yes" }],
    ["an object with a brand of another symbol", { [Symbol("voucherify-customers-contract.CustomersApiError")]: true }],
    ["null", null],
    ["a string", "CustomersApiError"],
    ["undefined", undefined],
  ])("recognises nothing else: %s", (_, value) => {
    expect(CustomersApiError.is(value)).toBe(false);
    expect(value instanceof CustomersApiError).toBe(false);
  });

  it("the brand does not show in the error's keys, JSON or inspect output", async () => {
    const error = await rejection(createCustomersClient({ appId: "app", appToken: "token", baseUrl: "http://api.test", fetch: notFound }).customers.get("c1"));
    expect(Reflect.ownKeys(error).some((key) => typeof key === "symbol")).toBe(false);
    expect(JSON.stringify(error)).not.toContain("voucherify-customers-contract.CustomersApiError");
    expect(inspect(error)).not.toContain("voucherify-customers-contract.CustomersApiError");
  });

  it("a subclass keeps the ordinary prototype check", () => {
    const Base = CustomersApiError as unknown as new (i: typeof init) => Error;
    class Subclass extends Base {}
    expect(new Subclass(init)).toBeInstanceOf(Subclass);
    expect(new Subclass(init)).toBeInstanceOf(CustomersApiError);
    expect(new CustomersApiError(init)).not.toBeInstanceOf(Subclass);
  });
});
