/**
 * Stochastic variational inference on the ELBO with reparameterised gradients and an amortised guide,
 * for models whose latent variables are roots with normal priors and whose observed variables are
 * learned mechanisms (mlp or linear-gaussian) of latents and observed columns. The model compiles to
 * TensorFlow.js: q(z | x) = N(loc(x), diag scale(x)^2), an MLP encoder from the (standardised) observed
 * columns to the loc and raw scale of every latent (scale = softplus(raw) + 1e-6); the ELBO per row is
 * E_q[log p(x | z)] (one reparameterised sample) - KL(q || prior) (closed form). Adam on minibatches,
 * seeded; every step in tf.tidy.
 */
import { Normal } from "../../distributions/normal";
import { CausalError, error } from "../../errors/diagnostic";
import { glorotInit, mlpLayers } from "../../learned/mlp";
import { createRng, shuffleInPlace } from "../../random/rng";
import type { ParamValue } from "../../runtime/message";
import type { ModelSpec, VariableSpec } from "../../runtime/model-spec";
import { type BackendName, type BackendPreference, initBackend, tf } from "./backend";
import { mlpForwardTf, mlpNll } from "./mlp";
import { FusedAdam } from "./adam";
import { matMulFast } from "./ops";

export interface SviOptions {
  epochs?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend?: BackendPreference;
  /** Hidden widths of the guide's encoder (default [64]). */
  guideHidden?: readonly number[];
  /** After every epoch, with the negative ELBO per row over that epoch. */
  onEpoch?: (epoch: number, negativeElbo: number) => void;
  shouldStop?: () => boolean;
}

/** What every SVI run reports (this file's for scalar latents, image-svi.ts's for images). */
export interface SviRun {
  /** The trained params, by name (as the runtime reads them). */
  params: Record<string, ParamValue>;
  /** The negative ELBO per row of each epoch (one sample per row: noisy). */
  history: number[];
  /** The negative ELBO per row over the whole data at the end (one sample per row). */
  finalLoss: number;
  steps: number;
  backend: BackendName;
  stopped: boolean;
}

export interface SviResult extends SviRun {
  /** The guide's posterior loc and scale of each latent, rows x latents, row-major. */
  posterior(columns: ReadonlyMap<string, Float64Array>, n: number): { latents: string[]; loc: Float64Array; scale: Float64Array };
}

type Child =
  | { v: VariableSpec; kind: "linear"; coef: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R0>; logSd: tf.Variable<tf.Rank.R0> }
  | { v: VariableSpec; kind: "mlp"; w: tf.Variable<tf.Rank.R2>[]; b: tf.Variable<tf.Rank.R1>[]; k: number };

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** A trainable variable from a fresh tensor (which it then owns alone). */
function variable<R extends tf.Rank>(t: tf.Tensor<R>): tf.Variable<R> {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

function unsupported(spec: ModelSpec, why: string, v?: VariableSpec): CausalError {
  return new CausalError(error("invalid-argument", `SVI (model "${spec.name}") compiles models whose latent variables are roots with normal priors and whose observed variables are mlp or linearGaussian mechanisms; ${why}`, v?.range));
}

export async function trainSvi(spec: ModelSpec, columns: ReadonlyMap<string, Float64Array>, n: number, options: SviOptions = {}): Promise<SviResult> {
  const init = Object.fromEntries((spec.params ?? []).map((d) => [d.name, d.init])) as Record<string, ParamValue>;
  const latents = spec.variables.filter((v) => v.latent);
  if (!latents.length) throw unsupported(spec, "this model has no latent variable (train it with trainModel)");
  const priors = latents.map((v) => {
    if (v.parents.length) throw unsupported(spec, `latent "${v.name}" has parents (${v.parents.join(", ")})`, v);
    let d: unknown;
    try { d = v.mechanism({}, init); } catch (e) { throw unsupported(spec, `the prior of latent "${v.name}" could not be evaluated: ${e instanceof Error ? e.message : String(e)}`, v); }
    if (!(d instanceof Normal)) throw unsupported(spec, `latent "${v.name}" is not normal(mu, sigma) with fixed numbers`, v);
    return { mu: d.mu, sigma: d.sigma };
  });
  const latentIndex = new Map(latents.map((v, i) => [v.name, i]));
  const observed = spec.variables.filter((v) => !v.latent);
  for (const v of observed) {
    if (!columns.has(v.name)) throw new CausalError(error("missing-column", `SVI needs a column for every observed variable; "${v.name}" has none (columns: ${[...columns.keys()].join(", ")})`, v.range));
    const c = columns.get(v.name)!;
    if (c.length < n) throw new CausalError(error("invalid-data", `column "${v.name}" has ${c.length} rows, expected ${n}`, v.range));
  }
  const childrenSpecs = observed.filter((v) => v.learned || v.parents.length);
  for (const v of childrenSpecs) {
    const f = v.learned?.family;
    if (f !== "mlp" && f !== "linear-gaussian") throw unsupported(spec, `"${v.name}" is ${f ? `a ${f} mechanism` : "a hand-written mechanism"}`, v);
    if (v.learned!.featureParents.some((p) => p === undefined)) throw unsupported(spec, `"${v.name}" has computed features (${v.learned!.features.join(", ")}); SVI reads features that are parents unchanged`, v);
  }
  const ownParams = new Set(childrenSpecs.flatMap((v) => [...(v.learned!.params.weights ?? []), ...(v.learned!.params.biases ?? []), v.learned!.params.coef, v.learned!.params.sd].filter((p): p is string => !!p)));
  const stray = (spec.params ?? []).filter((d) => !ownParams.has(d.name));
  if (stray.length) throw unsupported(spec, `params ${stray.map((d) => `"${d.name}"`).join(", ")} belong to no mlp or linearGaussian mechanism`);

  const epochs = Math.max(0, Math.floor(options.epochs ?? 50));
  const batch = Math.max(1, Math.min(n, Math.floor(options.batch ?? 256)));
  const seed = options.seed ?? 0;
  const backend = await initBackend(options.backend ?? "auto");
  const rng = createRng(seed);
  const L = latents.length;
  const obsNames = observed.map((v) => v.name);
  // the guide's inputs: observed columns standardised (guide-internal)
  const stats = obsNames.map((name) => {
    const c = columns.get(name)!;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { s += c[i]; s2 += c[i] * c[i]; }
    const mean = s / n, sd = Math.sqrt(Math.max(1e-12, s2 / n - mean * mean));
    return { mean, sd };
  });
  const P = obsNames.length;
  const Xall = new Float32Array(n * P), Zin = new Float32Array(n * P);
  obsNames.forEach((name, j) => {
    const c = columns.get(name)!;
    for (let i = 0; i < n; i++) { Xall[i * P + j] = c[i]; Zin[i * P + j] = (c[i] - stats[j].mean) / stats[j].sd; }
  });

  const guideLayers = [P, ...(options.guideHidden ?? [64]), 2 * L];
  const g = glorotInit(guideLayers, seed ^ 0x9e3779b9);
  const guideW = tf.tidy(() => g.weights.map((w, i) => tf.variable(tf.tensor2d(Float32Array.from(w), [guideLayers[i], guideLayers[i + 1]]))));
  const guideB = tf.tidy(() => g.biases.map((b) => tf.variable(tf.tensor1d(Float32Array.from(b)))));
  const children: Child[] = childrenSpecs.map((v, ci): Child => {
    const ls = v.learned!, d = ls.features.length;
    if (ls.family === "linear-gaussian") {
      const y = columns.get(v.name)!;
      let s = 0, s2 = 0;
      for (let i = 0; i < n; i++) { s += y[i]; s2 += y[i] * y[i]; }
      const mean = s / n, sd = Math.sqrt(Math.max(1e-6, s2 / n - mean * mean));
      // slopes small and random (a zero loading on a latent is a saddle point of the ELBO)
      const slopes = Float32Array.from({ length: d }, () => 0.1 * rng.normal());
      return { v, kind: "linear", coef: variable(tf.tensor2d(slopes, [d, 1])), bias: variable(tf.scalar(mean)), logSd: variable(tf.scalar(Math.log(sd))) };
    }
    const layers = mlpLayers(d, ls);
    const gi = glorotInit(layers, (seed + 1013 * (ci + 1)) >>> 0);
    return {
      v, kind: "mlp", k: layers[layers.length - 1],
      w: gi.weights.map((w, i) => variable(tf.tensor2d(Float32Array.from(w), [layers[i], layers[i + 1]]))),
      b: gi.biases.map((b) => variable(tf.tensor1d(Float32Array.from(b)))),
    };
  });
  const vars: tf.Variable[] = [...guideW, ...guideB, ...children.flatMap((c): tf.Variable[] => (c.kind === "linear" ? [c.coef, c.bias, c.logSd] : [...c.w, ...c.b]))];
  const optimizer = new FusedAdam(vars, options.lr ?? 1e-2);
  const priorMu = tf.tensor1d(priors.map((p) => p.mu)), priorSigma = tf.tensor1d(priors.map((p) => p.sigma));
  const obsIndex = new Map(obsNames.map((name, j) => [name, j]));

  const encode = (zin: tf.Tensor2D) => {
    const out = mlpForwardTf(zin, guideW, guideB, "tanh");
    const [loc, raw] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { loc, scale: tf.add(tf.softplus(raw), 1e-6) as tf.Tensor2D };
  };
  /** Sum over rows of -ELBO for m rows. */
  const negElbo = (x: tf.Tensor2D, zin: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar => {
    const { loc, scale } = encode(zin);
    const z = tf.add(loc, tf.mul(scale, eps)) as tf.Tensor2D;
    // KL(N(loc, scale) || N(mu, sigma)) = log(sigma/scale) + (scale^2 + (loc - mu)^2) / (2 sigma^2) - 1/2
    const kl = tf.sum(tf.sub(tf.add(tf.sub(tf.log(priorSigma), tf.log(scale)), tf.div(tf.add(tf.square(scale), tf.square(tf.sub(loc, priorMu))), tf.mul(2, tf.square(priorSigma)))), 0.5));
    let nll: tf.Scalar = tf.scalar(0);
    const m = x.shape[0];
    for (const c of children) {
      const ls = c.v.learned!;
      const feats = ls.featureParents.map((p) => (latentIndex.has(p!) ? tf.slice(z, [0, latentIndex.get(p!)!], [m, 1]) : tf.slice(x, [0, obsIndex.get(p!)!], [m, 1])));
      // A featureless linear mechanism (a root's intercept and sd) has no features to join: its mean is the bias alone.
      const F = feats.length === 0 ? undefined : feats.length === 1 ? feats[0] : tf.concat(feats, 1);
      const y = tf.reshape(tf.slice(x, [0, obsIndex.get(c.v.name)!], [m, 1]), [-1]) as tf.Tensor1D;
      if (c.kind === "linear") {
        const mean = F ? tf.add(tf.reshape(matMulFast(F as tf.Tensor2D, c.coef), [-1]), c.bias) : tf.add(tf.zeros([m]), c.bias);
        const zz = tf.div(tf.sub(y, mean), tf.exp(c.logSd));
        nll = tf.add(nll, tf.add(tf.mul(m, tf.add(c.logSd, HALF_LOG_2PI)), tf.mul(0.5, tf.sum(tf.square(zz)))));
      } else {
        if (!F) throw new Error(`the mlp mechanism of "${c.v.name}" reads no parent: an mlp needs at least one input`);
        nll = tf.add(nll, mlpNll(mlpForwardTf(F as tf.Tensor2D, c.w, c.b, ls.activation ?? "tanh"), y, ls.likelihood ?? "normal", c.k));
      }
    }
    return tf.add(nll, kl);
  };

  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const xb = new Float32Array(batch * P), zb = new Float32Array(batch * P);
  const history: number[] = [];
  let step = 0, stopped = false;
  const readParams = (): Record<string, ParamValue> => {
    const out: Record<string, ParamValue> = {};
    for (const c of children) {
      const p = c.v.learned!.params;
      if (c.kind === "linear") {
        out[p.coef!] = Float64Array.from([c.bias.dataSync()[0], ...c.coef.dataSync()]);
        out[p.sd!] = Math.exp(c.logSd.dataSync()[0]);
      } else {
        c.w.forEach((w, i) => { out[p.weights![i]] = Float64Array.from(w.dataSync()); });
        c.b.forEach((b, i) => { out[p.biases![i]] = Float64Array.from(b.dataSync()); });
      }
    }
    return out;
  };
  try {
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(order, rng);
      let sum = 0;
      for (let a = 0; a < n; a += batch) {
        if (options.shouldStop?.()) { stopped = true; break outer; }
        const m = Math.min(n, a + batch) - a;
        for (let r = 0; r < m; r++) { const i = order[a + r]; for (let j = 0; j < P; j++) { xb[r * P + j] = Xall[i * P + j]; zb[r * P + j] = Zin[i * P + j]; } }
        const s = step++;
        sum += tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, m * P), [m, P]), zin = tf.tensor2d(zb.subarray(0, m * P), [m, P]);
          const eps = tf.randomNormal([m, L], 0, 1, "float32", (seed * 7919 + s) >>> 0) as tf.Tensor2D;
          return optimizer.minimize(() => tf.div(negElbo(x, zin, eps), m) as tf.Scalar) * m;
        });
      }
      const loss = sum / n;
      if (!Number.isFinite(loss)) throw new CausalError(error("invalid-parameter", `SVI on model "${spec.name}" diverged in epoch ${epoch + 1} (negative ELBO ${loss}); lower the learning rate`));
      history.push(loss);
      options.onEpoch?.(epoch + 1, loss);
      await new Promise<void>((r) => setImmediate(r));
    }
    const params = readParams();
    const finalLoss = tf.tidy(() => {
      const eps = tf.randomNormal([n, L], 0, 1, "float32", seed >>> 0) as tf.Tensor2D;
      return negElbo(tf.tensor2d(Xall, [n, P]), tf.tensor2d(Zin, [n, P]), eps).dataSync()[0] / n;
    });
    // the guide as plain numbers, so the result outlives the variables
    const gw = guideW.map((w) => Float32Array.from(w.dataSync())), gb = guideB.map((b) => Float32Array.from(b.dataSync()));
    const posterior = (cols: ReadonlyMap<string, Float64Array>, rows: number) => {
      const zin = new Float32Array(rows * P);
      obsNames.forEach((name, j) => {
        const c = cols.get(name);
        if (!c) throw new CausalError(error("missing-column", `the guide needs the column "${name}"`));
        for (let i = 0; i < rows; i++) zin[i * P + j] = (c[i] - stats[j].mean) / stats[j].sd;
      });
      const [loc, scale] = tf.tidy(() => {
        const out = mlpForwardTf(tf.tensor2d(zin, [rows, P]), gw.map((w, i) => tf.tensor2d(w, [guideLayers[i], guideLayers[i + 1]])), gb.map((b) => tf.tensor1d(b)), "tanh");
        const [l, raw] = tf.split(out, 2, 1);
        return [l, tf.add(tf.softplus(raw), 1e-6)];
      });
      const r = { latents: latents.map((v) => v.name), loc: Float64Array.from(loc.dataSync()), scale: Float64Array.from(scale.dataSync()) };
      tf.dispose([loc, scale]);
      return r;
    };
    return { params, history, finalLoss, steps: step, backend, stopped, posterior };
  } finally {
    for (const v of vars) v.dispose();
    tf.dispose([priorMu, priorSigma]);
  }
}
