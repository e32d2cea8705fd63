// Stand-ins for a module's exports that load it on first use: what dist/
// ships for the root entry's validators (src/root-validators.ts). The build
// describes the compiled module once (describeExports) and writes the shape
// into a CommonJS and an ES module stand-in that call lazyExports with it and
// a function doing `require("./validators.js")` (for the ES module, from a
// two-line CommonJS file beside the compiled module). A static `require`
// inside a function is what every bundler follows and keeps lazy (esbuild,
// webpack, Rollup/Vite), unlike `createRequire(import.meta.url)`, and it needs
// no `node:` import, so the same files serve Node, bundlers and browsers.

/** A module's exports, as plain data the build writes into the stand-in. */
export interface ExportShape {
  /** Plain functions (`formatIssues`, `isCustomer`), called through. */
  functions: string[];
  /** Functions with an `is` guard (`validateCustomer`) → the export that is their `is`, or null. */
  guarded: Record<string, string | null>;
  /** Frozen JSON data (`schemaNames`), copied. */
  data: Record<string, unknown>;
  /** Frozen records of exported functions (`validators`): key → export name. */
  records: Record<string, Record<string, string>>;
}

type Module = Record<string, unknown>;
type Callable = (...args: unknown[]) => unknown;

class CannotStandIn extends Error {}

const isCallable = (value: unknown): value is Callable & Record<string, unknown> => typeof value === "function";

/** Deep equality through JSON: true when `value` survives being written into the stand-in. */
const isJson = (value: unknown): boolean => {
  try {
    return JSON.stringify(JSON.parse(JSON.stringify(value))) === JSON.stringify(value);
  } catch {
    return false;
  }
};

/**
 * What the stand-ins must mirror. Throws for an export they could not
 * (a mutable object, a class, a function carrying other properties), so a
 * new kind of export stops the build instead of shipping a wrong copy.
 */
export function describeExports(module: Module): ExportShape {
  const shape: ExportShape = { functions: [], guarded: {}, data: {}, records: {} };
  const entries = Object.entries(module).filter(([name]) => name !== "__esModule" && name !== "default");
  const nameOf = new Map(entries.filter(([, value]) => isCallable(value)).map(([name, value]) => [value, name]));
  for (const [name, value] of entries) {
    if (isCallable(value)) {
      const own = Object.keys(value);
      if (own.length === 0 && !/^class\b/.test(Function.prototype.toString.call(value))) shape.functions.push(name);
      else if (own.length === 1 && own[0] === "is" && isCallable(value.is)) shape.guarded[name] = nameOf.get(value.is) ?? null;
      else throw new CannotStandIn(`${name}: a class or a function with properties (${own.join(", ")}) has no lazy stand-in`);
      continue;
    }
    if (!value || typeof value !== "object" || !Object.isFrozen(value)) throw new CannotStandIn(`${name}: only functions and frozen data have lazy stand-ins`);
    const values = Object.values(value);
    if (!Array.isArray(value) && values.length > 0 && values.every((item) => nameOf.has(item))) {
      shape.records[name] = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, nameOf.get(item)!]));
    } else if (isJson(value)) {
      shape.data[name] = value;
    } else {
      throw new CannotStandIn(`${name}: frozen data that is not JSON, or a record of functions the module does not export`);
    }
  }
  return shape;
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === "object") for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
};

/**
 * Exports shaped like `shape` whose functions load the module (`load`, called
 * once) on first call and then call the real ones. `validators.Customer` is
 * `validateCustomer` and `validateCustomer.is` is `isCustomer`, as in the module.
 */
export function lazyExports(load: () => Module, shape: ExportShape): Module {
  let loaded: Module | undefined;
  const real = (name: string): Callable => (loaded ??= load())[name] as Callable;
  const callThrough = (find: () => Callable): Callable => {
    let target: Callable | undefined;
    return function (this: unknown, ...args: unknown[]) {
      return (target ??= find()).apply(this, args);
    };
  };
  const exports: Module = {};
  for (const name of shape.functions) exports[name] = callThrough(() => real(name));
  for (const [name, is] of Object.entries(shape.guarded)) {
    const guard = (is !== null && exports[is]) || callThrough(() => (real(name) as unknown as { is: Callable }).is);
    exports[name] = Object.assign(callThrough(() => real(name)), { is: guard });
  }
  for (const [name, value] of Object.entries(shape.data)) exports[name] = deepFreeze(value); // the stand-in's own copy: a literal in its source
  for (const [name, record] of Object.entries(shape.records)) {
    exports[name] = Object.freeze(Object.fromEntries(Object.entries(record).map(([key, exported]) => [key, exports[exported]])));
  }
  return exports;
}
