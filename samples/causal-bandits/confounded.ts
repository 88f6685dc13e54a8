/**
 * The confounded variant (confounded.causal.ts): Algorithm 1 as written (E[Y | do(X_i = j)] read off
 * E[Y | X_i = j], "naive") against the same algorithm adjusting each arm's estimate for the set the
 * graph engine returns (minimalAdjustmentSets on the model's graph; back-door formula
 * sum_s P(s) E[Y | X_i = j, S = s]). Truth: every arm's E[Y | do(a)] by the library's exact
 * variable elimination on the model. Pulls are drawn from the law read from the model by exact
 * queries, like bandit.ts.
 */
import { CausalGraph, createRng, minimalAdjustmentSets, type Rng } from "causal-studio";
import { argmaxRandom, armAssignment, armLabel, mOfQ, type QueryableModel } from "./bandit";

export interface ConfoundedLaw {
  /** P(Z = 1). */
  pZ: number;
  /** P(X_i = 1 | Z = z): q[z][i]. */
  q: [Float64Array, Float64Array];
  /** P(Y = 1 | X1 = x1, Z = z): pY[z][x1]. */
  pY: [[number, number], [number, number]];
}

interface ConditionableModel extends QueryableModel {
  condition(values: Record<string, number>): { prob(event: Record<string, number>): { value: number; standardError: number } };
}

const exact = (e: { value: number; standardError: number }) => {
  if (e.standardError !== 0) throw new Error(`expected an exact answer, got ${e.value} ± ${e.standardError}`);
  return e.value;
};

/**
 * The law by exact queries: P(Z = 1), P(X_i = 1 | Z = z), and P(Y = 1 | do(Z = z, X = x)) at random
 * full assignments, which must agree whenever they share (z, x1) (else Y reads more than X1 and Z).
 */
export function confoundedLawFromModel(model: ConditionableModel, probes = 8, seed = 2): ConfoundedLaw {
  const causes = model.variables.filter((v) => v.name !== "Y" && v.name !== "Z").map((v) => v.name);
  const pZ = exact(model.prob({ Z: 1 }));
  const q: [Float64Array, Float64Array] = [0, 1].map((z) => Float64Array.from(causes, (c) => exact(model.condition({ Z: z }).prob({ [c]: 1 })))) as [Float64Array, Float64Array];
  const pY: [[number, number], [number, number]] = [[NaN, NaN], [NaN, NaN]];
  const rng = createRng(seed);
  for (let k = 0; k < 4 * probes; k++) {
    const z = k & 1, x1 = (k >> 1) & 1;
    const x: Record<string, number> = { Z: z };
    for (const c of causes) x[c] = rng.next() < 0.5 ? 1 : 0;
    x[causes[0]] = x1;
    const p = exact(model.do(x).prob({ Y: 1 }));
    if (Number.isNaN(pY[z][x1])) pY[z][x1] = p;
    else if (Math.abs(pY[z][x1] - p) > 1e-12) throw new Error(`P(Y = 1 | do(Z, X)) depends on more than Z and ${causes[0]}`);
  }
  return { pZ, q, pY };
}

/** Every arm's E[Y | do(a)] by exact queries on the model (arms numbered as in bandit.ts). */
export function exactArmRewards(model: QueryableModel, n: number): Float64Array {
  return Float64Array.from({ length: 2 * n + 1 }, (_, a) => exact(model.do(armAssignment(a, n)).prob({ Y: 1 })));
}

/** The graph engine's adjustment set for each cause X_i -> Y (the first minimal set; [] for do()). */
export function adjustmentSets(model: { graph(): Parameters<typeof CausalGraph.from>[0] }, n: number): string[][] {
  const g = CausalGraph.from(model.graph());
  return Array.from({ length: n }, (_, i) => {
    const sets = minimalAdjustmentSets(g, [`X${i + 1}`], ["Y"]);
    if (sets.length === 0) throw new Error(`no adjustment set for X${i + 1} -> Y`);
    return [...sets].sort((a, b) => a.length - b.length)[0];
  });
}

/** Rows of observed values: column 0 is Z, 1..N the causes, N + 1 the reward. */
export class ConfoundedSimulator {
  readonly n: number;
  constructor(readonly law: ConfoundedLaw, readonly rng: Rng) { this.n = law.q[0].length; }

  /** One pull of do(): writes Z, X1..XN, Y into row. */
  observe(row: Uint8Array): void {
    const { law, rng, n } = this;
    const z = rng.next() < law.pZ ? 1 : 0;
    row[0] = z;
    for (let i = 0; i < n; i++) row[1 + i] = rng.next() < law.q[z][i] ? 1 : 0;
    row[n + 1] = rng.next() < law.pY[z][row[1]] ? 1 : 0;
  }

  /** One pull of an arm: Y. */
  pull(arm: number): number {
    const { law, rng, n } = this;
    const z = rng.next() < law.pZ ? 1 : 0;
    const x1 = arm === 0 || arm === 1 ? arm : rng.next() < law.q[z][0] ? 1 : 0;
    void n;
    return rng.next() < law.pY[z][x1] ? 1 : 0;
  }
}

/**
 * Algorithm 1 on the confounded bandit. `sets` null: naive (E[Y | X_i = j]); else sets[i] is the
 * adjustment set of X_i (names among Z, X1..XN) and the estimate is sum_s P(s) E[Y | X_i = j, S = s]
 * over the strata seen with X_i = j (weights renormalised over those strata if one is empty).
 */
export function parallelConfounded(sim: ConfoundedSimulator, T: number, sets: string[][] | null): number {
  const n = sim.n, width = n + 2, h = Math.floor(T / 2);
  const rows = new Uint8Array(T * width);
  let count = 0;
  const observe = (k: number) => { for (let t = 0; t < k; t++) sim.observe(rows.subarray(count * width, ++count * width)); };
  observe(h);
  const qHat = new Float64Array(n);
  for (let r = 0; r < h; r++) for (let i = 0; i < n; i++) qHat[i] += rows[r * width + 1 + i] / h;
  const mHat = mOfQ(qHat);
  const K = 2 * n + 1;
  const p = Float64Array.from({ length: K }, (_, a) => (a === 2 * n ? 1 : a & 1 ? qHat[a >> 1] : 1 - qHat[a >> 1]));
  const rare = [...p.keys()].filter((a) => p[a] <= 1 / mHat);
  if (rare.length === 0) observe(T - h);
  const col = (name: string) => (name === "Z" ? 0 : Number(name.slice(1)));
  const mu = new Float64Array(K);
  let ySum = 0;
  for (let r = 0; r < count; r++) ySum += rows[r * width + n + 1];
  mu[2 * n] = ySum / count;
  for (let a = 0; a < 2 * n; a++) {
    const i = a >> 1, j = a & 1, xc = 1 + i;
    const adj = sets ? sets[i].map(col) : [];
    // Strata of the adjustment set, keyed by its values' bits: counts of S = s, of (X_i = j, S = s) and their Y sums.
    const ns = new Float64Array(1 << adj.length), nj = new Float64Array(1 << adj.length), yj = new Float64Array(1 << adj.length);
    for (let r = 0; r < count; r++) {
      const o = r * width;
      let s = 0;
      for (let k = 0; k < adj.length; k++) s |= rows[o + adj[k]] << k;
      ns[s]++;
      if (rows[o + xc] === j) { nj[s]++; yj[s] += rows[o + n + 1]; }
    }
    let est = 0, w = 0;
    for (let s = 0; s < ns.length; s++) if (nj[s] > 0) { est += (ns[s] / count) * (yj[s] / nj[s]); w += ns[s] / count; }
    mu[a] = w > 0 ? est / w : 0;
  }
  if (rare.length > 0) {
    const each = Math.floor((T - h) / rare.length);
    for (const a of rare) {
      if (each === 0) continue;
      let s = 0;
      for (let t = 0; t < each; t++) s += sim.pull(a);
      mu[a] = s / each;
    }
  }
  return argmaxRandom(mu, sim.rng);
}

export interface ConfoundedResult {
  naive: number;
  adjusted: number;
  naiveSe: number;
  adjustedSe: number;
  /** How often each picks the best arm. */
  naiveBestRate: number;
  adjustedBestRate: number;
  /** The arm naive Parallel picks most often. */
  naiveMode: string;
  runs: number;
  T: number;
}

export function confoundedExperiment(law: ConfoundedLaw, truth: Float64Array, sets: string[][], T: number, runs: number, seed: number): ConfoundedResult {
  const n = law.q[0].length;
  const best = Math.max(...truth);
  const out = (adjust: boolean) => {
    const sim = new ConfoundedSimulator(law, createRng(seed + (adjust ? 1 : 0)));
    let s = 0, s2 = 0, hits = 0;
    const picks = new Float64Array(2 * n + 1);
    for (let r = 0; r < runs; r++) {
      const a = parallelConfounded(sim, T, adjust ? sets : null);
      const g = best - truth[a];
      s += g; s2 += g * g; picks[a]++;
      if (g === 0) hits++;
    }
    const mean = s / runs;
    return { mean, se: Math.sqrt(Math.max(0, s2 / runs - mean * mean) / Math.max(1, runs - 1)), rate: hits / runs, mode: armLabel(argmaxRandom(picks, createRng(0)), n) };
  };
  const naive = out(false), adjusted = out(true);
  return { naive: naive.mean, adjusted: adjusted.mean, naiveSe: naive.se, adjustedSe: adjusted.se, naiveBestRate: naive.rate, adjustedBestRate: adjusted.rate, naiveMode: naive.mode, runs, T };
}
