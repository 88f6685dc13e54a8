/**
 * Atomic file replacement: write to a temporary file in the same directory, fsync it, then
 * rename it over the target (rename is atomic within one file system on POSIX and Windows).
 * A crash or kill mid-write leaves the previous version intact; a failure removes the temp file.
 */
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Data to write: a whole string or buffer, or chunks (written in order, e.g. a streamed export). */
export type AtomicData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Test seams: `afterTempWrite` runs once the temp file is written and synced, before the rename (a crash test kills the process there). */
export interface AtomicWriteHooks {
  afterTempWrite?: (temp: string) => void | Promise<void>;
}

export async function writeFileAtomic(path: string, data: AtomicData, hooks: AtomicWriteHooks = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx");
  try {
    try {
      if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
      else for await (const chunk of data) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.afterTempWrite?.(temp);
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(path));
}

/** Makes the rename itself durable; not supported on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const h = await open(dir, "r");
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* directories cannot be opened or synced on some platforms (Windows) */
  }
}
