/**
 * mlp(features, { hidden, likelihood }): a neural location/scale net. Layers h_{i+1} = act(h_i W_i
 * + b_i) (W_i row-major [in][out]), the last layer linear; its outputs are (loc, raw scale) for a
 * normal likelihood (scale = softplus(raw) + 1e-6: additive noise, exact abduction), one logit for
 * bernoulli, `levels` logits for categorical (Gumbel-max counterfactuals). Initial weights are
 * Glorot-uniform from a seed derived from the variable's name, so a model file always starts from
 * the same values; a trainer draws its own from its seed.
 */
import { bernoulliColumns } from "../distributions/bernoulli";
import { categoricalColumns } from "../distributions/categorical";
import { normalColumns } from "../distributions/normal";
import { createRng } from "../random/rng";
import type { LearnedSpec } from "../runtime/model-spec";
import { type FamilyDefinition, learned, type LearnedMechanism, vectorParam } from "./learned-mechanism";

export interface MlpOptions {
  /** Hidden layer widths (default [32, 32]). */
  hidden?: readonly number[];
  /** default "tanh" */
  activation?: "tanh" | "relu";
  /** default "normal" */
  likelihood?: "normal" | "bernoulli" | "categorical";
  /** Categories of the child, for a categorical likelihood. */
  levels?: number;
}

/** Layer widths from the input's to the output's. */
export function mlpLayers(d: number, spec: Pick<LearnedSpec, "hidden" | "likelihood" | "levels">): number[] {
  const out = spec.likelihood === "bernoulli" ? 1 : spec.likelihood === "categorical" ? spec.levels! : 2;
  return [d, ...(spec.hidden ?? [32, 32]), out];
}

/** Glorot-uniform weights and zero biases for the layers, from `seed`. */
export function glorotInit(layers: readonly number[], seed: number): { weights: Float64Array[]; biases: Float64Array[] } {
  const rng = createRng(seed);
  const weights: Float64Array[] = [], biases: Float64Array[] = [];
  for (let i = 0; i + 1 < layers.length; i++) {
    const a = Math.sqrt(6 / (layers[i] + layers[i + 1]));
    weights.push(Float64Array.from({ length: layers[i] * layers[i + 1] }, () => (2 * rng.next() - 1) * a));
    biases.push(new Float64Array(layers[i + 1]));
  }
  return { weights, biases };
}

/** A seed from a name (FNV-1a), so a model's initial weights depend on nothing but the model file. */
export function nameSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The net's outputs for n rows of d features (n x out, row-major), in float64. */
export function mlpForward(x: Float64Array, n: number, layers: readonly number[], weights: readonly Float64Array[], biases: readonly Float64Array[], activation: "tanh" | "relu" = "tanh"): Float64Array {
  let h = x;
  for (let l = 0; l + 1 < layers.length; l++) {
    const a = layers[l], b = layers[l + 1], W = weights[l], B = biases[l], out = new Float64Array(n * b);
    const last = l + 2 === layers.length;
    for (let i = 0; i < n; i++) {
      const o = i * b;
      for (let j = 0; j < b; j++) out[o + j] = B[j];
      for (let k = 0; k < a; k++) {
        const v = h[i * a + k];
        if (v === 0) continue;
        const r = k * b;
        for (let j = 0; j < b; j++) out[o + j] += v * W[r + j];
      }
      if (!last) for (let j = 0; j < b; j++) out[o + j] = activation === "relu" ? Math.max(0, out[o + j]) : Math.tanh(out[o + j]);
    }
    h = out;
  }
  return h;
}

export const MLP: FamilyDefinition = {
  checkOptions(o) {
    if (o.hidden && !(Array.isArray(o.hidden) && o.hidden.every((w) => Number.isInteger(w) && w >= 1))) return `mlp needs { hidden: [widths] } of whole numbers >= 1, got ${JSON.stringify(o.hidden)}`;
    if (o.likelihood && !["normal", "bernoulli", "categorical"].includes(o.likelihood)) return `mlp's likelihood is "normal", "bernoulli" or "categorical", got ${JSON.stringify(o.likelihood)}`;
    if (o.activation && !["tanh", "relu"].includes(o.activation)) return `mlp's activation is "tanh" or "relu", got ${JSON.stringify(o.activation)}`;
    if (o.likelihood === "categorical" && !(Number.isInteger(o.levels) && o.levels! >= 2)) return `a categorical mlp needs { levels: k } with a whole k >= 2, got ${o.levels}`;
    return undefined;
  },
  params(v, d, s, range) {
    const layers = mlpLayers(d, s);
    const { weights, biases } = glorotInit(layers, nameSeed(v));
    const at = range ? { range } : {};
    const w = weights.map((_, i) => `${v}.w${i}`), b = biases.map((_, i) => `${v}.b${i}`);
    return {
      decls: weights.flatMap((wi, i) => [{ name: w[i], init: wi, ...at }, { name: b[i], init: biases[i], ...at }]),
      roles: { weights: w, biases: b },
    };
  },
  distribution(x, n, d, params, spec, v) {
    const layers = mlpLayers(d, spec);
    const weights = spec.params.weights!.map((name, i) => vectorParam(params, name, layers[i] * layers[i + 1], v));
    const biases = spec.params.biases!.map((name, i) => vectorParam(params, name, layers[i + 1], v));
    const out = mlpForward(x, n, layers, weights, biases, spec.activation);
    const k = layers[layers.length - 1];
    if (spec.likelihood === "bernoulli") {
      return bernoulliColumns(Float64Array.from(out, (e) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)))));
    }
    if (spec.likelihood === "categorical") {
      for (let i = 0; i < n; i++) {
        let m = -Infinity, z = 0;
        for (let r = 0; r < k; r++) m = Math.max(m, out[i * k + r]);
        for (let r = 0; r < k; r++) { out[i * k + r] = Math.exp(out[i * k + r] - m); z += out[i * k + r]; }
        for (let r = 0; r < k; r++) out[i * k + r] /= z;
      }
      return categoricalColumns(out, k);
    }
    const loc = new Float64Array(n), scale = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      loc[i] = out[2 * i];
      const r = out[2 * i + 1];
      scale[i] = (r > 30 ? r : Math.log1p(Math.exp(r))) + 1e-6;
    }
    return normalColumns(loc, scale);
  },
};

/**
 * A neural mechanism: an MLP from the features to the likelihood's parameters, trained by Adam.
 *
 *     .variable("y", mlp(({ x }) => ({ x }), { hidden: [64, 64] }))
 *     .variable("clicked", mlp(({ age, page }) => ({ age, page }), { likelihood: "bernoulli" }))
 */
export function mlp<V>(features: (parents: V) => Record<string, number>, options: MlpOptions & { likelihood: "bernoulli" }): LearnedMechanism<V, 0 | 1>;
export function mlp<V>(features: (parents: V) => Record<string, number>, options?: MlpOptions): LearnedMechanism<V, number>;
export function mlp<V>(features: (parents: V) => Record<string, number>, options: MlpOptions = {}): LearnedMechanism<V, number> {
  return learned<V, number>("mlp", features, { hidden: options.hidden ?? [32, 32], activation: options.activation ?? "tanh", likelihood: options.likelihood ?? "normal", ...(options.levels !== undefined ? { levels: options.levels } : {}) });
}

