/**
 * The parallel bandit's law, its arms, a hand-rolled pull simulator and the five best-arm
 * algorithms. The law is read from the SCM (parallel.causal.ts) by exact queries of the library
 * (`lawFromModel`): q_i = P(X_i = 1) and P(Y = 1 | do(X = x)) for full assignments x. The
 * simulator then draws pulls from that law with a seeded Rng (createRng), a few floating-point
 * operations per pull, because 1,000 runs x 24 values of m x 400 pulls would take hours through
 * the model's runtime. The test checks the simulator's draws against the model's own samples.
 *
 * Arms are numbered 2i + j for do(X_{i+1} = j) (i = 0..N-1, j = 0, 1) and 2N for the empty do().
 */
import { createRng, type Rng } from "causal-studio";

export interface BanditLaw {
  /** q_i = P(X_i = 1), i = 0..N-1. */
  q: Float64Array;
  /** P(Y = 1 | X1 = 0) and P(Y = 1 | X1 = 1); no other cause enters Y's mechanism (checked in lawFromModel). */
  pY: [number, number];
}

/** The model's query surface that lawFromModel uses (any parallelBandit(...) model). */
export interface QueryableModel {
  prob(event: Record<string, number>): { value: number; standardError: number };
  do(values: Record<string, number>): { prob(event: Record<string, number>, options?: { samples?: number; seed?: number }): { value: number; standardError: number } };
  variables: { name: string; parents: string[] }[];
}

/**
 * Reads the law from the SCM by exact queries (variable elimination): each P(X_i = 1), and
 * P(Y = 1 | do(X = x)) at `probes` random full assignments x. The probes must agree whenever
 * they share X1 (else the reward depends on another cause and this simulator does not apply).
 */
export function lawFromModel(model: QueryableModel, probes = 8, seed = 1): BanditLaw {
  const causes = model.variables.filter((v) => v.name !== "Y").map((v) => v.name);
  const q = Float64Array.from(causes, (c) => exact(model.prob({ [c]: 1 })));
  const rng = createRng(seed);
  const pY: [number, number] = [NaN, NaN];
  for (let k = 0; k < probes; k++) {
    const x: Record<string, number> = {};
    for (const c of causes) x[c] = rng.next() < 0.5 ? 1 : 0;
    x[causes[0]] = k % 2;
    const p = exact(model.do(x).prob({ Y: 1 }));
    if (Number.isNaN(pY[k % 2])) pY[k % 2] = p;
    else if (Math.abs(pY[k % 2] - p) > 1e-12) throw new Error(`P(Y = 1 | do(X)) depends on causes other than ${causes[0]}: ${pY[k % 2]} vs ${p}`);
  }
  return { q, pY };
}

function exact(e: { value: number; standardError: number }): number {
  if (e.standardError !== 0) throw new Error(`expected an exact answer, got ${e.value} ± ${e.standardError}`);
  return e.value;
}

/** The paper's environment in closed form (q_i = 0 for i < m, else 0.5; pY = [0.5 - eps q1/(1-q1), 0.5 + eps]). */
export function closedFormLaw(n: number, m: number, epsilon: number): BanditLaw {
  const q = Float64Array.from({ length: n }, (_, i) => (i < m ? 0 : 0.5));
  return { q, pY: [0.5 - (epsilon * q[0]) / (1 - q[0]), 0.5 + epsilon] };
}

export const armCount = (law: BanditLaw) => 2 * law.q.length + 1;

export function armLabel(arm: number, n: number): string {
  return arm === 2 * n ? "do()" : `do(X${(arm >> 1) + 1} = ${arm & 1})`;
}

/** The do() assignment of an arm, as a Query takes it. */
export function armAssignment(arm: number, n: number): Record<string, number> {
  return arm === 2 * n ? {} : { [`X${(arm >> 1) + 1}`]: arm & 1 };
}

/** E[Y | do(a)] for every arm, exactly: P(X1 = 1 | do(a)) pY[1] + P(X1 = 0 | do(a)) pY[0]. */
export function armRewards(law: BanditLaw): Float64Array {
  const n = law.q.length;
  const natural = law.q[0] * law.pY[1] + (1 - law.q[0]) * law.pY[0];
  const mu = new Float64Array(2 * n + 1).fill(natural);
  mu[0] = law.pY[0];
  mu[1] = law.pY[1];
  return mu;
}

/** m(q) = min{tau : |{i : min(q_i, 1 - q_i) < 1/tau}| <= tau} (the paper's eq. for the parallel bandit). */
export function mOfQ(q: ArrayLike<number>): number {
  const n = q.length;
  for (let tau = 1; tau <= n; tau++) {
    let count = 0;
    for (let i = 0; i < n; i++) if (Math.min(q[i], 1 - q[i]) < 1 / tau) count++;
    if (count <= tau) return tau;
  }
  return n;
}

/** Index of the largest value; ties broken uniformly at random (reservoir sampling), NaN never wins. */
export function argmaxRandom(v: ArrayLike<number>, rng: Rng, active?: ArrayLike<number>): number {
  let best = -1, bestV = -Infinity, ties = 0;
  for (let a = 0; a < v.length; a++) {
    if (active && !active[a]) continue;
    const x = v[a];
    if (x > bestV) { bestV = x; best = a; ties = 1; }
    else if (x === bestV && rng.next() * ++ties < 1) best = a;
  }
  return best;
}

/** Index of the first largest value (NumPy's argmax): with arms numbered 2i + j, do(X1 = 1) wins every tie but one with do(X1 = 0). */
export function argmaxFirst(v: ArrayLike<number>): number {
  let best = -1, bestV = -Infinity;
  for (let a = 0; a < v.length; a++) if (v[a] > bestV) { bestV = v[a]; best = a; }
  return best;
}

/** How an algorithm's final argmax breaks ties: uniformly at random, or the first arm. */
export type Ties = "random" | "first";

/** Pulls of the bandit: Y (and, for the observational pull, every X) drawn from the law. */
export class Simulator {
  readonly n: number;
  /** Indices of causes with 0 < q_i < 1 (the others are constant and cost nothing to draw). */
  private readonly random: Int32Array;
  readonly x: Uint8Array;
  constructor(readonly law: BanditLaw, readonly rng: Rng) {
    this.n = law.q.length;
    this.random = Int32Array.from([...law.q.keys()].filter((i) => law.q[i] > 0 && law.q[i] < 1));
    this.x = Uint8Array.from(law.q, (v) => (v >= 1 ? 1 : 0));
  }

  /** One pull of do(): fills this.x with the causes' values and returns Y. */
  observe(): number {
    const { q } = this.law, x = this.x, r = this.random, rng = this.rng;
    for (let k = 0; k < r.length; k++) { const i = r[k]; x[i] = rng.next() < q[i] ? 1 : 0; }
    return rng.next() < this.law.pY[x[0]] ? 1 : 0;
  }

  /** One pull of an arm: Y only (the causes other than X1 do not enter Y's law). */
  pull(arm: number): number {
    const { q, pY } = this.law, rng = this.rng;
    const x1 = arm === 0 || arm === 1 ? arm : q[0] > 0 && q[0] < 1 ? (rng.next() < q[0] ? 1 : 0) : q[0] >= 1 ? 1 : 0;
    return rng.next() < pY[x1] ? 1 : 0;
  }
}

export type Algorithm = "parallel" | "successive_rejects" | "ucb" | "thompson" | "uniform";
export const ALGORITHMS: Algorithm[] = ["parallel", "successive_rejects", "ucb", "thompson", "uniform"];

/**
 * Algorithm 1 (Parallel) of Lattimore, Lattimore & Reid (2016): floor(T/2) pulls of do(); every
 * E[Y | do(X_i = j)] estimated by E[Y | X_i = j]; m-hat = m(q-hat); the rare arms A = {a : p-hat_a <=
 * 1/m-hat} each pulled floor((T - T/2)/|A|) times and their estimates replaced by those means. When
 * no arm is rare the second half is spent on do() too. Returns the arm of the largest estimate.
 */
export function parallel(sim: Simulator, T: number, ties: Ties = "random"): number {
  const n = sim.n, h = Math.floor(T / 2), x = sim.x;
  const ones = new Float64Array(n), yOnes = new Float64Array(n);
  let ySum = 0, rounds = 0;
  const observe = (count: number) => {
    for (let t = 0; t < count; t++) {
      const y = sim.observe();
      ySum += y;
      for (let i = 0; i < n; i++) if (x[i]) { ones[i]++; yOnes[i] += y; }
    }
    rounds += count;
  };
  observe(h);
  const qHat = Float64Array.from(ones, (c) => c / h);
  const mHat = mOfQ(qHat);
  const K = 2 * n + 1;
  const mu = new Float64Array(K), p = new Float64Array(K);
  const rare: number[] = [];
  for (let a = 0; a < K; a++) p[a] = a === 2 * n ? 1 : a & 1 ? qHat[a >> 1] : 1 - qHat[a >> 1];
  for (let a = 0; a < K; a++) if (p[a] <= 1 / mHat) rare.push(a);
  if (rare.length === 0) observe(T - h);
  for (let i = 0; i < n; i++) {
    const c1 = ones[i], c0 = rounds - c1;
    mu[2 * i + 1] = c1 > 0 ? yOnes[i] / c1 : 0;
    mu[2 * i] = c0 > 0 ? (ySum - yOnes[i]) / c0 : 0;
  }
  mu[2 * n] = ySum / rounds;
  if (rare.length > 0) {
    const each = Math.floor((T - h) / rare.length);
    for (const a of rare) {
      if (each === 0) continue;
      let s = 0;
      for (let t = 0; t < each; t++) s += sim.pull(a);
      mu[a] = s / each;
    }
  }
  return ties === "random" ? argmaxRandom(mu, sim.rng) : argmaxFirst(mu);
}

/** logbar(K) = 1/2 + sum_{i=2}^K 1/i (Audibert & Bubeck 2010). */
export function logBar(K: number): number {
  let s = 0.5;
  for (let i = 2; i <= K; i++) s += 1 / i;
  return s;
}

/**
 * Successive Rejects (Audibert & Bubeck 2010): K - 1 phases; in phase k every surviving arm is pulled
 * up to n_k = ceil((T - K) / (logbar(K) (K + 1 - k))) times in all, then the arm of the lowest
 * empirical mean is rejected (ties at random). Returns the survivor. Never uses the causes.
 */
export function successiveRejects(sim: Simulator, T: number): number {
  const K = 2 * sim.n + 1, lb = logBar(K);
  const active = new Uint8Array(K).fill(1), sum = new Float64Array(K), neg = new Float64Array(K);
  let prev = 0;
  for (let k = 1; k < K; k++) {
    const nk = Math.ceil((T - K) / (lb * (K + 1 - k)));
    for (let a = 0; a < K; a++) {
      if (!active[a]) continue;
      for (let t = prev; t < nk; t++) sum[a] += sim.pull(a);
      neg[a] = nk > 0 ? -sum[a] / nk : 0;
    }
    prev = nk;
    active[argmaxRandom(neg, sim.rng, active)] = 0;
  }
  return active.indexOf(1);
}

/** Uniform allocation: floor(T/K) pulls of every arm and one more for T mod K arms drawn at random; returns the empirical best. */
export function uniformAllocation(sim: Simulator, T: number): number {
  const K = 2 * sim.n + 1, rng = sim.rng;
  const base = Math.floor(T / K);
  const pulls = new Int32Array(K).fill(base);
  // The T mod K extra pulls go to a random subset (a partial Fisher-Yates shuffle).
  const order = Int32Array.from({ length: K }, (_, a) => a);
  for (let k = 0; k < T - base * K; k++) {
    const j = k + Math.floor(rng.next() * (K - k));
    const t = order[k]; order[k] = order[j]; order[j] = t;
    pulls[order[k]]++;
  }
  const mu = new Float64Array(K);
  for (let a = 0; a < K; a++) {
    let s = 0;
    for (let t = 0; t < pulls[a]; t++) s += sim.pull(a);
    mu[a] = pulls[a] > 0 ? s / pulls[a] : -Infinity;
  }
  return argmaxRandom(mu, rng);
}

/**
 * alpha-UCB with alpha = 2 (Bubeck & Cesa-Bianchi 2012, section 2.2): every arm once, then the arm of
 * the largest mu-hat + sqrt(alpha ln t / (2 n_a)) = mu-hat + sqrt(ln t / n_a). Returns the empirical best.
 */
export function ucb(sim: Simulator, T: number, alpha = 2): number {
  const K = 2 * sim.n + 1, rng = sim.rng;
  const sum = new Float64Array(K), count = new Float64Array(K), index = new Float64Array(K);
  // mean_a and 1/sqrt(n_a), updated only for the arm pulled; the bonus is sqrt(alpha ln t / 2) / sqrt(n_a).
  const mean = new Float64Array(K), invSqrt = new Float64Array(K);
  const record = (a: number) => { sum[a] += sim.pull(a); count[a]++; mean[a] = sum[a] / count[a]; invSqrt[a] = 1 / Math.sqrt(count[a]); };
  let t = 0;
  for (let a = 0; a < K && t < T; a++, t++) record(a);
  for (; t < T; t++) {
    const bonus = Math.sqrt((alpha * Math.log(t)) / 2);
    for (let a = 0; a < K; a++) index[a] = mean[a] + bonus * invSqrt[a];
    record(argmaxRandom(index, rng));
  }
  for (let a = 0; a < K; a++) index[a] = count[a] > 0 ? sum[a] / count[a] : -Infinity;
  return argmaxRandom(index, rng);
}

/**
 * A Gamma(shape, 1) draw for shape >= 1 by Marsaglia & Tsang (2000): d = shape - 1/3, c = 1/sqrt(9d),
 * x standard normal, v = (1 + c x)^3, accepted when u < 1 - 0.0331 x^4 (the squeeze) or
 * log u < x^2/2 + d - d v + d log v; returns d v. About one normal and one uniform per draw.
 */
export function gammaDraw(shape: number, rng: Rng): number {
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Beta(a, b) draw: U for Beta(1, 1), 1 - U^(1/b) for Beta(1, b), U^(1/a) for Beta(a, 1) (inverse CDFs),
 * else G_a / (G_a + G_b) with two gammaDraw's.
 */
export function betaDraw(a: number, b: number, rng: Rng): number {
  if (a === 1) return b === 1 ? rng.next() : 1 - Math.pow(rng.next(), 1 / b);
  if (b === 1) return Math.pow(rng.next(), 1 / a);
  const g1 = gammaDraw(a, rng), g2 = gammaDraw(b, rng);
  return g1 / (g1 + g2);
}

/**
 * Thompson sampling with independent Beta(1, 1) priors (Bernoulli rewards): each round draws
 * theta_a ~ Beta(1 + successes, 1 + failures) (betaDraw) and
 * pulls the largest. Returns the empirical best of the pulled arms.
 */
export function thompson(sim: Simulator, T: number): number {
  const K = 2 * sim.n + 1, rng = sim.rng;
  const s = new Int32Array(K), f = new Int32Array(K), theta = new Float64Array(K);
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < K; a++) theta[a] = betaDraw(1 + s[a], 1 + f[a], rng);
    const a = argmaxRandom(theta, rng);
    if (sim.pull(a)) s[a]++; else f[a]++;
  }
  for (let a = 0; a < K; a++) theta[a] = s[a] + f[a] > 0 ? s[a] / (s[a] + f[a]) : -Infinity;
  return argmaxRandom(theta, rng);
}

export const RUNNERS: Record<Algorithm, (sim: Simulator, T: number) => number> = {
  parallel: (sim, T) => parallel(sim, T), successive_rejects: successiveRejects, ucb, thompson, uniform: uniformAllocation,
};

export interface RegretEstimate { mean: number; se: number; runs: number }

/** Simple regret mu* - mu(chosen arm), averaged over runs, each run with its own seeded stream. */
export function simpleRegret(law: BanditLaw, algorithm: Algorithm, T: number, runs: number, seed: number, ties: Ties = "random"): RegretEstimate {
  const mu = armRewards(law);
  const best = Math.max(...mu);
  const rng = createRng(seed);
  const sim = new Simulator(law, rng);
  const run = algorithm === "parallel" && ties === "first" ? (s: Simulator, t: number) => parallel(s, t, "first") : RUNNERS[algorithm];
  let s = 0, s2 = 0;
  for (let r = 0; r < runs; r++) {
    const g = best - mu[run(sim, T)];
    s += g; s2 += g * g;
  }
  const mean = s / runs;
  const varr = runs > 1 ? Math.max(0, (s2 - runs * mean * mean) / (runs - 1)) : 0;
  return { mean, se: Math.sqrt(varr / runs), runs };
}
