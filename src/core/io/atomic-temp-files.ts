/**
 * The temporary files of atomic writes (atomic-write.ts), named `.<target>.<host>.<pid>.<random>.tmp`
 * beside their target, and the sweep that removes the ones a killed writer left (300 kills mid-write
 * once left 68 MB of them). A temp file is stale when its writer is gone: written on this host by a
 * process that no longer exists (`kill(pid, 0)` says ESRCH), or older than a day whatever wrote it (a
 * writer on another host of a shared folder, a name from before the host was part of it, a reused
 * pid). A writer that is alive keeps its file: it may be about to rename it.
 */
import { createHash } from "node:crypto";
import { randomBytes } from "node:crypto";
import { readdir, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

/** Older than this, a temp file is stale whoever wrote it. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const HOST = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${HOST}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** True when the process `pid` on this host is known to be gone. */
function writerGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Removes the stale temp files of `target` (never another file's); returns the names removed. Best effort: a file that cannot be read or removed stays. */
export async function sweepStaleTemps(target: string, now = Date.now()): Promise<string[]> {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.startsWith(prefix) && n.endsWith(".tmp"));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = /^(?:([0-9a-f]{8})\.)?(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const [, host, pid] = m;
    try {
      const old = now - (await stat(join(dir, name))).mtimeMs > STALE_AFTER_MS;
      if (old || (host === HOST && writerGone(Number(pid)))) {
        await unlink(join(dir, name));
        removed.push(name);
      }
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}
