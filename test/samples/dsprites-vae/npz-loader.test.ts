// samples/dsprites-vae/npz-loader.ts: on a small dSprites-shaped .npz built here (NumPy's .npy
// layout by hand, zipped by fflate as np.savez_compressed would), the loader returns the images and
// the five factor columns (color dropped), subsamples rows in the order asked with repeats, and
// names what is wrong with a malformed file; resampleIndices maps factor tuples to rows by
// dSprites' bases, checked against the full grid's enumeration order.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { sampleFactors } from "../../../samples/dsprites-vae/dgp";
import { DSPRITES_BASES, DSPRITES_SIZES, basesFor, loadDsprites, resampleIndices } from "../../../samples/dsprites-vae/npz-loader";
import { FACTOR_NAMES, renderSprite } from "../../../samples/dsprites-vae/sprites";

/** A version 1.0 .npy: magic, version, u16 header length, the dict padded to 64 bytes, data. */
function npy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}

function int64(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setBigInt64(i * 8, BigInt(x), true));
  return b;
}

const dir = mkdtempSync(join(tmpdir(), "dsprites-npz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Five rows with distinct factors; each image is the renderer's for its row, so rows are checkable.
const rows = [
  [0, 0, 0, 0, 0, 0],
  [0, 1, 2, 13, 26, 14],
  [0, 2, 5, 39, 31, 31],
  [0, 0, 3, 7, 1, 30],
  [0, 2, 1, 13, 26, 14],
];
const images = new Uint8Array(rows.length * 4096);
rows.forEach((r, i) => images.set(renderSprite({ shape: r[1], scale: r[2], orientation: r[3], posX: r[4], posY: r[5] }), i * 4096));

function writeNpz(name: string, members: Record<string, Uint8Array>): string {
  const path = join(dir, name);
  writeFileSync(path, zipSync(members, { level: 6 }));
  return path;
}

const good = writeNpz("mini.npz", {
  "imgs.npy": npy("|u1", [rows.length, 64, 64], images),
  "latents_classes.npy": npy("<i8", [rows.length, 6], int64(rows.flat())),
  "latents_values.npy": npy("<f8", [rows.length, 6], new Uint8Array(rows.length * 48)),
});

describe("dsprites-vae npz-loader", () => {
  it("bases are dSprites' [737280, 245760, 40960, 1024, 32, 1]", () => {
    expect(DSPRITES_BASES).toEqual([737280, 245760, 40960, 1024, 32, 1]);
    expect(DSPRITES_SIZES.reduce((a, b) => a * b, 1)).toBe(737280);
    expect(basesFor([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it("reads images and the five factor columns, color dropped", async () => {
    const d = await loadDsprites(good);
    expect(d.n).toBe(5);
    expect(d.size).toBe(64);
    expect(d.images).toEqual(images);
    FACTOR_NAMES.forEach((k, j) => expect(Array.from(d.factors[k])).toEqual(rows.map((r) => r[j + 1])));
  });

  it("subsamples by row index, in the order given, repeats allowed", async () => {
    const d = await loadDsprites(good, [4, 1, 4]);
    expect(d.n).toBe(3);
    expect(Array.from(d.factors.shape)).toEqual([2, 1, 2]);
    expect(d.images.subarray(0, 4096)).toEqual(images.subarray(4 * 4096, 5 * 4096));
    expect(d.images.subarray(4096, 8192)).toEqual(images.subarray(4096, 8192));
    await expect(loadDsprites(good, [5])).rejects.toThrow(/row 5 is not in 0..4/);
  });

  it("resampleIndices: the full grid's enumeration (posY fastest) inverted, so the loader picks the drawn tuples", async () => {
    const f = sampleFactors(2000, 9, "causal");
    const idx = resampleIndices(f);
    for (let i = 0; i < f.shape.length; i++) {
      // Decode the row the way the file enumerates the grid: mixed radix, posY the last digit.
      let r = idx[i];
      const digits: number[] = [];
      for (let j = DSPRITES_SIZES.length - 1; j >= 0; j--) {
        digits.unshift(r % DSPRITES_SIZES[j]);
        r = Math.floor(r / DSPRITES_SIZES[j]);
      }
      expect(digits).toEqual([0, ...FACTOR_NAMES.map((k) => f[k][i])]);
    }
    // On a file that is a complete small grid, the picked rows' classes are the asked tuples.
    const sizes = [1, 3, 2, 2, 2, 2];
    const grid: number[][] = [];
    for (let s = 0; s < 3; s++) for (let a = 0; a < 2; a++) for (let o = 0; o < 2; o++) for (let x = 0; x < 2; x++) for (let y = 0; y < 2; y++) grid.push([0, s, a, o, x, y]);
    const path = writeNpz("grid.npz", {
      "imgs.npy": npy("|u1", [grid.length, 2, 2], new Uint8Array(grid.length * 4)),
      "latents_classes.npy": npy("<i8", [grid.length, 6], int64(grid.flat())),
    });
    const want = { shape: Int32Array.of(2, 0, 1), scale: Int32Array.of(1, 0, 1), orientation: Int32Array.of(0, 1, 1), posX: Int32Array.of(1, 1, 0), posY: Int32Array.of(0, 1, 1) };
    const d = await loadDsprites(path, resampleIndices(want, sizes));
    expect(d.factors).toEqual(want);
    expect(() => resampleIndices({ ...want, posX: Int32Array.of(2, 0, 0) }, sizes)).toThrow(/posX = 2/);
  });

  it("names what is wrong: a missing member, mismatched shapes, a non-image dtype", async () => {
    const noLatents = writeNpz("no-latents.npz", { "imgs.npy": npy("|u1", [1, 2, 2], new Uint8Array(4)) });
    await expect(loadDsprites(noLatents)).rejects.toThrow(/latents_classes/);
    const mismatch = writeNpz("mismatch.npz", {
      "imgs.npy": npy("|u1", [2, 2, 2], new Uint8Array(8)),
      "latents_classes.npy": npy("<i8", [3, 6], int64(new Array(18).fill(0))),
    });
    await expect(loadDsprites(mismatch)).rejects.toThrow(/mismatch\.npz: latents_classes: expected shape \(2, 6\)/);
    const floats = writeNpz("floats.npz", {
      "imgs.npy": npy("<f8", [1, 1, 1], new Uint8Array(8)),
      "latents_classes.npy": npy("<i8", [1, 6], int64(new Array(6).fill(0))),
    });
    await expect(loadDsprites(floats)).rejects.toThrow(/uint8/);
  });
});
