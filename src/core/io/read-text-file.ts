/** Reads a UTF-8 text file, turning file-system failures into a Diagnostic a user can act on. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Diagnostic, error } from "../errors/diagnostic";

export async function readTextFile(path: string): Promise<{ text: string; file: string } | { diagnostics: Diagnostic[] }> {
  const file = resolve(path);
  try {
    return { text: await readFile(file, "utf8"), file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    return { diagnostics: [error("invalid-argument", `cannot read ${path}: ${why}`)] };
  }
}
