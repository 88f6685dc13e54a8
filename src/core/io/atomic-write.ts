/**
 * Atomic file replacement: write to a temporary file in the same directory, fsync it, then
 * rename it over the target (rename is atomic within one file system on POSIX and Windows).
 * A crash or kill mid-write leaves the previous version intact; a failure removes the temp file,
 * and the temp files a killed writer left are swept on the target's next write (atomic-temp-files.ts).
 * Overwriting keeps the target's permission bits (a 0600 file stays 0600); writing through a
 * symbolic link replaces the file it points to and keeps the link. A failure is an Error
 * "cannot write <target>: <reason>" with the system's `code`, never naming the temp file.
 */
import { lstat, open, readlink, realpath, rename, stat, unlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { sweepStaleTemps, tempPathFor } from "./atomic-temp-files";

/** Data to write: a whole string or buffer, or chunks (written in order, e.g. a streamed export). */
export type AtomicData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Test seams: `afterTempWrite` runs once the temp file is written and synced, before the rename (a crash test kills the process there). */
export interface AtomicWriteHooks {
  afterTempWrite?: (temp: string) => void | Promise<void>;
}

/** Targets swept in this process (a checkpoint is written every N steps; its directory is listed once). */
const swept = new Set<string>();

export async function writeFileAtomic(path: string, data: AtomicData, hooks: AtomicWriteHooks = {}): Promise<void> {
  const target = await resolveLinks(path);
  if (!swept.has(target)) {
    swept.add(target);
    await sweepStaleTemps(target);
  }
  const temp = tempPathFor(target);
  let stage = "create a temporary file beside it";
  try {
    const mode = await stat(target).then((s) => s.mode & 0o7777, () => undefined);
    const handle = await open(temp, "wx");
    try {
      stage = "write it";
      if (mode !== undefined) await handle.chmod(mode);
      if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
      else for await (const chunk of data) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.afterTempWrite?.(temp);
    stage = "replace it";
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw writeError(path, target, temp, stage, e);
  }
  await syncDirectory(dirname(target));
}

/** The file a path names after following symbolic links (also a dangling one: the write creates its target). */
async function resolveLinks(path: string): Promise<string> {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(p).catch(() => undefined);
    if (!info?.isSymbolicLink()) return hops ? p : await realpath(p).catch(() => p);
    p = resolve(dirname(p), await readlink(p));
  }
  return p;
}

const REASONS: Record<string, string> = {
  ENOENT: "its folder does not exist",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of its path is not a folder",
};

/** A file-system failure as "cannot write <path>: <reason>" (code kept); anything else (the data source threw) as it was. */
function writeError(path: string, target: string, temp: string, stage: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !code.startsWith("E")) return e;
  const via = target !== resolve(path) ? ` (the link's target ${target})` : "";
  const why = REASONS[code] ?? String((e as Error).message).split(temp).join(target);
  const err = new Error(`cannot write ${path}${via}: ${why} (could not ${stage}; ${code})`) as NodeJS.ErrnoException;
  err.code = code;
  return err;
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
