// A training process killed while it writes a checkpoint: the previous checkpoint still loads.
// A child process writes checkpoint 1 with writeFileAtomic (what the train job's checkpoints use),
// then starts checkpoint 2 and is SIGKILLed by the seam between the temp file's write (+ fsync) and
// the rename — the worst moment. The parent then reads the checkpoint as --resume would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { readParamsFile } from "./params-file";

const dir = mkdtempSync(join(tmpdir(), "cs-ckpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = `
import { writeFileAtomic } from ${JSON.stringify(join(__dirname, "atomic-write.ts"))};
const [path] = process.argv.slice(2);
const checkpoint = (step: number, b: number) => JSON.stringify({ model: "m", params: { b, w: [b, b + 1] }, checkpoint: { step } }, null, 2) + "\\n";
(async () => {
  await writeFileAtomic(path, checkpoint(100, 1));
  await writeFileAtomic(path, checkpoint(200, 2), { afterTempWrite: () => void process.kill(process.pid, "SIGKILL") });
  console.log("not killed");
})();
`;

describe("a kill during a checkpoint write", () => {
  it("leaves the previous checkpoint whole and loadable; the half-done write is only a temp file", async () => {
    const src = join(dir, "writer.ts");
    const out = join(dir, "writer.js");
    writeFileSync(src, script);
    await build({ entryPoints: [src], bundle: true, platform: "node", format: "cjs", outfile: out, logLevel: "warning" });
    const ckpt = join(dir, "m.params.checkpoint.json");
    const r = spawnSync(process.execPath, [out, ckpt], { encoding: "utf8" });
    expect(r.signal).toBe("SIGKILL");
    expect(r.stdout).not.toMatch(/not killed/);
    const read = await readParamsFile(ckpt);
    if ("diagnostics" in read) throw new Error(read.diagnostics[0].message);
    expect(read.store.toJSON()).toEqual({ b: 1, w: [1, 2] });
    expect(read.saved?.checkpoint).toEqual({ step: 100 });
    // The new checkpoint was fully written to its temp file when the kill came: the rename is what never happened.
    const temps = readdirSync(dir).filter((f) => f.startsWith(".m.params.checkpoint.json.") && f.endsWith(".tmp"));
    expect(temps).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, temps[0]), "utf8")).checkpoint).toEqual({ step: 200 });
  });
});
