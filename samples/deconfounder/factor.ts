/**
 * Factor models of the cast matrix (causes only), written here:
 *  - Poisson matrix factorisation (a_ij ~ Poisson(theta_i . beta_j), theta, beta >= 0) fitted by
 *    maximum likelihood with Lee & Seung's multiplicative updates, skipping held-out entries;
 *  - probabilistic PCA (Tipping & Bishop 1999) in closed form from the top-K eigenpairs of the
 *    actors' covariance (subspace iteration), with the posterior of each film's z.
 * And Wang & Blei's predictive check: hold out a random subset of entries, fit on the rest, compare
 * the held-out log-likelihood with that of data replicated from the fitted model (p-value).
 */
import { createRng, type Rng } from "causal-studio";
import { gammaSample, poissonSample } from "./data";

export interface Holdout {
  /** heldOut[i]: the sorted actor indices of film i's held-out entries. */
  rows: number[][];
  /** The held-out entries that are 1. */
  ones: number;
}

/** Holds out round(fraction * J) random entries of every row (Wang & Blei hold out entries, not rows). */
export function holdout(movies: number, actors: number, fraction: number, rng: Rng): Holdout {
  const m = Math.max(1, Math.round(fraction * actors));
  const rows: number[][] = [];
  for (let i = 0; i < movies; i++) {
    const s = new Set<number>();
    while (s.size < m) s.add(Math.floor(rng.next() * actors));
    rows.push([...s].sort((a, b) => a - b));
  }
  return { rows, ones: 0 };
}

export interface PmfFit { theta: Float64Array[]; beta: Float64Array[]; K: number; iterations: number; logLik: number }

/** Poisson MF by multiplicative updates on the entries not held out; cast[i] lists the 1s (counts[i] their values, default 1). */
/**
 * MAP with Gamma(shape a, rate b) priors on theta and beta (a > 1 keeps a film's weight on a factor
 * none of its observed cast belongs to off exactly 0; plain maximum likelihood puts it at 0 and then
 * scores a held-out 1 of that factor at log(0)). PRIOR: a - 1 and b for theta and beta. theta's
 * Gamma(1.3, 1) was chosen by held-out log-likelihood on the default data at K = 10 among shapes
 * 1.1, 1.3, 1.6 and 2 (one fit each: -4012, -3945, -4030, -4053): films with about five actors say
 * little about their factors, and a weaker prior overfits them.
 */
export const PRIOR = { theta: { a1: 0.3, b: 1 }, beta: { a1: 0.01, b: 1 } } as const;

export function fitPmf(cast: number[][], actors: number, K: number, options: { holdout?: Holdout; iterations?: number; seed?: number; counts?: number[][]; thetaA1?: number } = {}): PmfFit {
  const a1 = options.thetaA1 ?? PRIOR.theta.a1;
  const N = cast.length, J = actors, iters = options.iterations ?? 200;
  const rng = createRng(options.seed ?? 1);
  const ho = options.holdout?.rows ?? cast.map(() => []);
  const hoSet = ho.map((r) => new Set(r));
  // Observed nonzeros (not held out), their values.
  const obs: number[][] = [], val: number[][] = [];
  for (let i = 0; i < N; i++) {
    const o: number[] = [], v: number[] = [];
    cast[i].forEach((j, t) => { if (!hoSet[i].has(j)) { o.push(j); v.push(options.counts?.[i][t] ?? 1); } });
    obs.push(o); val.push(v);
  }
  // Held-out entries by column, for beta's denominator.
  const hoByCol: number[][] = Array.from({ length: J }, () => []);
  ho.forEach((r, i) => { for (const j of r) hoByCol[j].push(i); });
  const theta = Array.from({ length: N }, () => Float64Array.from({ length: K }, () => 0.5 + gammaSample(rng, 1)));
  const beta = Array.from({ length: J }, () => Float64Array.from({ length: K }, () => 0.01 * (0.5 + gammaSample(rng, 1))));
  const tiny = 1e-10;
  const numT = new Float64Array(K), numB = Array.from({ length: J }, () => new Float64Array(K));
  for (let it = 0; it < iters; it++) {
    // theta update
    const colSum = new Float64Array(K);
    for (let j = 0; j < J; j++) for (let k = 0; k < K; k++) colSum[k] += beta[j][k];
    for (let i = 0; i < N; i++) {
      numT.fill(0);
      const t = theta[i];
      obs[i].forEach((j, q) => {
        let lam = 0;
        for (let k = 0; k < K; k++) lam += t[k] * beta[j][k];
        const r = val[i][q] / (lam + tiny);
        for (let k = 0; k < K; k++) numT[k] += beta[j][k] * r;
      });
      for (let k = 0; k < K; k++) {
        let den = colSum[k];
        for (const j of ho[i]) den -= beta[j][k];
        t[k] = (t[k] * numT[k] + a1) / (den + PRIOR.theta.b) + tiny;
      }
    }
    // beta update
    const rowSum = new Float64Array(K);
    for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) rowSum[k] += theta[i][k];
    for (const nb of numB) nb.fill(0);
    for (let i = 0; i < N; i++) {
      const t = theta[i];
      obs[i].forEach((j, q) => {
        let lam = 0;
        for (let k = 0; k < K; k++) lam += t[k] * beta[j][k];
        const r = val[i][q] / (lam + tiny);
        for (let k = 0; k < K; k++) numB[j][k] += t[k] * r;
      });
    }
    for (let j = 0; j < J; j++) for (let k = 0; k < K; k++) {
      let den = rowSum[k];
      for (const i of hoByCol[j]) den -= theta[i][k];
      beta[j][k] = (beta[j][k] * numB[j][k] + PRIOR.beta.a1) / (den + PRIOR.beta.b) + tiny;
    }
  }
  return { theta, beta, K, iterations: iters, logLik: 0 };
}

const rate = (f: PmfFit, i: number, j: number) => { let s = 0; for (let k = 0; k < f.K; k++) s += f.theta[i][k] * f.beta[j][k]; return s; };
const logFact = (n: number) => { let s = 0; for (let k = 2; k <= n; k++) s += Math.log(k); return s; };

export interface PredictiveCheck {
  /** The average over films of each film's mid-p P(T_i(rep) < T_i(obs)) + P(T_i(rep) = T_i(obs)) / 2. */
  p: number;
  /** The same comparison with one statistic summed over all films. */
  globalP: number;
  observed: number; replicated: number[]; heldOut: number; heldOutOnes: number;
}

/**
 * Wang & Blei's check (their Section 3.2, written from the paper's description): the statistic of
 * film i is its held-out log-likelihood T_i = sum_{j held out} log Poisson(a_ij; theta_i . beta_j);
 * replicated data draw each held-out entry from the fitted model; a film's p-value compares its
 * observed T_i with the replicates' and the check's p is their average over films. A small p says
 * the held-out entries look worse than the model's own data: the factor model misfits. Held-out
 * statistics are discrete (most films' held-out entries are all 0), so each film's p is a mid-p.
 * `globalP` is the same comparison for the sum over films: far more powerful (thousands of entries
 * in one number), it also sees the plug-in fit's own estimation error (the replicates are drawn from
 * the fitted rates, not the true ones), so it rejects at large N even for a well-specified model.
 */
export function predictiveCheck(cast: number[][], fit: PmfFit, ho: Holdout, replicates: number, seed: number, counts?: number[][]): PredictiveCheck {
  const rng = createRng(seed);
  const ll = (v: number, lam: number) => v * Math.log(lam) - lam - logFact(v);
  const lams: Float64Array[] = [], obsT = new Float64Array(cast.length);
  let ones = 0, heldOut = 0;
  cast.forEach((c, i) => {
    const vals = new Map(c.map((j, t) => [j, counts?.[i][t] ?? 1]));
    const l = Float64Array.from(ho.rows[i], (j) => rate(fit, i, j));
    ho.rows[i].forEach((j, q) => { const v = vals.get(j) ?? 0; obsT[i] += ll(v, l[q]); if (v) ones++; });
    heldOut += l.length;
    lams.push(l);
  });
  const below = new Float64Array(cast.length), replicated: number[] = [];
  for (let r = 0; r < replicates; r++) {
    let total = 0;
    for (let i = 0; i < cast.length; i++) {
      let t = 0;
      for (const lam of lams[i]) t += ll(poissonSample(rng, lam), lam);
      total += t;
      const d = t - obsT[i];
      below[i] += Math.abs(d) < 1e-9 ? 0.5 : d < 0 ? 1 : 0;
    }
    replicated.push(total);
  }
  const observed = obsT.reduce((s, v) => s + v, 0);
  const p = below.reduce((s, v) => s + v / replicates, 0) / cast.length;
  const globalP = replicated.filter((t) => t < observed).length / replicates;
  return { p, globalP, observed, replicated, heldOut, heldOutOnes: ones };
}

export interface Ppca { mean: Float64Array; sigma2: number; eigenvalues: Float64Array; U: Float64Array[]; K: number }

/** PPCA by the closed form: the top-K eigenpairs of the covariance of the cast columns (subspace iteration). */
export function fitPpca(cast: number[][], actors: number, K: number, seed = 1, iterations = 150): Ppca {
  const N = cast.length, J = actors;
  const mean = new Float64Array(J);
  for (const c of cast) for (const j of c) mean[j] += 1 / N;
  const C = new Float64Array(J * J);
  for (const c of cast) for (const a of c) for (const b of c) C[a * J + b] += 1 / N;
  for (let a = 0; a < J; a++) for (let b = 0; b < J; b++) C[a * J + b] -= mean[a] * mean[b];
  let trace = 0;
  for (let a = 0; a < J; a++) trace += C[a * J + a];
  const rng = createRng(seed);
  let Q: Float64Array[] = Array.from({ length: K }, () => Float64Array.from({ length: J }, () => rng.normal()));
  const orth = (V: Float64Array[]) => {
    for (let k = 0; k < V.length; k++) {
      for (let l = 0; l < k; l++) { let d = 0; for (let j = 0; j < J; j++) d += V[k][j] * V[l][j]; for (let j = 0; j < J; j++) V[k][j] -= d * V[l][j]; }
      let n = 0; for (let j = 0; j < J; j++) n += V[k][j] ** 2; n = Math.sqrt(n);
      for (let j = 0; j < J; j++) V[k][j] /= n;
    }
    return V;
  };
  orth(Q);
  for (let it = 0; it < iterations; it++) {
    Q = orth(Q.map((q) => { const out = new Float64Array(J); for (let a = 0; a < J; a++) { let s = 0; const r = a * J; for (let b = 0; b < J; b++) s += C[r + b] * q[b]; out[a] = s; } return out; }));
  }
  // Rayleigh-Ritz on the subspace: eigen of Q'CQ (K x K) by Jacobi rotations.
  const CQ = Q.map((q) => { const out = new Float64Array(J); for (let a = 0; a < J; a++) { let s = 0; for (let b = 0; b < J; b++) s += C[a * J + b] * q[b]; out[a] = s; } return out; });
  const H = Array.from({ length: K }, (_, k) => Float64Array.from({ length: K }, (_, l) => { let s = 0; for (let j = 0; j < J; j++) s += Q[k][j] * CQ[l][j]; return s; }));
  const { values, vectors } = jacobiEigen(H);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]);
  const U = order.map((o) => { const u = new Float64Array(J); for (let k = 0; k < K; k++) for (let j = 0; j < J; j++) u[j] += vectors[k][o] * Q[k][j]; return u; });
  const eigenvalues = Float64Array.from(order.map((o) => values[o]));
  const sigma2 = (trace - eigenvalues.reduce((s, v) => s + v, 0)) / (J - K);
  return { mean, sigma2, eigenvalues, U, K };
}

function jacobiEigen(A0: Float64Array[]): { values: number[]; vectors: Float64Array[] } {
  const n = A0.length, A = A0.map((r) => Float64Array.from(r)), V = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i][j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(A[p][q]) < 1e-300) continue;
      const th = (A[q][q] - A[p][p]) / (2 * A[p][q]);
      const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1)), c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) { const akp = A[k][p], akq = A[k][q]; A[k][p] = c * akp - s * akq; A[k][q] = s * akp + c * akq; }
      for (let k = 0; k < n; k++) { const apk = A[p][k], aqk = A[q][k]; A[p][k] = c * apk - s * aqk; A[q][k] = s * apk + c * aqk; }
      for (let k = 0; k < n; k++) { const vkp = V[k][p], vkq = V[k][q]; V[k][p] = c * vkp - s * vkq; V[k][q] = s * vkp + c * vkq; }
    }
  }
  return { values: A.map((r, i) => r[i]), vectors: V };
}

/**
 * Each film's PPCA posterior z | a ~ N(M^-1 W'(a - mu), sigma^2 M^-1) with W = U (Lambda - sigma^2)^1/2,
 * M = W'W + sigma^2 I = Lambda: returns the posterior means, or one posterior draw per film (Wang &
 * Blei's substitute confounder is a draw, which keeps it from being an exact function of the causes).
 */
export function ppcaScores(f: Ppca, cast: number[][], draw?: Rng): Float64Array[] {
  const K = f.K, cols: Float64Array[] = Array.from({ length: K }, () => new Float64Array(cast.length));
  const umu = f.U.map((u) => u.reduce((s, v, j) => s + v * f.mean[j], 0));
  cast.forEach((c, i) => {
    for (let k = 0; k < K; k++) {
      const lam = f.eigenvalues[k], w = Math.sqrt(Math.max(lam - f.sigma2, 0));
      let proj = -umu[k];
      for (const j of c) proj += f.U[k][j];
      cols[k][i] = (w / lam) * proj + (draw ? Math.sqrt(f.sigma2 / lam) * draw.normal() : 0);
    }
  });
  return cols;
}

/**
 * Counts drawn from a Poisson MF itself (theta_ik ~ Gamma(0.5, 1), beta_jk ~ Gamma(0.5, 1) x scale):
 * a well-specified factor model, for the check's calibration. Returns cast lists and counts.
 */
export function simulatePmf(movies: number, actors: number, K: number, perMovie: number, seed: number): { cast: number[][]; counts: number[][] } {
  const rng = createRng(seed);
  const theta = Array.from({ length: movies }, () => Float64Array.from({ length: K }, () => gammaSample(rng, 0.5)));
  const beta = Array.from({ length: actors }, () => Float64Array.from({ length: K }, () => gammaSample(rng, 0.5)));
  const scale = perMovie / (actors * K * 0.25);
  const cast: number[][] = [], counts: number[][] = [];
  for (let i = 0; i < movies; i++) {
    const c: number[] = [], v: number[] = [];
    for (let j = 0; j < actors; j++) {
      let lam = 0;
      for (let k = 0; k < K; k++) lam += theta[i][k] * beta[j][k];
      const n = poissonSample(rng, scale * lam);
      if (n > 0) { c.push(j); v.push(n); }
    }
    cast.push(c); counts.push(v);
  }
  return { cast, counts };
}
