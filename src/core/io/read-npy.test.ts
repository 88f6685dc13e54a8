import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeNpy } from "../data/encode-npy";
import { CausalError } from "../errors/diagnostic";
import { readBinaryFile } from "./read-binary-file";
import { readNpy, readNpz } from "./read-npy";

const fixtures = join(__dirname, "..", "data", "fixtures");
const dir = mkdtempSync(join(tmpdir(), "read-npy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readNpy / readNpz", () => {
  it("read a .npy file from disk", async () => {
    const path = join(dir, "x.npy");
    writeFileSync(path, encodeNpy([1, 2, 3, 4], [2, 2], "f4", { byteOrder: ">" }));
    const a = await readNpy(path);
    expect(a).toMatchObject({ dtype: "f4", shape: [2, 2], source: path });
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4]);
  });
  it("read chosen arrays of a .npz file", async () => {
    const arrays = await readNpz(join(fixtures, "sprites_example.npz"), { arrays: ["label"] });
    expect(Array.from(arrays.get("label")!.data)).toEqual([0, 0, 1, 13, 26, 14]);
  });
  it("a missing file or a bad one is a CausalError naming the path", async () => {
    await expect(readNpy(join(dir, "none.npy"))).rejects.toThrow(/cannot read .*none\.npy: no such file/);
    await expect(readNpz(dir)).rejects.toThrow(/it is a directory/);
    const bad = join(dir, "bad.npy");
    writeFileSync(bad, "hello");
    await expect(readNpy(bad)).rejects.toBeInstanceOf(CausalError);
    await expect(readNpy(bad)).rejects.toThrow(`${bad}: not a .npy file`);
  });
  it("readBinaryFile returns the exact bytes, across its read chunks", async () => {
    const path = join(dir, "bytes.bin");
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) % 251);
    writeFileSync(path, bytes);
    const read = await readBinaryFile(path);
    expect("bytes" in read && Buffer.compare(Buffer.from(read.bytes), Buffer.from(bytes))).toBe(0);
  });
});
