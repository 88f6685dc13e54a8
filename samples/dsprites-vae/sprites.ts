/**
 * A canvas-free procedural renderer of dSprites-like images (Matthey et al. 2017's factor grid:
 * 3 shapes x 6 scales x 40 orientations x 32 x 32 positions). DeepMind drew theirs with LÖVE and
 * published no vertices, so these are "dSprites-like", not bit-identical: the square's size and the
 * position mapping are fitted to the one real image in data/sprites_example.npz (calibration.ts
 * measures the fit), the heart's pose to its counterfactual image; the ellipse's 2:1 aspect is
 * unverified (no real ellipse sample was available).
 *
 * Rasterisation is a hard threshold, as in dSprites: a pixel is on iff its centre lies inside the
 * shape. A size other than 64 renders the same geometry scaled by size/64, so a 32x32 image is the
 * 64x64 scene sampled at half the resolution.
 */

/** Factor values as grid indices. */
export interface Factors {
  /** 0 square, 1 ellipse, 2 heart. */
  shape: number;
  /** 0..5, value SCALES[scale]. */
  scale: number;
  /** 0..39, value ORIENTATIONS[orientation] (radians). */
  orientation: number;
  /** 0..31, column (left to right), value POSITIONS[posX]. */
  posX: number;
  /** 0..31, row (top to bottom), value POSITIONS[posY]. */
  posY: number;
}

export const FACTOR_NAMES = ["shape", "scale", "orientation", "posX", "posY"] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];
/** Number of levels per factor, in FACTOR_NAMES order (dSprites' latents_sizes without color). */
export const LEVELS: readonly number[] = [3, 6, 40, 32, 32];
export const SHAPE_NAMES = ["square", "ellipse", "heart"] as const;

function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}
/** linspace(0.5, 1, 6). */
export const SCALES: readonly number[] = linspace(0.5, 1, 6);
/** linspace(0, 2π, 40): both ends included, so orientations 0 and 39 draw the same image. */
export const ORIENTATIONS: readonly number[] = linspace(0, 2 * Math.PI, 40);
/** linspace(0, 1, 32). */
export const POSITIONS: readonly number[] = linspace(0, 1, 32);

/**
 * Side of the square at scale 1, in pixels of the 64x64 image: every sprite fills a box of side
 * SIZE_CONSTANT x scale (the square is that box; the ellipse's major axis and the heart's width
 * span it). With 19.2 the real square (scale 0.6, 133 px) is reproduced pixel for pixel (IoU 1);
 * IoU is 0.977 at 19.0 and 0.985 at 19.4.
 */
export const SIZE_CONSTANT = 19.2;
/** Where a shape's centre sits in the 64x64 image (continuous coordinates): 16 + 32 x pos. */
export const POSITION_OFFSET = 16;
export const POSITION_SPAN = 32;
/**
 * The heart's tip direction at orientation 0, in its local frame (radians, counter-clockwise from
 * +x, y up). -π/2 is an upright heart (tip down); a scan over the angle against the real heart at
 * orientation 13 peaks there (IoU 0.91). One sample cannot separate the rest pose from the
 * rotation sense, so this is one convention that fits, not DeepMind's.
 */
export const HEART_TIP_ANGLE = -Math.PI / 2;

/** The two fitted constants, overridable so calibration.ts can scan them. */
export interface Geometry {
  sizeConstant: number;
  heartTipAngle: number;
}
export const GEOMETRY: Readonly<Geometry> = { sizeConstant: SIZE_CONSTANT, heartTipAngle: HEART_TIP_ANGLE };

/** Whether the local point (u, v) (y up, unit = box side) lies inside the shape at rest pose. */
function inside(shape: number, u: number, v: number, tipCos: number, tipSin: number): boolean {
  if (shape === 0) return Math.abs(u) <= 0.5 && Math.abs(v) <= 0.5;
  if (shape === 1) return (u / 0.5) ** 2 + (v / 0.25) ** 2 <= 1;
  return insideHeart(u * tipCos + v * tipSin, -u * tipSin + v * tipCos);
}

// The classic heart: a diamond of side s with a disc of diameter s on each upper edge. Its width is
// (1/√2 + 1)s, so s = 1/(1 + 1/√2) makes the width the box side; the vertical extent is
// (1/(2√2) + 1/2 + 1/√2)s. It is centred on its bounding box (a sprite image drawn about its
// centre), with the tip along HEART_TIP_ANGLE.
const HS = 1 / (1 + Math.SQRT1_2);
const H_TOP = (Math.SQRT1_2 / 2 + 0.5) * HS;
const H_BOTTOM = -Math.SQRT1_2 * HS;
const H_MID = (H_TOP + H_BOTTOM) / 2;

/** (u, v) already turned so that the tip points down (-y); shifted from box to diamond centre. */
function insideHeart(u: number, v0: number): boolean {
  const v = v0 + H_MID;
  const half = Math.SQRT1_2 * HS; // the diamond's half-diagonal
  if (Math.abs(u) + Math.abs(v) <= half) return true;
  const c = (Math.SQRT1_2 / 2) * HS; // lobe centres at (±c, c), radius s/2
  const r2 = (HS / 2) ** 2;
  return (Math.abs(u) - c) ** 2 + (v - c) ** 2 <= r2;
}

/** The factor indices as a readable error if any is off the grid. */
function checkFactors(f: Factors): void {
  FACTOR_NAMES.forEach((name, i) => {
    const v = f[name];
    if (!Number.isInteger(v) || v < 0 || v >= LEVELS[i]) throw new RangeError(`${name} must be an integer in 0..${LEVELS[i] - 1}, got ${v}`);
  });
}

/**
 * The image for grid factors `f`, row-major, 0/1, size x size. Orientation turns the shape
 * counter-clockwise as seen on screen (the sense that matches the real square at orientation 13).
 */
export function renderSprite(f: Factors, size = 64, geometry: Readonly<Geometry> = GEOMETRY): Uint8Array {
  checkFactors(f);
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  const out = new Uint8Array(size * size);
  renderInto(f, size, out, 0, geometry);
  return out;
}

/**
 * renderSprite's pixels set to 1 in `out` at `offset` (for datasets: no per-image allocation);
 * `out` must be zero there already. Factors are not checked here.
 */
export function renderInto(f: Factors, size: number, out: Uint8Array, offset: number, geometry: Readonly<Geometry> = GEOMETRY): void {
  const k = 64 / size; // one output pixel spans k pixels of the 64x64 scene
  const side = geometry.sizeConstant * SCALES[f.scale];
  const tipCos = Math.cos(geometry.heartTipAngle + Math.PI / 2);
  const tipSin = Math.sin(geometry.heartTipAngle + Math.PI / 2);
  const cx = POSITION_OFFSET + POSITION_SPAN * POSITIONS[f.posX];
  const cy = POSITION_OFFSET + POSITION_SPAN * POSITIONS[f.posY];
  const th = ORIENTATIONS[f.orientation];
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  // The shape fits in a disc of radius side·√2/2 (square corners), so only that window is scanned.
  const reach = side * Math.SQRT1_2 + 1;
  const c0 = Math.max(0, Math.floor((cx - reach) / k));
  const c1 = Math.min(size - 1, Math.ceil((cx + reach) / k));
  const r0 = Math.max(0, Math.floor((cy - reach) / k));
  const r1 = Math.min(size - 1, Math.ceil((cy + reach) / k));
  for (let r = r0; r <= r1; r++) {
    const dy = -((r + 0.5) * k - cy); // y up
    for (let c = c0; c <= c1; c++) {
      const dx = (c + 0.5) * k - cx;
      // Undo the counter-clockwise rotation by th, and measure in box sides.
      const u = (dx * cos + dy * sin) / side;
      const v = (-dx * sin + dy * cos) / side;
      if (inside(f.shape, u, v, tipCos, tipSin)) out[offset + r * size + c] = 1;
    }
  }
}
