/**
 * The discrepancy statistics of the posterior predictive check (posterior-predictive.ts): a column's
 * mean, variance, skewness and excess kurtosis, the correlation of two columns, and which pairs of
 * observed variables to correlate (the adjacent pairs of the graph's projection onto them).
 */
import type { ModelSpec } from "../runtime/model-spec";

/** The moments of a column: mean, variance (n - 1), skewness, excess kurtosis. */
export function moments(x: Float64Array): { mean: number; variance: number; skewness: number; kurtosis: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d = x[i] - m, d2 = d * d; m2 += d2; m3 += d2 * d; m4 += d2 * d2; }
  m2 /= n; m3 /= n; m4 /= n;
  return { mean: m, variance: (m2 * n) / (n - 1), skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0, kurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : 0 };
}

export function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { sx += x[i]; sy += y[i]; }
  const mx = sx / n, my = sy / n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxx += a * a; syy += b * b; sxy += a * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * The adjacent pairs of the latent projection over the variables `observed`: observed parent-child
 * pairs, pairs joined by a directed path through unobserved variables only, and pairs sharing an
 * unobserved ancestor reached through unobserved variables only. Each pair once, in model order.
 */
export function projectedPairs(spec: ModelSpec, observed: ReadonlySet<string>): [string, string][] {
  const byName = new Map(spec.variables.map((v) => [v.name, v]));
  const order = new Map(spec.variables.map((v, i) => [v.name, i]));
  const seen = new Set<string>(), out: [string, string][] = [];
  const add = (a: string, b: string) => {
    const [p, q] = order.get(a)! < order.get(b)! ? [a, b] : [b, a], key = `${p}\u0000${q}`;
    if (p !== q && !seen.has(key)) { seen.add(key); out.push([p, q]); }
  };
  const latentAncestors = new Map<string, Set<string>>();
  for (const v of spec.variables) {
    if (!observed.has(v.name)) continue;
    const lat = new Set<string>(), stack = [...v.parents];
    while (stack.length) {
      const p = stack.pop()!;
      if (observed.has(p)) { add(p, v.name); continue; }
      if (lat.has(p)) continue;
      lat.add(p);
      stack.push(...(byName.get(p)?.parents ?? []));
    }
    latentAncestors.set(v.name, lat);
  }
  const names = [...latentAncestors.keys()];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) {
    const a = latentAncestors.get(names[i])!, b = latentAncestors.get(names[j])!;
    if ([...a].some((l) => b.has(l))) add(names[i], names[j]);
  }
  return out.sort((a, b) => order.get(a[1])! - order.get(b[1])! || order.get(a[0])! - order.get(b[0])!);
}
