// The spec's files must be UTF-8 text. openapi-core reads every file as
// UTF-8 and turns each byte that is not (a Latin-1 `é` saved by an editor)
// into U+FFFD without a word: the docs, the types' comments and the examples
// came out with `�` in them. This names the file, line and column instead.
import { readFileSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { relative } from "node:path";
import { ROOT } from "../project-paths.js";

/** The offset of the first byte of `bytes` that does not begin a valid UTF-8 sequence, or -1. */
function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    // isUtf8 on the one sequence also rules out overlong forms and surrogates.
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return -1;
}

/** One problem (file:line:col: message) per file of `files` that is not UTF-8 text; unreadable files are left to the bundler. */
export function nonUtf8Problems(files: Iterable<string>): string[] {
  const problems: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    if (isUtf8(bytes)) continue;
    const offset = firstInvalidByte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, "0");
    problems.push(`${relative(ROOT, file)}:${line}:${offset - lineStart + 1}: the file is not UTF-8 text (byte 0x${byte} here, perhaps Latin-1 or Windows-1252): save it as UTF-8`);
  }
  return problems;
}
