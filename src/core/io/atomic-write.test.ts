import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write";

const fresh = () => mkdtempSync(join(tmpdir(), "atomic-"));

describe("writeFileAtomic", () => {
  it("writes strings, buffers and chunk streams, replacing the old content", async () => {
    const dir = fresh();
    const p = join(dir, "out.json");
    await writeFileAtomic(p, "first");
    expect(readFileSync(p, "utf8")).toBe("first");
    await writeFileAtomic(p, new TextEncoder().encode("second"));
    expect(readFileSync(p, "utf8")).toBe("second");
    await writeFileAtomic(p, ["a", "b", new TextEncoder().encode("c")]);
    expect(readFileSync(p, "utf8")).toBe("abc");
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("leaves the old file intact and removes the temp file when the data source fails mid-write", async () => {
    const dir = fresh();
    const p = join(dir, "model.ckpt");
    writeFileSync(p, "old version");
    async function* failing() {
      yield "partial new content ";
      yield "more ";
      throw new Error("disk on fire");
    }
    await expect(writeFileAtomic(p, failing())).rejects.toThrow("disk on fire");
    expect(readFileSync(p, "utf8")).toBe("old version");
    expect(readdirSync(dir)).toEqual(["model.ckpt"]);
  });

  it("leaves the old file intact when the writing process is killed mid-write", async () => {
    const dir = fresh();
    const p = join(dir, "export.csv");
    writeFileSync(p, "old version");
    // A child process streams chunks forever through writeFileAtomic; kill it once its temp file exists.
    const bundle = join(fresh(), "atomic-write.cjs");
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(bundle)});
      async function* forever() { for (;;) { yield "x".repeat(4096); await new Promise((r) => setTimeout(r, 1)); } }
      writeFileAtomic(${JSON.stringify(p)}, forever());`;
    const { buildSync } = await import("esbuild");
    buildSync({ entryPoints: [join(__dirname, "atomic-write.ts")], bundle: true, platform: "node", format: "cjs", outfile: bundle, logLevel: "silent" });
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const deadline = Date.now() + 20_000;
    while (!readdirSync(dir).some((f) => f.endsWith(".tmp")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(readdirSync(dir).some((f) => f.endsWith(".tmp"))).toBe(true);
    expect(readFileSync(p, "utf8")).toBe("old version");
  });
});
