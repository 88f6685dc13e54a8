/**
 * The dSprites causal-VAE experiment, start to end: a training set from the causal data-generating
 * process (dgp.ts: rendered images, or rows of the real dSprites file picked to follow the same
 * tables), the causal model (model.causal.ts) trained by trainImageModel (counts for the factor
 * tables, SVI for the decoder and its guide), the "independent factors" CVAE sharing its image
 * mechanism, and every check of the README scored against the known truth:
 *  - the negative ELBO per image on training and held-out images (float64, imageNegativeElbo);
 *  - P(scale | do(shape = s)) of each model (exact inference on the factor tables) against the
 *    generating tables, as total variation;
 *  - images generated under do(shape = s): the share a shape classifier (classifier.ts, trained on
 *    rendered images only) reads as s;
 *  - counterfactual shape swaps of held-out images with scale and position held: the centroid's
 *    move and the scale read back from the image's area; the same on the real calibration pair.
 * The image grid it returns is what main.ts draws and saves.
 */
import { imageNegativeElbo, imageQuery, trainImageModel, type ImageQuery, type TrainImageOptions } from "causal-studio";
import { loadCalibrationImages } from "./calibration";
import { trainShapeClassifier, type ShapeClassifier } from "./classifier";
import { renderDataset, sampleFactors, trueScaleGivenDoShape, type FactorColumns } from "./dgp";
import { causalVae, independentVae, type Config } from "./model.causal";
import { loadDsprites, resampleIndices } from "./npz-loader";
import { FACTOR_NAMES, renderSprite, SHAPE_NAMES, type Factors } from "./sprites";

export interface ExperimentOptions {
  config: Config;
  /** Training images, and held-out ones. */
  images: number;
  testImages: number;
  epochs: number;
  batch?: number;
  lr?: number;
  seed?: number;
  /** Which process draws the factors of the training set (the model is the causal one either way). */
  variant?: "causal" | "independent";
  /** The real dSprites .npz: its rows are picked to follow the variant's tables instead of rendering. */
  data?: string;
  backend?: TrainImageOptions["backend"];
  /** Held-out images whose shape is swapped by a counterfactual (default 30). */
  counterfactuals?: number;
  /** Images generated under each do(shape = s) for the classifier (default 300). */
  generated?: number;
  onProgress?: (line: string) => void;
}

export interface ShapeIntervention {
  shape: string;
  /** P(scale = k | do(shape)) of the generating tables, the causal model, the independent-factors model. */
  scaleTruth: number[];
  scaleCausal: number[];
  scaleIndependent: number[];
  tvCausal: number;
  tvIndependent: number;
  /** Share of images generated under do(shape) that the classifier reads as that shape. */
  classifierAccuracy: number;
}

export interface CounterfactualCheck {
  units: number;
  /** How far the counterfactual image's centroid lies from the observed image's, pixels (at this image size). */
  centroidShiftMax: number;
  centroidShiftMean: number;
  /** |scale read from the counterfactual's area - the held scale|, in grid steps. */
  scaleStepMax: number;
  /** Share of counterfactual images the classifier reads as the new shape. */
  shapeAccuracy: number;
}

export interface ExperimentReport {
  config: Config;
  source: "rendered" | "dSprites file";
  variant: "causal" | "independent";
  rows: number;
  testRows: number;
  backend: string;
  trainSeconds: number;
  stepsPerSecond: number;
  history: number[];
  negativeElbo: { train: number; test: number };
  interventions: ShapeIntervention[];
  counterfactual: CounterfactualCheck;
  /** The real square of sprites_example.npz, had it been a heart: against the real heart of the same file. */
  calibrationPair?: { iou: number; centroidShift: number };
  /** Images per second: do() samples and counterfactual worlds through the float64 decoder. */
  generatedPerSecond: number;
  counterfactualsPerSecond: number;
  classifierTrainAccuracy: number;
}

export interface GridRow { label: string; images: (Float64Array | Uint8Array)[] }

const HEART = 2, SQUARE = 0;

function tv(a: readonly number[], b: readonly number[]): number {
  return 0.5 * a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0);
}

/** Halves a binary image: a pixel is on when at least two of its four are. */
export function halve(img: ArrayLike<number>, size: number): Uint8Array {
  const h = size / 2, out = new Uint8Array(h * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < h; c++) {
    const s = img[2 * r * size + 2 * c] + img[2 * r * size + 2 * c + 1] + img[(2 * r + 1) * size + 2 * c] + img[(2 * r + 1) * size + 2 * c + 1];
    out[r * h + c] = s >= 2 ? 1 : 0;
  }
  return out;
}

/** The on-pixels' centroid (row, column) of an image thresholded at 0.5, and their count. */
export function centroid(img: ArrayLike<number>, size: number): { row: number; col: number; area: number } {
  let n = 0, r = 0, c = 0;
  for (let i = 0; i < size * size; i++) if (img[i] >= 0.5) { n++; r += Math.floor(i / size); c += i % size; }
  return n ? { row: r / n, col: c / n, area: n } : { row: NaN, col: NaN, area: 0 };
}

function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0, union = 0;
  for (let i = 0; i < a.length; i++) { const x = a[i] >= 0.5, y = b[i] >= 0.5; if (x && y) inter++; if (x || y) union++; }
  return union ? inter / union : 1;
}

function factorsOf(cols: FactorColumns, i: number): Factors {
  return { shape: cols.shape[i], scale: cols.scale[i], orientation: cols.orientation[i], posX: cols.posX[i], posY: cols.posY[i] };
}

async function dataset(o: ExperimentOptions, n: number): Promise<{ factors: FactorColumns; images: Uint8Array; source: ExperimentReport["source"] }> {
  const factors = sampleFactors(n, o.seed ?? 0, o.variant ?? "causal");
  if (!o.data) return { factors, images: renderDataset(factors, o.config.size), source: "rendered" };
  const real = await loadDsprites(o.data, resampleIndices(factors));
  if (o.config.size === real.size) return { factors: real.factors, images: real.images, source: "dSprites file" };
  if (o.config.size * 2 !== real.size) throw new Error(`the real images are ${real.size} x ${real.size}; configuration size ${o.config.size} is neither that nor half of it`);
  const P = real.size * real.size, h = o.config.size * o.config.size, images = new Uint8Array(real.n * h);
  for (let i = 0; i < real.n; i++) images.set(halve(real.images.subarray(i * P, (i + 1) * P), real.size), i * h);
  return { factors: real.factors, images, source: "dSprites file" };
}

const columnsOf = (f: FactorColumns, from: number, to: number) => Object.fromEntries(FACTOR_NAMES.map((k) => [k, Float64Array.from(f[k].subarray(from, to))]));

export async function runExperiment(o: ExperimentOptions): Promise<{ report: ExperimentReport; grid: GridRow[] }> {
  const say = o.onProgress ?? (() => {});
  const size = o.config.size, P = size * size, seed = o.seed ?? 0;
  const all = await dataset(o, o.images + o.testImages);
  const n = o.images, train = { columns: columnsOf(all.factors, 0, n), images: { image: all.images.subarray(0, n * P) } };
  const testCols = columnsOf(all.factors, n, n + o.testImages), testImages = all.images.subarray(n * P);
  say(`${n} training and ${o.testImages} held-out ${size} x ${size} images (${all.source}, ${o.variant ?? "causal"} factors)`);

  const causal = causalVae(o.config);
  const t0 = performance.now();
  const trained = await trainImageModel(causal, train, {
    epochs: o.epochs, batch: o.batch ?? 64, lr: o.lr ?? 5e-3, seed, ...(o.backend ? { backend: o.backend } : {}),
    onProgress: (p) => say(`epoch ${p.epoch}/${p.epochs}: negative ELBO ${p.loss.toFixed(2)} nats per image, ${p.stepsPerSecond.toFixed(1)} steps/s`),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const fitted = causal.withParams(trained.params);
  // The independent-factors CVAE: its factor tables from the same labels, its image mechanism the
  // causal model's (the likelihood separates: log p(labels) + log p(image | labels), and the second
  // term is the same in both models).
  const indepTables = await trainImageModel(independentVae(o.config), train, { epochs: 0 });
  const indepParams = Object.fromEntries(indepTables.params.names().map((k) => [k, k.startsWith("image.") ? trained.params.get(k)! : indepTables.params.get(k)!]));
  const independent = independentVae(o.config).withParams(indepParams);
  const im = trained.images[0];

  const evalRows = Math.min(n, 1000);
  const negativeElbo = {
    train: imageNegativeElbo(fitted, columnsOf(all.factors, 0, evalRows), all.images.subarray(0, evalRows * P), evalRows, { seed: seed + 1 }),
    test: imageNegativeElbo(fitted, testCols, testImages, o.testImages, { seed: seed + 2 }),
  };
  say(`negative ELBO per image: ${negativeElbo.train.toFixed(2)} train, ${negativeElbo.test.toFixed(2)} held out`);

  const classifier = trainShapeClassifier({ size, seed: seed + 3 });
  const classifierTrainAccuracy = accuracyOn(classifier, size, seed + 4);
  const q = imageQuery(fitted), qi = imageQuery(independent);
  const generated = o.generated ?? 300;
  let genSeconds = 0, genCount = 0;
  const interventions: ShapeIntervention[] = [0, 1, 2].map((s) => {
    const scaleTruth = trueScaleGivenDoShape(s);
    const dist = (m: typeof fitted | typeof independent) => scaleTruth.map((_, k) => m.do({ shape: s }).prob({ scale: k }, { method: "exact" }).value);
    const scaleCausal = dist(fitted), scaleIndependent = dist(independent);
    const t = performance.now();
    const g = q.do({ shape: s }).sample(generated, { seed: seed + 10 + s });
    genSeconds += (performance.now() - t) / 1000; genCount += generated;
    let hit = 0;
    for (let i = 0; i < generated; i++) if (classifier.predict(g.probabilities.subarray(i * P, (i + 1) * P)) === s) hit++;
    return { shape: SHAPE_NAMES[s], scaleTruth, scaleCausal, scaleIndependent, tvCausal: tv(scaleCausal, scaleTruth), tvIndependent: tv(scaleIndependent, scaleTruth), classifierAccuracy: hit / generated };
  });
  for (const r of interventions) say(`do(shape = ${r.shape}): classifier reads ${(100 * r.classifierAccuracy).toFixed(1)}%; TV of P(scale | do) to the truth ${r.tvCausal.toFixed(3)} (independent factors: ${r.tvIndependent.toFixed(3)})`);

  // Counterfactual shape swaps of held-out images, scale and position held.
  const units = Math.min(o.counterfactuals ?? 30, o.testImages);
  let shiftMax = 0, shiftSum = 0, stepMax = 0, shapeHits = 0, cfSeconds = 0, cfWorlds = 0;
  const swap = (shape: number) => (shape === HEART ? SQUARE : HEART);
  for (let u = 0; u < units; u++) {
    const f = factorsOf(all.factors, n + u), image = testImages.subarray(u * P, (u + 1) * P);
    const given = Object.fromEntries(FACTOR_NAMES.map((k) => [k, testCols[k][u]]));
    const to = swap(f.shape);
    const t = performance.now();
    const cf = q.counterfactual({ given, image, do: { shape: to, scale: f.scale, posX: f.posX, posY: f.posY }, samples: 16, seed: seed + 100 + u });
    cfSeconds += (performance.now() - t) / 1000; cfWorlds += 16;
    const a = centroid(image, size), b = centroid(cf.mean, size);
    const shift = Number.isFinite(b.row) ? Math.hypot(a.row - b.row, a.col - b.col) : Infinity;
    shiftMax = Math.max(shiftMax, shift); shiftSum += shift;
    stepMax = Math.max(stepMax, Math.abs(scaleFromArea(b.area, { ...f, shape: to }, size) - f.scale));
    if (classifier.predict(cf.mean) === to) shapeHits++;
  }
  const counterfactual: CounterfactualCheck = { units, centroidShiftMax: shiftMax, centroidShiftMean: shiftSum / units, scaleStepMax: stepMax, shapeAccuracy: shapeHits / units };
  say(`${units} counterfactual shape swaps (scale, position held): centroid moves ${counterfactual.centroidShiftMean.toFixed(2)} px on average, at most ${shiftMax.toFixed(2)}; scale off by at most ${stepMax} step(s); ${(100 * counterfactual.shapeAccuracy).toFixed(0)}% read as the new shape`);

  // The real pair: a dSprites square and the same square as a heart.
  let calibrationPair: ExperimentReport["calibrationPair"];
  const grid: GridRow[] = [];
  const cal = await loadCalibrationImages();
  if (cal.ok && (size === 64 || size === 32)) {
    const fit = (img: Uint8Array) => (size === 64 ? img : halve(img, 64));
    const real = fit(cal.images.image), realHeart = fit(cal.images.cfImage), f = cal.images.factors;
    const cf = q.counterfactual({ given: { ...f }, image: real, do: { shape: HEART, scale: f.scale, posX: f.posX, posY: f.posY }, samples: 16, seed: seed + 7 });
    const a = centroid(realHeart, size), b = centroid(cf.mean, size);
    calibrationPair = { iou: iou(cf.mean, realHeart), centroidShift: Math.hypot(a.row - b.row, a.col - b.col) };
    grid.push({ label: "real dSprites square · reconstruction · had it been a heart · the real heart", images: [real, cf.reconstruction, cf.mean, realHeart] });
    say(`the real square of sprites_example.npz, had it been a heart: IoU ${calibrationPair.iou.toFixed(3)} with the real heart, centroid ${calibrationPair.centroidShift.toFixed(2)} px from it`);
  }

  // The grid: six held-out non-hearts, their reconstructions and counterfactual hearts, and hearts by do().
  const picked: number[] = [];
  for (let u = 0; u < o.testImages && picked.length < 6; u++) if (testCols.shape[u] !== HEART) picked.push(u);
  const cfRows = picked.map((u) => {
    const f = factorsOf(all.factors, n + u), image = testImages.subarray(u * P, (u + 1) * P);
    const given = Object.fromEntries(FACTOR_NAMES.map((k) => [k, testCols[k][u]]));
    const held = q.counterfactual({ given, image, do: { shape: HEART, scale: f.scale, posX: f.posX, posY: f.posY }, samples: 16, seed: seed + 200 + u });
    // one counterfactual world (the mean over worlds blurs the factors that move)
    const moved = q.counterfactual({ given, image, do: { shape: HEART }, samples: 1, seed: seed + 300 + u });
    return { image, reconstruction: held.reconstruction, held: held.mean, moved: moved.worlds.probabilities };
  });
  const doImages = (query: ImageQuery, s: number) => {
    const g = query.do({ shape: HEART }).sample(6, { seed: seed + s });
    return Array.from({ length: 6 }, (_, i) => g.probabilities.slice(i * P, (i + 1) * P));
  };
  grid.unshift(
    { label: "held-out image", images: cfRows.map((r) => r.image) },
    { label: "reconstruction", images: cfRows.map((r) => r.reconstruction) },
    { label: "had it been a heart (scale, position held)", images: cfRows.map((r) => r.held) },
    { label: "had it been a heart (the rest by their mechanisms)", images: cfRows.map((r) => r.moved) },
    { label: "do(shape = heart), causal model", images: doImages(q, 400) },
    { label: "do(shape = heart), independent factors", images: doImages(qi, 400) },
  );

  const report: ExperimentReport = {
    config: o.config, source: all.source, variant: o.variant ?? "causal", rows: n, testRows: o.testImages,
    backend: im.backend, trainSeconds, stepsPerSecond: im.stepsPerSecond, history: im.history, negativeElbo, interventions, counterfactual,
    ...(calibrationPair ? { calibrationPair } : {}),
    generatedPerSecond: genCount / Math.max(1e-9, genSeconds), counterfactualsPerSecond: cfWorlds / Math.max(1e-9, cfSeconds), classifierTrainAccuracy,
  };
  return { report, grid };
}

/** The scale (grid index) whose rendering of this shape, pose and position has the area nearest `area`. */
export function scaleFromArea(area: number, f: Factors, size: number): number {
  let best = 0, gap = Infinity;
  for (let k = 0; k < 6; k++) {
    const img = renderSprite({ ...f, scale: k }, size);
    const a = img.reduce((s, v) => s + v, 0);
    if (Math.abs(a - area) < gap) { gap = Math.abs(a - area); best = k; }
  }
  return best;
}

function accuracyOn(c: ShapeClassifier, size: number, seed: number): number {
  const f = sampleFactors(600, seed, "independent"), imgs = renderDataset(f, size), P = size * size;
  let hit = 0;
  for (let i = 0; i < 600; i++) if (c.predict(imgs.subarray(i * P, (i + 1) * P)) === f.shape[i]) hit++;
  return hit / 600;
}
