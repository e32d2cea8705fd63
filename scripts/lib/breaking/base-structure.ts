// Checks that a base spec is shaped as OpenAPI says before the guard reads it:
// a base is an old release or any file passed with --base, and the rules read
// `parameters` as a list, `required` as names, every $ref as a target. Without
// this a malformed base reads as fewer operations or fields and gives a
// wrong verdict, or fails with a message about the guard's own code.
// openapi-core's `struct` and `no-unresolved-refs` rules, not the project's
// lint rules: an old release passed the rules of its own day, not today's.
import { createRequire } from "node:module";

type OpenapiCore = typeof import("@redocly/openapi-core");
type Config = Awaited<ReturnType<OpenapiCore["createConfig"]>>;

let loaded: Promise<{ core: OpenapiCore; config: Config }> | undefined;

/** openapi-core and its config, once per process: it loads in about a second. */
function structureLinter() {
  loaded ??= (async () => {
    let core: OpenapiCore;
    try {
      // Faster than import() under a loader with hooks (see spec/bundle-spec.ts).
      core = createRequire(import.meta.url)("@redocly/openapi-core") as OpenapiCore;
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== "ERR_REQUIRE_ESM") throw error;
      core = await import("@redocly/openapi-core");
    }
    const config = await core.createConfig({ rules: { struct: "error", "no-unresolved-refs": "error" } });
    return { core, config };
  })();
  return loaded;
}

/**
 * The structure problems of a bundled document, each as `<where>#<JSON pointer>: message`;
 * empty when the guard can read it.
 */
export async function baseStructureProblems(document: unknown, where: string): Promise<string[]> {
  const { core, config } = await structureLinter();
  const source = core.makeDocumentFromString(JSON.stringify(document), where);
  const problems = await core.lintDocument({ document: source, config, externalRefResolver: new core.BaseResolver(config.resolve) });
  return problems
    .filter((problem) => problem.severity === "error")
    .map((problem) => `${where}${problem.location[0]?.pointer ?? ""}: ${problem.message}`);
}
