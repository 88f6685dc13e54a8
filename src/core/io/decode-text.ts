/**
 * Bytes of a model, graph or parameters file -> text, strictly as UTF-8 (what esbuild, TypeScript
 * and DAGitty files use). Node's `readFile(file, "utf8")` turns every bad byte into U+FFFD silently,
 * so a UTF-16 file read as "declares no model" and printed NUL bytes, Latin-1 bytes became U+FFFD in
 * names, and a binary file reached the parsers. Here, before decoding:
 * - a UTF-16 byte-order mark, or NUL bytes in every other position (UTF-16 without a mark), says
 *   "not valid UTF-8 (looks like UTF-16 LE|BE)";
 * - any other NUL byte (no text file has one) says the file looks binary;
 * then the first byte that is not UTF-8 is reported at its line and column, with a Latin-1 /
 * Windows-1252 reading when that is what the bytes look like. A UTF-8 byte-order mark is dropped.
 */
import { type Diagnostic, error } from "../errors/diagnostic";

/** Bytes looked at to tell UTF-16 from binary files (a UTF-16 text shows its NUL pattern at once). */
const SNIFF = 4096;

/** `name` is the path as the user gave it (in messages); `file` the resolved path (in ranges, like every other diagnostic's). */
export function decodeText(bytes: Uint8Array, name: string, file = name): { text: string } | { diagnostic: Diagnostic } {
  const refuse = (why: string, at?: { line: number; column: number; offset: number }): { diagnostic: Diagnostic } => ({
    diagnostic: error("invalid-argument", `cannot read ${name}: ${why}`, at ? { file, start: at, end: { ...at, column: at.column + 1, offset: at.offset + 1 } } : undefined),
  });
  const utf16 = utf16Kind(bytes);
  if (utf16) return refuse(`not valid UTF-8 (looks like UTF-16 ${utf16}${bytes.length >= 2 && isUtf16Bom(bytes) ? ", with a byte-order mark" : ""}); save it as UTF-8`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return refuse(`it looks like a binary file (it has a NUL byte at offset ${nul}), not a text file`);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad < 0) return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(body) };
  const lineStart = body.lastIndexOf(0x0a, bad - 1) + 1;
  const line = countNewlines(body, lineStart) + 1;
  // Everything before `bad` is valid UTF-8: decode the lines before the bad one and the bad line's prefix once each.
  const column = new TextDecoder().decode(body.subarray(lineStart, bad)).length;
  const offset = new TextDecoder().decode(body.subarray(0, lineStart)).length + column;
  const hint = latin1Hint(body, bad);
  return refuse(`not valid UTF-8: byte 0x${body[bad].toString(16).toUpperCase().padStart(2, "0")} at line ${line}, column ${column + 1}${hint}; save it as UTF-8`, { line, column, offset });
}

function isUtf16Bom(b: Uint8Array): boolean {
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
}

/** "LE" or "BE" when the bytes are UTF-16: a byte-order mark, or (mostly ASCII text) NUL in most odd or most even positions and almost none in the other. */
function utf16Kind(b: Uint8Array): "LE" | "BE" | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return "LE";
  if (b[0] === 0xfe && b[1] === 0xff) return "BE";
  const n = Math.min(b.length, SNIFF) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= 0.7 * pairs && even <= 0.05 * pairs) return "LE";
  if (even >= 0.7 * pairs && odd <= 0.05 * pairs) return "BE";
  return undefined;
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence (no overlongs, surrogates or values above U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < b.length && b[i] >= lo && b[i] <= hi;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) i += 1;
    else if (c >= 0xc2 && c <= 0xdf && cont(i + 1)) i += 2;
    else if (c >= 0xe0 && c <= 0xef && cont(i + 1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) && cont(i + 2)) i += 3;
    else if (c >= 0xf0 && c <= 0xf4 && cont(i + 1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3)) i += 4;
    else return i;
  }
  return -1;
}

function countNewlines(b: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (b[i] === 0x0a) n++;
  return n;
}

/** ` (the file looks like Latin-1 or Windows-1252, where it reads "é")` when the bad byte is a letter or sign there. */
function latin1Hint(b: Uint8Array, at: number): string {
  const c = b[at];
  if (c < 0xa0) return "";
  const ch = String.fromCharCode(c);
  return /\p{L}|\p{S}|\p{P}|\p{N}/u.test(ch) ? ` (the file looks like Latin-1 or Windows-1252, where it reads "${ch}")` : "";
}
