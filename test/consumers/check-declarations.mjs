// `tsc -p .` for the consumer row that checks our declarations themselves
// (skipLibCheck false), run with the TypeScript given as the first argument,
// minus one thing: the semantic check of @types/node's own files (and of
// undici-types, which it includes). Those are the consumer's choice, not ours
// nor our dependencies', and were most of this row's time. Our declarations
// and openapi-fetch's are checked in full; they augment no global or module
// (test/package.test.ts), so an error they cause cannot surface only inside
// @types/node's files. Exits 1 with tsc's output on any diagnostic; emits as
// tsc does (and parses as tsc does).
import { createRequire } from "node:module";

const ts = createRequire(import.meta.url)(process.argv[2]);
const NOT_OURS = /\/node_modules\/(@types\/node|undici-types)\//;

const configErrors = [];
const config = ts.getParsedCommandLineOfConfigFile("tsconfig.json", undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d),
});
const diagnostics = [...configErrors];
if (config) {
  const host = ts.createCompilerHost(config.options);
  // As tsc parses: JSDoc only where it can change a type error (the API's default parses all of it).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  diagnostics.push(
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSourceFiles().flatMap((file) => (NOT_OURS.test(file.fileName) ? [] : program.getSemanticDiagnostics(file))),
    // File by file: emitting the whole program would type-check every file first, @types/node's included.
    ...config.fileNames.flatMap((name) => program.emit(program.getSourceFile(name)).diagnostics),
  );
}
if (diagnostics.length > 0) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => "\n" };
  process.stdout.write(ts.formatDiagnostics(diagnostics, host));
  process.exit(1);
}
