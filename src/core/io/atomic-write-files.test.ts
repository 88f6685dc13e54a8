// writeFileAtomic and the files around its target (issue 13, item 18): the temp files of killed writers are
// swept (those of live writers, and other targets' files, are not), overwriting keeps the permission bits,
// a symbolic link is written through, and errors name the target, never the temp file.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sweepStaleTemps, tempPathFor } from "./atomic-temp-files";
import { writeFileAtomic } from "./atomic-write";

const fresh = () => mkdtempSync(join(tmpdir(), "atomic-files-"));
/** A pid that is surely gone: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;
/** tempPathFor's name with another pid (same host tag). */
const tempOf = (target: string, pid: number) => tempPathFor(target).replace(`.${process.pid}.`, `.${pid}.`);

describe("writeFileAtomic: stale temp files", () => {
  it("removes the temp files of dead writers of this target; keeps a live writer's, another target's and unrelated files", async () => {
    const dir = fresh();
    const target = join(dir, "out.json");
    const dead = tempOf(target, deadPid());
    const legacyOld = join(dir, `.out.json.${deadPid()}.0badc0de.tmp`);
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const live = tempOf(target, sleeper.pid!);
      const other = tempOf(join(dir, "other.json"), deadPid());
      for (const f of [dead, legacyOld, live, other, join(dir, ".out.json.notes.txt")]) writeFileSync(f, "x".repeat(1000));
      const dayAgo = (Date.now() - 25 * 3600 * 1000) / 1000;
      utimesSync(legacyOld, dayAgo, dayAgo);
      const fromLegacyRecent = join(dir, `.out.json.${deadPid()}.12345678.tmp`);
      writeFileSync(fromLegacyRecent, "x");

      await writeFileAtomic(target, "new");
      const left = readdirSync(dir).sort();
      expect(left).not.toContain(dead.slice(dir.length + 1));
      expect(left).not.toContain(legacyOld.slice(dir.length + 1));
      expect(left).toEqual([".out.json.notes.txt", fromLegacyRecent.slice(dir.length + 1), live.slice(dir.length + 1), other.slice(dir.length + 1), "out.json"].sort());
      expect(readFileSync(target, "utf8")).toBe("new");
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("20 writers killed mid-write in turn leave one temp file, not 20 (each sweeps its predecessors'), and the next write none", async () => {
    const dir = fresh();
    const target = join(dir, "export.csv");
    const { buildSync } = await import("esbuild");
    const bundle = join(fresh(), "atomic-write.cjs");
    buildSync({ entryPoints: [join(__dirname, "atomic-write.ts")], bundle: true, platform: "node", format: "cjs", outfile: bundle, logLevel: "silent" });
    const script = `require(${JSON.stringify(bundle)}).writeFileAtomic(${JSON.stringify(target)}, "y".repeat(1 << 16), { afterTempWrite: () => process.kill(process.pid, "SIGKILL") });`;
    for (let i = 0; i < 20; i++) expect(spawnSync(process.execPath, ["-e", script]).signal).toBe("SIGKILL");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toHaveLength(1);
    await writeFileAtomic(target, "whole");
    expect(readdirSync(dir)).toEqual(["export.csv"]);
    expect(await sweepStaleTemps(target)).toEqual([]);
  });
});

describe("writeFileAtomic: the target's mode and links", () => {
  it("keeps the permission bits of the file it replaces (0600 stays 0600; 0755 stays 0755)", async () => {
    const dir = fresh();
    for (const mode of [0o600, 0o755, 0o640]) {
      const p = join(dir, `f${mode.toString(8)}`);
      writeFileSync(p, "old");
      chmodSync(p, mode);
      await writeFileAtomic(p, "new");
      expect(statSync(p).mode & 0o7777).toBe(mode);
      expect(readFileSync(p, "utf8")).toBe("new");
    }
  });

  it("writes through a symbolic link (relative, chained or dangling) and keeps the link", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "real"));
    const real = join(dir, "real", "params.json");
    writeFileSync(real, "old");
    chmodSync(real, 0o600);
    symlinkSync("real/params.json", join(dir, "link.json"));
    symlinkSync("link.json", join(dir, "chain.json"));
    await writeFileAtomic(join(dir, "chain.json"), "new");
    expect(lstatSync(join(dir, "chain.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json"))).toBe("real/params.json");
    expect(readFileSync(real, "utf8")).toBe("new");
    expect(statSync(real).mode & 0o7777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(["chain.json", "link.json", "real"]);
    symlinkSync("real/new.json", join(dir, "dangling.json"));
    await writeFileAtomic(join(dir, "dangling.json"), "created");
    expect(readFileSync(join(dir, "real", "new.json"), "utf8")).toBe("created");
    expect(lstatSync(join(dir, "dangling.json")).isSymbolicLink()).toBe(true);
  });
});

describe("writeFileAtomic: errors", () => {
  it("names the target and keeps the system's code, never the temp file", async () => {
    const dir = fresh();
    const missing = join(dir, "no", "such", "folder", "out.json");
    const e = (await writeFileAtomic(missing, "x").catch((x: unknown) => x)) as NodeJS.ErrnoException;
    expect(e.message).toBe(`cannot write ${missing}: its folder does not exist (could not create a temporary file beside it; ENOENT)`);
    expect(e.code).toBe("ENOENT");
    mkdirSync(join(dir, "a-folder"));
    writeFileSync(join(dir, "a-folder", "inside"), "keep");
    const d = (await writeFileAtomic(join(dir, "a-folder"), "x").catch((x: unknown) => x)) as NodeJS.ErrnoException;
    expect(d.message).toMatch(/^cannot write .*a-folder: /);
    expect(d.message).not.toContain(".tmp");
    expect(readdirSync(dir)).toEqual(["a-folder"]);
    expect(readFileSync(join(dir, "a-folder", "inside"), "utf8")).toBe("keep");
  });
});
