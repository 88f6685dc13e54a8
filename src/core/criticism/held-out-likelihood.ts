/**
 * The held-out half of the posterior predictive check (posterior-predictive.ts): a seeded split of
 * the rows, each row's log-likelihood with the latent variables marginalised by importance sampling
 * from their prior (log-mean-exp of K likelihood weights; exact when nothing is latent), and the
 * tests that compare held-out with in-sample rows (a z test on the means, a rank-sum test).
 */
import { logLikelihood } from "../infer/log-likelihood";
import { createRng, shuffleInPlace } from "../random/rng";
import { ConditionHandler } from "../runtime/handlers/condition";
import { ScoreHandler } from "../runtime/handlers/score";
import { SeedHandler } from "../runtime/handlers/seed";
import { FACTUAL, type ModelSpec } from "../runtime/model-spec";
import type { ParamStore } from "../runtime/param-store";
import { runModel } from "../runtime/run-model";
import { Runtime } from "../runtime/runtime";
import { withParamValues } from "./do-prediction";
import { log10NormalTwoSided } from "./tail-probabilities";

/** A seeded split of `rows` rows: `heldOut` the first ceil(fraction * rows) of a permutation, both sorted. */
export function heldOutSplit(rows: number, fraction: number, seed: number): { inSample: Int32Array; heldOut: Int32Array } {
  const perm = Int32Array.from({ length: rows }, (_, i) => i), rng = createRng(seed);
  shuffleInPlace(perm, rng);
  const k = Math.min(rows - 1, Math.max(1, Math.ceil(fraction * rows)));
  return { heldOut: perm.slice(0, k).sort(), inSample: perm.slice(k).sort() };
}

export interface MarginalLogLikelihood {
  perRow: Float64Array;
  method: "exact" | "importance sampling";
  marginalised: string[];
  importanceSamples?: number;
  /** Per row, the importance weights' effective sample size (sum w)^2 / sum w^2 (importance sampling only). */
  effectiveSamples?: Float64Array;
}

/**
 * log p(observed columns of each row) with every variable that has no column marginalised by
 * importance sampling from its prior (K draws per row; see the file comment), or exactly when every
 * variable has a column. `columns` holds the observed variables' values, all of one length.
 */
export function marginalLogLikelihood(spec: ModelSpec, columns: ReadonlyMap<string, Float64Array>, options: { importanceSamples?: number; seed?: number; params?: ParamStore } = {}): MarginalLogLikelihood {
  const model = withParamValues(spec, options.params);
  const rows = columns.size ? [...columns.values()][0].length : 0;
  const marginalised = model.variables.filter((v) => !columns.has(v.name)).map((v) => v.name);
  if (marginalised.length === 0) {
    const data: Record<string, Float64Array> = {};
    for (const [k, c] of columns) data[k] = c;
    return { perRow: logLikelihood(model, data).perRow, method: "exact", marginalised };
  }
  const K = Math.max(1, Math.floor(options.importanceSamples ?? 256));
  const perRow = new Float64Array(rows), ess = new Float64Array(rows);
  const chunk = Math.max(1, Math.floor((1 << 16) / K));
  const rt = new Runtime(model.variables.map((v) => v.name)), rng = createRng(options.seed ?? 0);
  for (let start = 0; start < rows; start += chunk) {
    const m = Math.min(chunk, rows - start), observed: Record<string, Float64Array> = {};
    for (const [k, c] of columns) {
      const rep = new Float64Array(m * K);
      for (let i = 0; i < m; i++) rep.fill(c[start + i], i * K, (i + 1) * K);
      observed[k] = rep;
    }
    const { logWeight } = rt.run([new SeedHandler(rng), new ScoreHandler(), new ConditionHandler(observed, FACTUAL)], () => runModel(rt, model, m * K));
    for (let i = 0; i < m; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, logWeight[i * K + k]);
      if (max === -Infinity) { perRow[start + i] = -Infinity; ess[start + i] = 0; continue; }
      let s = 0, s2 = 0;
      for (let k = 0; k < K; k++) { const w = Math.exp(logWeight[i * K + k] - max); s += w; s2 += w * w; }
      perRow[start + i] = max + Math.log(s / K);
      ess[start + i] = (s * s) / s2;
    }
  }
  return { perRow, method: "importance sampling", marginalised, importanceSamples: K, effectiveSamples: ess };
}

/** log10 of the one-sided P(Z > z). */
export function log10UpperNormal(z: number): number {
  const two = log10NormalTwoSided(z);
  return z >= 0 ? two - Math.LOG10E * Math.LN2 : Math.log10(1 - 0.5 * 10 ** two);
}

export function meanAndSE(x: Float64Array, idx: Int32Array): { mean: number; se: number } {
  let s = 0;
  for (const i of idx) s += x[i];
  const m = s / idx.length;
  let ss = 0;
  for (const i of idx) ss += (x[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(ss / Math.max(1, idx.length - 1) / idx.length) };
}

/**
 * Mann-Whitney's standardised U for "a ranks above b" (normal approximation, tie-corrected):
 * U = #{a_i > b_j} + #{a_i = b_j} / 2 over all pairs.
 */
export function rankSumZ(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const na = a.length, nb = b.length, N = na + nb;
  const all = [...Array.from(a, (v) => ({ v, from: 0 })), ...Array.from(b, (v) => ({ v, from: 1 }))].sort((x, y) => (x.v < y.v ? -1 : x.v > y.v ? 1 : 0));
  let rankSumA = 0, ties = 0;
  for (let i = 0; i < N;) {
    let j = i;
    while (j + 1 < N && all[j + 1].v === all[i].v) j++;
    const t = j - i + 1, rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k].from === 0) rankSumA += rank;
    ties += t * t * t - t;
    i = j + 1;
  }
  const U = rankSumA - (na * (na + 1)) / 2;
  const variance = (na * nb / 12) * (N + 1 - ties / (N * (N - 1)));
  return variance > 0 ? (U - (na * nb) / 2) / Math.sqrt(variance) : 0;
}
