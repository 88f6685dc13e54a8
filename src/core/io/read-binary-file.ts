/**
 * Reads a file's bytes, turning file-system failures into a Diagnostic a user can act on.
 * Reads in chunks into one buffer sized from `stat`, since fs.readFile stops at 2 GiB and an
 * array file (dSprites' images saved as one .npy) can be 3 GB.
 */
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { type Diagnostic, error } from "../errors/diagnostic";

const CHUNK = 1 << 26;

export async function readBinaryFile(path: string): Promise<{ bytes: Uint8Array; file: string } | { diagnostics: Diagnostic[] }> {
  const file = resolve(path);
  try {
    const handle = await open(file, "r");
    try {
      const size = (await handle.stat()).size;
      const bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await handle.read(bytes, at, Math.min(CHUNK, size - at), at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return { bytes: at === size ? bytes : bytes.subarray(0, at), file };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    return { diagnostics: [error("unreadable-data-file", `cannot read ${path}: ${why}`)] };
  }
}
