/**
 * A shape classifier (square / ellipse / heart) for dSprites-like images, in plain TypeScript, to
 * check that images generated under do(shape = s) show shape s. Position, scale and orientation
 * are nuisances, so it reads features invariant to them: from the binarised image (threshold 0.5,
 * so a decoder's Bernoulli means can be classified too) it takes rotation-invariant magnitudes of
 * complex moments about the centroid, a radial kurtosis and a compactness, all scale-free. A
 * multinomial logistic regression on those features and their pairwise products is fitted by
 * full-batch gradient descent on rendered images (sprites.ts) with factors drawn uniformly.
 */
import { createRng } from "causal-studio";
import { LEVELS, renderInto } from "./sprites";

/** The feature names, in the order shapeFeatures returns them. */
export const FEATURE_NAMES = ["h2", "h3", "h4", "radialKurtosis", "compactness", "fill"] as const;

/**
 * Scale-, shift- and rotation-invariant features of a size x size image (values in [0, 1];
 * a pixel counts as on when its value is at least 0.5). An empty image gives all zeros.
 *   h_n = |Σ (x + iy)^n| / Σ r^n about the centroid: elongation (n = 2), the heart's one-sidedness
 *         (3), a square's fourfold corners (4);
 *   radialKurtosis = mean r^4 / (mean r^2)^2;
 *   compactness = area / (π · max r²) (1 for a disc, smaller for corners and a tip);
 *   fill = area / (area of the axis-free bounding disc about the centroid, of radius √(2 mean r²)).
 */
export function shapeFeatures(img: ArrayLike<number>, size: number): number[] {
  let n = 0, sx = 0, sy = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (img[r * size + c] >= 0.5) {
        n++;
        sx += c;
        sy += r;
      }
    }
  }
  if (n === 0) return FEATURE_NAMES.map(() => 0);
  const mx = sx / n, my = sy / n;
  let r2 = 0, r3 = 0, r4 = 0, rmax2 = 0;
  let c2re = 0, c2im = 0, c3re = 0, c3im = 0, c4re = 0, c4im = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      if (img[r * size + c] < 0.5) continue;
      // Pixel squares have extent: +1/12 per axis keeps a single pixel's r² positive.
      const x = c - mx, y = r - my;
      const q = x * x + y * y + 1 / 6;
      r2 += q;
      r3 += q ** 1.5;
      r4 += q * q;
      if (q > rmax2) rmax2 = q;
      const z2re = x * x - y * y, z2im = 2 * x * y;
      c2re += z2re;
      c2im += z2im;
      c3re += z2re * x - z2im * y;
      c3im += z2re * y + z2im * x;
      c4re += z2re * z2re - z2im * z2im;
      c4im += 2 * z2re * z2im;
    }
  }
  const m2 = r2 / n;
  return [
    Math.hypot(c2re, c2im) / r2,
    Math.hypot(c3re, c3im) / r3,
    Math.hypot(c4re, c4im) / r4,
    r4 / n / (m2 * m2),
    n / (Math.PI * rmax2),
    n / (Math.PI * 2 * m2),
  ];
}

/** Features, their pairwise products and squares (the regression's inputs before scaling). */
function expand(f: readonly number[]): number[] {
  const out = [...f];
  for (let i = 0; i < f.length; i++) for (let j = i; j < f.length; j++) out.push(f[i] * f[j]);
  return out;
}

export interface ShapeClassifier {
  size: number;
  /** Standardisation of the expanded features (mean, sd per input). */
  mean: number[];
  sd: number[];
  /** 3 x (inputs + 1) weights, the bias last. */
  weights: number[][];
  /** The class for an image (0 square, 1 ellipse, 2 heart). */
  predict(img: ArrayLike<number>): number;
  /** Class probabilities for an image. */
  probabilities(img: ArrayLike<number>): number[];
}

export interface TrainOptions {
  /** Image side (the classifier is for this size only). */
  size: number;
  /** Rendered training images (default 3000). */
  n?: number;
  seed?: number;
  /** Gradient-descent steps over the full batch (default 400) and step size (default 1). */
  steps?: number;
  learningRate?: number;
  /** L2 penalty on the non-bias weights (default 1e-4). */
  l2?: number;
}

/** Factors drawn uniformly over the grid, rendered at `size`: the images and their shapes. */
export function renderUniform(n: number, size: number, seed: number): { images: Uint8Array; shapes: Int32Array; scales: Int32Array } {
  const rng = createRng(seed);
  const images = new Uint8Array(n * size * size);
  const shapes = new Int32Array(n);
  const scales = new Int32Array(n);
  const draw = (k: number) => Math.min(LEVELS[k] - 1, Math.floor(rng.next() * LEVELS[k]));
  for (let i = 0; i < n; i++) {
    const f = { shape: draw(0), scale: draw(1), orientation: draw(2), posX: draw(3), posY: draw(4) };
    shapes[i] = f.shape;
    scales[i] = f.scale;
    renderInto(f, size, images, i * size * size);
  }
  return { images, shapes, scales };
}

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Fit the classifier on freshly rendered images. */
export function trainShapeClassifier(options: TrainOptions): ShapeClassifier {
  const { size, n = 3000, seed = 1, steps = 400, learningRate = 1, l2 = 1e-4 } = options;
  const data = renderUniform(n, size, seed);
  const px = size * size;
  const raw = Array.from({ length: n }, (_, i) => expand(shapeFeatures(data.images.subarray(i * px, (i + 1) * px), size)));
  const d = raw[0].length;
  const mean = Array.from({ length: d }, (_, j) => raw.reduce((a, x) => a + x[j], 0) / n);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(raw.reduce((a, x) => a + (x[j] - mean[j]) ** 2, 0) / n) || 1);
  // Flat rows of standardised inputs with a trailing 1 for the bias.
  const w1 = d + 1;
  const xs = new Float64Array(n * w1);
  raw.forEach((x, i) => {
    for (let j = 0; j < d; j++) xs[i * w1 + j] = (x[j] - mean[j]) / sd[j];
    xs[i * w1 + d] = 1;
  });
  const w = new Float64Array(3 * w1);
  const grad = new Float64Array(3 * w1);
  const z = new Float64Array(3);
  for (let step = 0; step < steps; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * w1;
      for (let k = 0; k < 3; k++) {
        let a = 0;
        for (let j = 0; j < w1; j++) a += w[k * w1 + j] * xs[o + j];
        z[k] = a;
      }
      const m = Math.max(z[0], z[1], z[2]);
      const e0 = Math.exp(z[0] - m), e1 = Math.exp(z[1] - m), e2 = Math.exp(z[2] - m);
      const s = e0 + e1 + e2;
      const y = data.shapes[i];
      const err = [e0 / s - (y === 0 ? 1 : 0), e1 / s - (y === 1 ? 1 : 0), e2 / s - (y === 2 ? 1 : 0)];
      for (let k = 0; k < 3; k++) for (let j = 0; j < w1; j++) grad[k * w1 + j] += err[k] * xs[o + j];
    }
    for (let q = 0; q < 3 * w1; q++) w[q] -= learningRate * (grad[q] / n + (q % w1 < d ? l2 * w[q] : 0));
  }
  const weights = [0, 1, 2].map((k) => Array.from(w.subarray(k * w1, (k + 1) * w1)));
  const probabilities = (img: ArrayLike<number>): number[] => {
    if (img.length !== px) throw new RangeError(`expected a ${size} x ${size} image (${px} values), got ${img.length}`);
    const x = [...expand(shapeFeatures(img, size)).map((v, j) => (v - mean[j]) / sd[j]), 1];
    return softmax(weights.map((w) => w.reduce((a, wj, j) => a + wj * x[j], 0)));
  };
  const predict = (img: ArrayLike<number>): number => {
    const p = probabilities(img);
    return p.indexOf(Math.max(...p));
  };
  return { size, mean, sd, weights, predict, probabilities };
}

/** Accuracy on `images` (n x size²) with true `shapes`, overall and by (shape, scale) cell. */
export function evaluate(classifier: ShapeClassifier, images: Uint8Array, shapes: ArrayLike<number>, scales: ArrayLike<number>): { accuracy: number; byShapeScale: number[][]; confusion: number[][] } {
  const px = classifier.size * classifier.size;
  const hits = [0, 1, 2].map(() => new Array<number>(6).fill(0));
  const counts = [0, 1, 2].map(() => new Array<number>(6).fill(0));
  const confusion = [0, 1, 2].map(() => [0, 0, 0]);
  let right = 0;
  for (let i = 0; i < shapes.length; i++) {
    const y = classifier.predict(images.subarray(i * px, (i + 1) * px));
    confusion[shapes[i]][y]++;
    counts[shapes[i]][scales[i]]++;
    if (y === shapes[i]) {
      right++;
      hits[shapes[i]][scales[i]]++;
    }
  }
  return { accuracy: right / shapes.length, byShapeScale: hits.map((h, s) => h.map((v, j) => (counts[s][j] ? v / counts[s][j] : NaN))), confusion };
}
