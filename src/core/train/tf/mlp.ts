/**
 * Adam training of an "mlp" learned mechanism (core/learned/mlp.ts) with TensorFlow.js: the negative
 * log-likelihood of the child given its features, per row, averaged over minibatches. Seeded: the same
 * data, seed and backend give the same params (Glorot-uniform initial weights and the minibatch order
 * come from the seed; the backends run single-threaded). Every step runs inside tf.tidy, so the number
 * of live tensors stays flat over epochs. Param layout (model-spec.ts): weights[i] [in*out] row-major
 * with h = act(h W + b), biases[i] [out]; the last layer gives (loc, raw scale) for normal with
 * scale = softplus(raw) + 1e-6, one logit for bernoulli, `levels` logits for categorical.
 */
import { CausalError, error } from "../../errors/diagnostic";
import { glorotInit, mlpLayers } from "../../learned/mlp";
import type { LearnedSpec } from "../../runtime/model-spec";
import type { TrainProgress } from "../train-model";
import { createRng, shuffleInPlace } from "../../random/rng";
import { type BackendName, type BackendPreference, initBackend, tf } from "./backend";
import { FusedAdam } from "./adam";
import { matMulFast } from "./ops";

export interface MlpData {
  /** The variable trained (for messages and progress). */
  name: string;
  spec: LearnedSpec;
  /** n rows of d features, row-major. */
  x: Float64Array;
  /** The child's values: numbers (normal), 0/1 (bernoulli), level indices (categorical). */
  y: Float64Array;
  n: number;
  d: number;
}

/** trainModel's progress without the mechanism and method (the caller knows both). */
export type MlpProgress = Omit<TrainProgress, "mechanism" | "method">;

export interface MlpTrainOptions {
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: BackendPreference;
  /** Start from these values (a checkpoint) instead of Glorot-uniform; Adam's moments start afresh. */
  init?: Readonly<Record<string, Float64Array>>;
  /** Called at the end of each epoch and at most every `progressMs` (default 250) in between. */
  onProgress?: (p: MlpProgress) => void;
  progressMs?: number;
  /** Polled before each step: true stops; the params so far are returned. */
  shouldStop?: () => boolean;
  checkpoint?: { every: number; write: (params: Record<string, Float64Array>, p: MlpProgress) => Promise<void> | void };
}

export interface MlpTrainResult {
  params: Record<string, Float64Array>;
  /** Mean negative log-likelihood per row over the whole data at the end. */
  finalLoss: number;
  steps: number;
  stepsPerSecond: number;
  backend: BackendName;
  stopped: boolean;
}

/** The features of every row (n x d, row-major) from the data columns: the parent columns themselves where each feature is a parent unchanged, else spec.featuresOf row by row. */
export function mlpFeatures(spec: LearnedSpec, parents: readonly string[], columns: ReadonlyMap<string, Float64Array>, n: number, variable: string): Float64Array {
  const d = spec.features.length;
  const x = new Float64Array(n * d);
  const direct = spec.featureParents.every((p) => p !== undefined);
  if (direct) {
    spec.featureParents.forEach((p, j) => {
      const c = columns.get(p!);
      if (!c) throw new CausalError(error("missing-column", `training "${variable}" needs the column "${p}" (its feature "${spec.features[j]}")`));
      for (let i = 0; i < n; i++) x[i * d + j] = c[i];
    });
    return x;
  }
  const cols = parents.map((p) => {
    const c = columns.get(p);
    if (!c) throw new CausalError(error("missing-column", `training "${variable}" needs the column of its parent "${p}"`));
    return c;
  });
  const row: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    parents.forEach((p, k) => { row[p] = cols[k][i]; });
    const f = spec.featuresOf(row);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(f[j])) throw new CausalError(error("invalid-data", `training "${variable}": row ${i + 1} gives feature "${spec.features[j]}" = ${f[j]}, not a finite number`));
      x[i * d + j] = f[j];
    }
  }
  return x;
}

function checkTargets(data: MlpData, k: number): void {
  const { y, spec, name } = data;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const ok = spec.likelihood === "bernoulli" ? v === 0 || v === 1 : spec.likelihood === "categorical" ? Number.isInteger(v) && v >= 0 && v < k : Number.isFinite(v);
    if (!ok) {
      const want = spec.likelihood === "bernoulli" ? "0 or 1" : spec.likelihood === "categorical" ? `a level index 0..${k - 1}` : "a finite number";
      throw new CausalError(error("invalid-data", `training "${name}": row ${i + 1} is ${v}, but its ${spec.likelihood} likelihood needs ${want}`));
    }
  }
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The net's outputs for x [n, d]. */
export function mlpForwardTf(x: tf.Tensor2D, weights: readonly tf.Tensor2D[], biases: readonly tf.Tensor1D[], activation: "tanh" | "relu"): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  for (let l = 0; l < weights.length; l++) {
    h = tf.add(matMulFast(h, weights[l]), biases[l]);
    if (l + 1 < weights.length) h = activation === "relu" ? tf.relu(h) : tf.tanh(h);
  }
  return h;
}

/** Sum over the rows of -log p(y | net outputs). */
export function mlpNll(out: tf.Tensor2D, y: tf.Tensor1D, likelihood: "normal" | "bernoulli" | "categorical", k: number): tf.Scalar {
  if (likelihood === "bernoulli") {
    const l = tf.reshape(out, [-1]);
    // -[y l - log(1 + e^l)] = softplus(l) - y l
    return tf.sum(tf.sub(tf.softplus(l), tf.mul(y, l)));
  }
  if (likelihood === "categorical") {
    const onehot = tf.oneHot(tf.cast(y, "int32"), k);
    return tf.sum(tf.sub(tf.logSumExp(out, 1), tf.sum(tf.mul(onehot, out), 1)));
  }
  const [loc, raw] = tf.split(out, 2, 1);
  const scale = tf.add(tf.softplus(tf.reshape(raw, [-1])), 1e-6);
  const z = tf.div(tf.sub(y, tf.reshape(loc, [-1])), scale);
  return tf.add(tf.sum(tf.add(tf.log(scale), tf.mul(0.5, tf.square(z)))), HALF_LOG_2PI * y.shape[0]);
}

export async function trainMlp(data: MlpData, options: MlpTrainOptions = {}): Promise<MlpTrainResult> {
  const { spec, name, n, d } = data;
  if (spec.family !== "mlp") throw new CausalError(error("invalid-argument", `trainMlp trains mlp mechanisms; "${name}" is ${spec.family}`));
  const likelihood = spec.likelihood ?? "normal", activation = spec.activation ?? "tanh";
  const layers = mlpLayers(d, spec);
  const k = layers[layers.length - 1];
  const wNames = spec.params.weights ?? [], bNames = spec.params.biases ?? [];
  if (wNames.length !== layers.length - 1 || bNames.length !== layers.length - 1) {
    throw new CausalError(error("internal", `mlp "${name}" declares ${wNames.length} weight and ${bNames.length} bias params for ${layers.length - 1} layers`));
  }
  if (n < 1) throw new CausalError(error("invalid-data", `training "${name}" needs at least one row; the data have none`));
  if (data.x.length !== n * d || data.y.length !== n) throw new CausalError(error("internal", `trainMlp: x has ${data.x.length} values for ${n} rows of ${d} features, y ${data.y.length}`));
  checkTargets(data, k);
  const epochs = Math.max(0, Math.floor(options.epochs ?? 50));
  const batch = Math.max(1, Math.min(n, Math.floor(options.batch ?? 256)));
  const lr = options.lr ?? 1e-2;
  const seed = options.seed ?? 0;
  const backend = await initBackend(options.backend ?? "auto");

  // Initial values: the checkpoint's, else Glorot-uniform from the seed.
  const start = glorotInit(layers, seed);
  for (let i = 0; i + 1 < layers.length; i++) {
    const w = options.init?.[wNames[i]], b = options.init?.[bNames[i]];
    if (w) {
      if (w.length !== layers[i] * layers[i + 1]) throw new CausalError(error("invalid-argument", `resuming "${name}": param "${wNames[i]}" has ${w.length} values, its layer needs ${layers[i]} x ${layers[i + 1]} = ${layers[i] * layers[i + 1]}`));
      start.weights[i] = w;
    }
    if (b) {
      if (b.length !== layers[i + 1]) throw new CausalError(error("invalid-argument", `resuming "${name}": param "${bNames[i]}" has ${b.length} values, its layer needs ${layers[i + 1]}`));
      start.biases[i] = b;
    }
  }
  // (inside tidy: the initial-value tensors are disposed, the variables are kept)
  const W = tf.tidy(() => start.weights.map((w, i) => tf.variable(tf.tensor2d(Float32Array.from(w), [layers[i], layers[i + 1]]), true)));
  const B = tf.tidy(() => start.biases.map((b) => tf.variable(tf.tensor1d(Float32Array.from(b)), true)));
  const vars = [...W, ...B];
  const optimizer = new FusedAdam(vars, lr);
  const X = Float32Array.from(data.x), Y = Float32Array.from(data.y);
  const steps = epochs * Math.ceil(n / batch);
  const rng = createRng(seed ^ 0x5bd1e995);
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batch * d), yb = new Float32Array(batch);

  const read = (): Record<string, Float64Array> => {
    const out: Record<string, Float64Array> = {};
    W.forEach((w, i) => { out[wNames[i]] = Float64Array.from(w.dataSync()); });
    B.forEach((b, i) => { out[bNames[i]] = Float64Array.from(b.dataSync()); });
    return out;
  };
  const fullLoss = (): number => tf.tidy(() => {
    let s = 0;
    for (let a = 0; a < n; a += 8192) {
      const m = Math.min(n, a + 8192) - a;
      const out = mlpForwardTf(tf.tensor2d(X.subarray(a * d, (a + m) * d), [m, d]), W, B, activation);
      s += mlpNll(out, tf.tensor1d(Y.subarray(a, a + m)), likelihood, k).dataSync()[0];
    }
    return s / n;
  });

  const t0 = performance.now();
  let step = 0, stopped = false, lastReport = t0, epochLoss = 0, epochRows = 0, lastEpochLoss = NaN;
  const progressMs = options.progressMs ?? 250;
  const progress = (epoch: number): MlpProgress => {
    const elapsedMs = performance.now() - t0;
    return { step, steps, epoch, epochs, loss: epochRows ? epochLoss / epochRows : lastEpochLoss, stepsPerSecond: step / Math.max(1e-9, elapsedMs / 1000), elapsedMs };
  };
  try {
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rng); // the minibatch order of this epoch
      epochLoss = 0; epochRows = 0;
      for (let a = 0; a < n; a += batch) {
        if (options.shouldStop?.()) { stopped = true; break outer; }
        const m = Math.min(n, a + batch) - a;
        for (let r = 0; r < m; r++) {
          const i = order[a + r];
          for (let j = 0; j < d; j++) xb[r * d + j] = X[i * d + j];
          yb[r] = Y[i];
        }
        const loss = tf.tidy(() => {
          const xt = tf.tensor2d(xb.subarray(0, m * d), [m, d]), yt = tf.tensor1d(yb.subarray(0, m));
          return optimizer.minimize(() => tf.div(mlpNll(mlpForwardTf(xt, W, B, activation), yt, likelihood, k), m) as tf.Scalar);
        });
        if (!Number.isFinite(loss)) {
          throw new CausalError(error("invalid-parameter", `training "${name}" diverged at step ${step + 1} (loss ${loss}); lower the learning rate (lr, now ${lr}) or standardise the features`));
        }
        step++;
        epochLoss += loss * m; epochRows += m;
        if (options.checkpoint && options.checkpoint.every > 0 && step % options.checkpoint.every === 0) await options.checkpoint.write(read(), progress(epoch));
        const now = performance.now();
        if (options.onProgress && now - lastReport >= progressMs && a + batch < n) { lastReport = now; options.onProgress(progress(epoch)); }
      }
      lastEpochLoss = epochLoss / Math.max(1, epochRows);
      options.onProgress?.(progress(epoch + 1));
      lastReport = performance.now();
      // Let cancellation and other messages in between epochs.
      await new Promise<void>((r) => setImmediate(r));
    }
    const elapsed = (performance.now() - t0) / 1000;
    const params = read();
    const finalLoss = fullLoss();
    if (options.checkpoint && (step === 0 || step % Math.max(1, options.checkpoint.every) !== 0)) await options.checkpoint.write(params, { ...progress(epochs), loss: finalLoss });
    return { params, finalLoss, steps: step, stepsPerSecond: step / Math.max(1e-9, elapsed), backend, stopped };
  } finally {
    for (const v of vars) v.dispose();
  }
}
