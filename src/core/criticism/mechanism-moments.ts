/**
 * The moment matrices of one linear-Gaussian mechanism, z = [1, features, child], read through a
 * StatisticsProvider: SQL over the columns when every feature is a parent's column, one streamed
 * pass computing the features otherwise. Features and child are centred at their pooled means
 * (a first pass) so the sums stay well conditioned; `uncentreMechanism` maps a centred fit back.
 */
import type { VariableSpec } from "../runtime/model-spec";
import { type MomentsRequest, olsFromMoments, type RowWeight, type StatisticsProvider, type GroupMoments } from "./statistics-provider";

export interface MechanismMoments {
  /** Features count d; matrices are (d + 2) x (d + 2) over [1, f - shift_f, y - shift_y]. */
  d: number;
  /** Centres of the d features and the child (length d + 1). */
  shift: Float64Array;
  groups: GroupMoments[];
}

function request(v: VariableSpec): MomentsRequest {
  const l = v.learned!;
  if (l.featureParents.every((p) => p !== undefined)) return { columns: [...(l.featureParents as string[]), v.name] };
  const d = l.features.length, child = v.name;
  return {
    columns: [...v.parents, child],
    features: { count: d + 1, of: (row) => { const f = l.featuresOf(row), out = new Float64Array(d + 1); out.set(f); out[d] = row[child]; return out; } },
  };
}

export async function mechanismMoments(stats: StatisticsProvider, v: VariableSpec, extra: { groupBy?: string; weights?: readonly RowWeight[] } = {}): Promise<MechanismMoments> {
  const d = v.learned!.features.length, base = request(v);
  const [raw] = await stats.moments(base);
  const shift = Float64Array.from({ length: d + 1 }, (_, j) => raw.m[0][j + 1] / raw.n);
  const groups = await stats.moments({ ...base, shift, ...(extra.groupBy ? { groupBy: extra.groupBy } : {}), ...(extra.weights ? { weights: extra.weights } : {}) });
  return { d, shift, groups };
}

/** A fit in centred coordinates: coefficients of [1, f - s_f] for y - s_y; rss; inverse X'X; rank; n (sum of weights). */
export function centredFit(m: Float64Array, d: number) {
  return olsFromMoments(m, d);
}

/** Centred coefficients to the mechanism's own: the intercept picks up s_y - sum c_j s_j. */
export function uncentreCoef(coef: readonly number[], shift: Float64Array): number[] {
  const d = coef.length - 1;
  let c0 = coef[0] + shift[d];
  for (let j = 0; j < d; j++) c0 -= coef[j + 1] * shift[j];
  return [c0, ...coef.slice(1)];
}

/** The variance factor of the mechanism's own coefficients, (X'X)^-1 in raw coordinates, from the centred inverse: T^-T inv T^-1. */
export function uncentreInverse(inv: Float64Array, featureShift: Float64Array): Float64Array {
  // raw z = T z_c, T = [[1, 0], [s, I]]; beta_raw = T^-T beta_c, so Cov_raw = T^-T Cov_c T^-1 with T^-T = [[1, -s'], [0, I]].
  const p = featureShift.length + 1, out = new Float64Array(p * p);
  const L = (a: number, b: number) => (a === b ? 1 : a === 0 && b > 0 ? -featureShift[b - 1] : 0);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let c = 0; c < p; c++) { const la = L(a, c); if (!la) continue; for (let e = 0; e < p; e++) { const lb = L(b, e); if (lb) s += la * inv[c * p + e] * lb; } }
    out[a * p + b] = s;
  }
  return out;
}
