/** Reads a UTF-8 text file (decode-text.ts: refused, with a reason, when it is not UTF-8), turning file-system failures into a Diagnostic a user can act on. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Diagnostic, error } from "../errors/diagnostic";
import { decodeText } from "./decode-text";

export async function readTextFile(path: string): Promise<{ text: string; file: string } | { diagnostics: Diagnostic[] }> {
  const file = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    return { diagnostics: [error("invalid-argument", `cannot read ${path}: ${why}`)] };
  }
  const decoded = decodeText(bytes, path, file);
  return "diagnostic" in decoded ? { diagnostics: [decoded.diagnostic] } : { text: decoded.text, file };
}
