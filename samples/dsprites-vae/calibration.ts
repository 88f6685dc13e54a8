/**
 * The renderer (sprites.ts) checked against real dSprites pixels: altdeep/causalML's
 * sprites_example.npz holds one real image (square, scale 0.6, orientation 13, posX 26, posY 14)
 * and its counterfactual with shape = heart (data/README.md gives provenance and licences). We
 * render the same factors and measure centroids, areas and intersection-over-union.
 *
 * The file is looked for in this sample's data/ folder first (it ships there, so a fresh clone
 * works), then in the workspace's shared/data/dsprites-calibration/ beside the repository. When
 * none is found the result is an error value naming the places tried, never an exception.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readNpz } from "causal-studio";
import { GEOMETRY, renderSprite, type Factors, type Geometry } from "./sprites";

const FILE = "sprites_example.npz";

/** Where the calibration file may be, most specific first. */
export function calibrationCandidates(cwd = process.cwd()): string[] {
  const shared = join("shared", "data", "dsprites-calibration", FILE);
  return [
    join(__dirname, "data", FILE),
    resolve(cwd, "samples", "dsprites-vae", "data", FILE),
    resolve(cwd, "..", shared),
    resolve(__dirname, "..", "..", "..", shared),
  ];
}

export interface ShapeFit {
  /** On-pixels of the real and the rendered image. */
  realArea: number;
  renderedArea: number;
  /** Centroids as [column, row] in pixel indices. */
  realCentroid: [number, number];
  renderedCentroid: [number, number];
  /** Euclidean distance between the centroids, in pixels. */
  centroidDistance: number;
  iou: number;
}

export interface Calibration {
  path: string;
  /** The real image's factors (grid indices, color dropped). */
  factors: Factors;
  cfFactors: Factors;
  square: ShapeFit;
  heart: ShapeFit;
  /** Real heart area / real square area, and the same for the rendered pair. */
  realAreaRatio: number;
  renderedAreaRatio: number;
}

export type CalibrationResult = { ok: true; calibration: Calibration } | { ok: false; error: string };

function centroid(img: ArrayLike<number>, size: number): [number, number] {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < size * size; i++) {
    if (img[i]) {
      n++;
      sx += i % size;
      sy += Math.floor(i / size);
    }
  }
  return n ? [sx / n, sy / n] : [NaN, NaN];
}

/** Area, centroid and IoU of a rendered 0/1 image against a real one of the same size. */
export function compareImages(real: ArrayLike<number>, rendered: ArrayLike<number>, size: number): ShapeFit {
  let a = 0, b = 0, both = 0;
  for (let i = 0; i < size * size; i++) {
    const x = real[i] ? 1 : 0;
    const y = rendered[i] ? 1 : 0;
    a += x;
    b += y;
    both += x & y;
  }
  const rc = centroid(real, size);
  const pc = centroid(rendered, size);
  return {
    realArea: a,
    renderedArea: b,
    realCentroid: rc,
    renderedCentroid: pc,
    centroidDistance: Math.hypot(rc[0] - pc[0], rc[1] - pc[1]),
    iou: both / (a + b - both),
  };
}

function toFactors(label: ArrayLike<number>): Factors {
  // dSprites labels are (color, shape, scale, orientation, posX, posY) class indices.
  return { shape: label[1], scale: label[2], orientation: label[3], posX: label[4], posY: label[5] };
}

export interface CalibrationImages {
  path: string;
  image: Uint8Array;
  cfImage: Uint8Array;
  factors: Factors;
  cfFactors: Factors;
}

/** The two real images and their factors, or an error value saying what was missing. */
export async function loadCalibrationImages(path?: string): Promise<{ ok: true; images: CalibrationImages } | { ok: false; error: string }> {
  const tried = path ? [path] : calibrationCandidates();
  const found = tried.find((p) => existsSync(p));
  if (!found) return { ok: false, error: `dSprites calibration file not found; looked for ${tried.join(", ")}` };
  try {
    const m = await readNpz(found, { arrays: ["image", "cf image", "label", "cf label"] });
    const image = m.get("image")!;
    const cf = m.get("cf image")!;
    for (const a of [image, cf]) {
      if (a.shape.join("x") !== "64x64" || !(a.data instanceof Uint8Array)) {
        return { ok: false, error: `${found}: expected 64x64 uint8 images, got ${a.dtype} (${a.shape.join(", ")})` };
      }
    }
    return {
      ok: true,
      images: {
        path: found,
        image: image.data as Uint8Array,
        cfImage: cf.data as Uint8Array,
        factors: toFactors(m.get("label")!.data),
        cfFactors: toFactors(m.get("cf label")!.data),
      },
    };
  } catch (e) {
    return { ok: false, error: `${found}: ${(e as Error).message}` };
  }
}

/** The renderer's fit to the real square and heart, with the given (default: shipped) geometry. */
export function fitCalibration(images: CalibrationImages, geometry: Readonly<Geometry> = GEOMETRY): Calibration {
  const square = compareImages(images.image, renderSprite(images.factors, 64, geometry), 64);
  const heart = compareImages(images.cfImage, renderSprite(images.cfFactors, 64, geometry), 64);
  return {
    path: images.path,
    factors: images.factors,
    cfFactors: images.cfFactors,
    square,
    heart,
    realAreaRatio: heart.realArea / square.realArea,
    renderedAreaRatio: heart.renderedArea / square.renderedArea,
  };
}

/** Load the calibration pair and measure the shipped renderer against it. */
export async function calibrate(path?: string): Promise<CalibrationResult> {
  const loaded = await loadCalibrationImages(path);
  if (!loaded.ok) return loaded;
  return { ok: true, calibration: fitCalibration(loaded.images) };
}
