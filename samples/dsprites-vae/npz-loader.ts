/**
 * Reading DeepMind's real dSprites file, `dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz`
 * (Apache-2.0; not shipped: about 26 MB, 3 GB once inflated), from a path the user supplies:
 * `imgs` (737280 x 64 x 64 uint8, 0/1) and `latents_classes` (737280 x 6 int64: color, shape,
 * scale, orientation, posX, posY). Color has one level and is dropped.
 *
 * The file enumerates the full grid row-major, posY fastest, so a factor tuple's row is
 * Σ class_i · base_i with bases [737280, 245760, 40960, 1024, 32, 1]. resampleIndices uses that to
 * turn factors drawn from dgp.ts's causal tables into rows of the real file: real images whose
 * factors follow the causal DAG.
 */
import { readNpz, type NdArray } from "causal-studio";
import { FACTOR_NAMES, type FactorName } from "./sprites";
import type { FactorColumns } from "./dgp";

/** dSprites' latents_sizes: (color, shape, scale, orientation, posX, posY). */
export const DSPRITES_SIZES: readonly number[] = [1, 3, 6, 40, 32, 32];

/** Row-major bases for a grid of the given sizes (the last factor varies fastest). */
export function basesFor(sizes: readonly number[]): number[] {
  const bases = new Array<number>(sizes.length);
  let b = 1;
  for (let i = sizes.length - 1; i >= 0; i--) {
    bases[i] = b;
    b *= sizes[i];
  }
  return bases;
}

/** [737280, 245760, 40960, 1024, 32, 1]. */
export const DSPRITES_BASES: readonly number[] = basesFor(DSPRITES_SIZES);

export interface DspritesData {
  /** Number of images. */
  n: number;
  /** Image side (64 for the real file). */
  size: number;
  /** n x size x size bytes, image i at offset i·size². */
  images: Uint8Array;
  /** Class indices per factor, color dropped. */
  factors: FactorColumns;
}

/**
 * The file's row for each factor tuple (color 0), given the grid's sizes (color first).
 * Throws on a value off the grid rather than mapping it to a wrong row.
 */
export function resampleIndices(factors: FactorColumns, sizes: readonly number[] = DSPRITES_SIZES): Int32Array {
  if (sizes.length !== 1 + FACTOR_NAMES.length) throw new RangeError(`sizes must give color and the ${FACTOR_NAMES.length} factors, got ${sizes.length} sizes`);
  const bases = basesFor(sizes);
  const n = factors.shape.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let row = 0;
    FACTOR_NAMES.forEach((k, j) => {
      const v = factors[k][i];
      if (!(Number.isInteger(v) && v >= 0 && v < sizes[j + 1])) throw new RangeError(`row ${i}: ${k} = ${v} is off the grid 0..${sizes[j + 1] - 1}`);
      row += v * bases[j + 1];
    });
    out[i] = row;
  }
  return out;
}

/**
 * Images and factor columns from the decoded `imgs` and `latents_classes` arrays, optionally only
 * the rows in `indices` (in that order, repeats allowed: a resample draws with replacement).
 */
export function dspritesFromArrays(imgs: NdArray, latents: NdArray, indices?: ArrayLike<number>): DspritesData {
  if (imgs.dtype !== "u1" && imgs.dtype !== "b1") throw new RangeError(`imgs: expected uint8 images, got dtype ${imgs.dtype}`);
  if (imgs.shape.length !== 3 || imgs.shape[1] !== imgs.shape[2]) throw new RangeError(`imgs: expected shape (n, size, size), got (${imgs.shape.join(", ")})`);
  const [rows, size] = imgs.shape;
  if (latents.shape.length !== 2 || latents.shape[0] !== rows || latents.shape[1] !== 6) {
    throw new RangeError(`latents_classes: expected shape (${rows}, 6) to match imgs, got (${latents.shape.join(", ")})`);
  }
  const pick = indices ?? Int32Array.from({ length: rows }, (_, i) => i);
  const n = pick.length;
  const px = size * size;
  const images = new Uint8Array(n * px);
  const factors = Object.fromEntries(FACTOR_NAMES.map((k) => [k, new Int32Array(n)])) as Record<FactorName, Int32Array>;
  for (let i = 0; i < n; i++) {
    const r = pick[i];
    if (!(Number.isInteger(r) && r >= 0 && r < rows)) throw new RangeError(`index ${i}: row ${r} is not in 0..${rows - 1}`);
    images.set((imgs.data as Uint8Array).subarray(r * px, (r + 1) * px), i * px);
    FACTOR_NAMES.forEach((k, j) => {
      const v = latents.data[r * 6 + j + 1];
      if (!Number.isInteger(v)) throw new RangeError(`latents_classes row ${r}: ${k} = ${v} is not a class index`);
      factors[k][i] = v;
    });
  }
  return { n, size, images, factors };
}

/** Read the real dSprites .npz at `path` (all rows, or only `indices`). Errors name the path. */
export async function loadDsprites(path: string, indices?: ArrayLike<number>): Promise<DspritesData> {
  const arrays = await readNpz(path, { arrays: ["imgs", "latents_classes"] });
  try {
    return dspritesFromArrays(arrays.get("imgs")!, arrays.get("latents_classes")!, indices);
  } catch (e) {
    throw new RangeError(`${path}: ${(e as Error).message}`);
  }
}
