/**
 * trainImageModel(model, { columns, images }): trains a model with image variables in two parts
 * that the likelihood separates — the scalar mechanisms from the labelled columns (trainModel: counts
 * for tabular, closed forms, IRLS, …) and each image's decoder with its amortised guide by SVI
 * (tf/image-svi.ts) — and returns one ParamStore holding all of them. The factors are observed
 * labels, so log p(columns, image) = log p(columns) + log p(image | columns), and the two fits are
 * the joint fit.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DataColumns } from "../infer/log-likelihood";
import type { ParamValue } from "../runtime/message";
import type { ModelSpec } from "../runtime/model-spec";
import { ParamStore } from "../runtime/param-store";
import { trainModel, type TrainBackend, type TrainResult } from "./train-model";

export interface ImageData {
  /** A column per scalar variable (the labels), n rows each. */
  columns: DataColumns;
  /** Per image variable, n images of width x height pixels in {0, 1}, row-major, one after another. */
  images: Readonly<Record<string, ArrayLike<number>>>;
}

export interface TrainImageOptions {
  /** Passes of SVI over the images (default 10); 0 fits only the scalar mechanisms, the images' params keep their values. */
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: TrainBackend;
  /** Steps between progress reports (default: one per epoch). */
  progressEvery?: number;
  onProgress?: (p: { image: string; step: number; steps: number; epoch: number; epochs: number; loss: number; elapsedMs: number; stepsPerSecond: number }) => void;
  shouldStop?: () => boolean;
}

export interface ImageTrained {
  image: string;
  /** The negative ELBO per image of each epoch, nats. */
  history: number[];
  /** The negative ELBO per image over the training images at the end, nats. */
  finalLoss: number;
  steps: number;
  stepsPerSecond: number;
  backend: string;
}

export interface TrainImageResult {
  params: ParamStore;
  /** The scalar mechanisms' fit (undefined when they declare no params). */
  factors?: TrainResult;
  images: ImageTrained[];
  rows: number;
  stopped: boolean;
}

type Trainable = { spec(): ModelSpec };

export async function trainImageModel(model: Trainable, data: ImageData, options: TrainImageOptions = {}): Promise<TrainImageResult> {
  const spec = model.spec();
  const images = spec.images ?? [];
  if (!images.length) throw new CausalError(error("invalid-argument", `model "${spec.name}" has no image variable; train it with trainModel`));
  const shared = images.map((im) => im.latent).find((l, i, a) => a.indexOf(l) !== i);
  if (shared) throw new CausalError(error("invalid-argument", `images of model "${spec.name}" share the latent "${shared}"; trainImageModel trains each image with its own latent`));
  const names = Object.keys(data.columns);
  if (!names.length) throw new CausalError(error("missing-column", `trainImageModel needs the label columns (${spec.variables.map((v) => v.name).join(", ")})`));
  const n = data.columns[names[0]].length;
  for (const v of spec.variables) {
    const c = data.columns[v.name];
    if (!c) throw new CausalError(error("missing-column", `trainImageModel needs a column for "${v.name}" (columns: ${names.join(", ")}); images train with their factors observed`, v.range));
    if (c.length !== n) throw new CausalError(error("invalid-data", `column "${v.name}" has ${c.length} rows, "${names[0]}" has ${n}`, v.range));
  }
  const imageParams = new Set(images.flatMap((im) => [...im.params.weights, ...im.params.biases, ...im.params.guideWeights, ...im.params.guideBiases]));
  const scalarParams = (spec.params ?? []).filter((d) => !imageParams.has(d.name));
  const values: Record<string, ParamValue> = Object.fromEntries((spec.params ?? []).map((d) => [d.name, d.init]));
  let factors: TrainResult | undefined;
  if (scalarParams.length) {
    const scalarSpec: ModelSpec = { name: spec.name, variables: spec.variables, params: scalarParams };
    factors = await trainModel({ spec: () => scalarSpec }, data.columns, { seed: options.seed ?? 0, ...(options.backend ? { backend: options.backend } : {}) });
    for (const name of factors.params.names()) values[name] = factors.params.get(name)!;
  }
  const { trainImageSvi } = await import("./tf/image-svi");
  const trained: ImageTrained[] = [];
  let stopped = false;
  for (const im of options.epochs === 0 ? [] : images) {
    const pixels = data.images[im.name];
    if (!pixels) throw new CausalError(error("missing-column", `trainImageModel needs the images of "${im.name}" (data.images.${im.name})`, im.range));
    const t0 = performance.now();
    const r = await trainImageSvi(spec, im, data.columns, pixels, n, values, {
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batch !== undefined ? { batch: options.batch } : {}),
      ...(options.lr !== undefined ? { lr: options.lr } : {}),
      ...(options.progressEvery !== undefined ? { progressEvery: options.progressEvery } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      seed: options.seed ?? 0, backend: options.backend ?? "auto",
      onProgress: (p) => options.onProgress?.({ image: im.name, ...p, stepsPerSecond: p.step / Math.max(1e-9, (performance.now() - t0) / 1000) }),
    });
    Object.assign(values, r.params);
    trained.push({ image: im.name, history: r.history, finalLoss: r.finalLoss, steps: r.steps, stepsPerSecond: r.stepsPerSecond, backend: r.backend });
    if (r.stopped) { stopped = true; break; }
  }
  return { params: new ParamStore(values), ...(factors ? { factors } : {}), images: trained, rows: n, stopped };
}
