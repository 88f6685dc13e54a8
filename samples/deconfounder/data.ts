/**
 * The semi-synthetic "TMDB-like" movie data with a known truth (the real revenues cannot be
 * shipped; seeds.md section e). Every number of the truth is here.
 *
 * Movies i = 1..N, actors j = 1..J, K latent factors. Factor 0 is the planted franchise
 * ("Marvel-ness"): theta_i0 = FRANCHISE_RATE * F_i with F_i ~ Bernoulli(franchiseShare). Factors
 * k = 1..K-1 are genres/studios: theta_ik ~ Gamma(s, 1), s = TRUTH.genreShape = 0.2 (sparse memberships). Each
 * ordinary actor loads on one home factor h(j) with w_j ~ Gamma(5, 1/5) (mean 1); the franchise
 * cast (actors 0..franchiseActors-1, the first is the "Smulders-like" actor with beta = 0) loads on
 * factor 0 and on one genre factor (they work outside the franchise too). The cast is a_ij = 1[Poisson(scale * theta_ih(j) * w_j) >= 1], the generative model
 * of Poisson matrix factorisation (Gopalan et al.) with a binary read-out; `scale` is set so the mean
 * cast size is `actorsPerMovie`. The "Stan-Lee-like" actor (index franchiseActors) is in EVERY
 * franchise film and, as a cameo elsewhere, in `leeOutside` other films drawn at random.
 *
 * A single-cause confounder ("solo"): U_i ~ N(0, 1) adds actor SOLO to film i with probability
 * sigmoid(-4 + 1.5 U_i), and U raises revenue. Nothing else depends on U, so no factor model of
 * the cast can recover it (Imai & Jiang; Ogburn et al.).
 *
 *   y_i = sum_j beta_j a_ij + sum_{k>=1} gamma_k z_ik + GAMMA_F F_i + GAMMA_U U_i + eps_i,
 *   z_ik = (theta_ik - s) / sqrt(s) (standardised), eps_i ~ N(0, 1),
 *   beta_j ~ N(0, 0.3^2) for ordinary actors; franchise actors 0.3 except Smulders-like 0; Stan-Lee-like 0.
 *
 * Observed covariates (for M2): genre_k = 1[theta_ik > s] with each label flipped w.p. 0.1
 * (k = 1..K-1), the franchise indicator F, budget = 0.6 sum_k gamma_k z_ik / |gamma| + 0.8 N(0,1)
 * (a noisy proxy of the revenue-relevant genre mix) and runtime ~ N(110, 15) (irrelevant).
 */
import { createRng, type Rng } from "causal-studio";

export interface DataConfig {
  movies: number; actors: number; factors: number; actorsPerMovie: number;
  franchiseShare: number; franchiseActors: number; leeOutside: number; seed: number;
}
/** The size: 2,828 movies x 901 actors, about 5 actors per movie (14,023 / 2,828). */
export const FULL: DataConfig = { movies: 2828, actors: 901, factors: 10, actorsPerMovie: 5, franchiseShare: 0.03, franchiseActors: 8, leeOutside: 8, seed: 1805 };
/** The test's configuration. */
export const SMALL: DataConfig = { movies: 1000, actors: 200, factors: 5, actorsPerMovie: 5, franchiseShare: 0.05, franchiseActors: 6, leeOutside: 4, seed: 2019 };

export const TRUTH = { franchiseRate: 0.6, gammaF: 2.5, gammaU: 0.8, soloLogit: -4, soloU: 1.5, betaSd: 0.3, franchiseBeta: 0.3, genreShape: 0.2, noiseSd: 1 } as const;

export const SMULDERS = 0;
export const leeIndex = (c: DataConfig) => c.franchiseActors;
export const soloIndex = (c: DataConfig) => c.franchiseActors + 1;
/** The franchise actor with a positive effect (beta 0.3) used in the model file and the counterfactual. */
export const HERO = 1;

export interface Movies {
  config: DataConfig;
  /** cast[i]: the sorted actor indices of film i. */
  cast: number[][];
  y: Float64Array;
  /** Observed covariates. */
  genres: Uint8Array[]; franchise: Uint8Array; budget: Float64Array; runtime: Float64Array;
}
export interface Truth {
  beta: Float64Array; gamma: Float64Array; homeFactor: Int32Array;
  /** z[i][k-1] for k = 1..K-1 (standardised theta), F, U, eps. */
  z: Float64Array[]; U: Float64Array; eps: Float64Array;
}

export function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(rng.next() || 1e-300, 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = rng.normal(); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
export function poissonSample(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const L = Math.exp(-lambda);
  let k = 0, p = rng.next();
  while (p > L) { k++; p *= rng.next(); }
  return k;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * An intervention on the generator: do(genre_{k+1} := value) sets that observed label in every film
 * (the flip's random number is still drawn, so every other draw is the same). Used for the true
 * effect of a genre label, which is 0: the label is drawn after y and budget, from theta and an
 * independent flip, and nothing reads it.
 */
export interface GenreIntervention { genre: number; value: 0 | 1 }

export function generate(c: DataConfig, intervene?: GenreIntervention): { movies: Movies; truth: Truth } {
  const rng = createRng(c.seed);
  const K = c.factors, N = c.movies, J = c.actors, lee = leeIndex(c), solo = soloIndex(c);
  // Actors: home factors and loadings.
  const homeFactor = new Int32Array(J), w = new Float64Array(J), beta = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    homeFactor[j] = j < c.franchiseActors ? 0 : 1 + (j % (K - 1));
    w[j] = gammaSample(rng, 5) / 5;
    beta[j] = j < c.franchiseActors ? (j === SMULDERS ? 0 : TRUTH.franchiseBeta) : j === lee ? 0 : TRUTH.betaSd * rng.normal();
  }
  w[lee] = 0; // Stan-Lee-like: cast by rule, not by the factor model
  const gamma = new Float64Array(K - 1);
  for (let k = 0; k < K - 1; k++) gamma[k] = 0.5 * rng.normal();
  // Per factor: its actors and the cumulative loadings (to pick an actor in proportion to w_j).
  const members: number[][] = Array.from({ length: K }, () => []);
  for (let j = 0; j < J; j++) if (w[j] > 0) members[homeFactor[j]].push(j);
  // Franchise actors also work outside the franchise: each is in a genre's pool too (as Marvel's cast is).
  for (let j = 0; j < c.franchiseActors; j++) members[1 + (j % (K - 1))].push(j);
  const total = members.map((m) => m.reduce((s, j) => s + w[j], 0));
  // Films: memberships.
  const F = new Uint8Array(N), theta: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    F[i] = rng.next() < c.franchiseShare ? 1 : 0;
    const t = new Float64Array(K);
    t[0] = TRUTH.franchiseRate * F[i];
    for (let k = 1; k < K; k++) t[k] = gammaSample(rng, TRUTH.genreShape);
    theta.push(t);
  }
  // The scale giving the target cast size: E[cast] ~ scale * sum_k E[theta_k] W_k (small-rate limit).
  let expected = 0;
  for (let k = 1; k < K; k++) expected += TRUTH.genreShape * total[k];
  // Franchise films draw 0.7 x franchiseActors franchise castings: each franchise actor is in about half of them.
  const franchiseDraws = 0.7 * c.franchiseActors;
  const scale = (c.actorsPerMovie - c.franchiseShare * (franchiseDraws + 1)) / expected;
  const scaleF = franchiseDraws / (TRUTH.franchiseRate * total[0]);
  const cast: number[][] = [], U = new Float64Array(N), eps = new Float64Array(N), y = new Float64Array(N);
  const z: Float64Array[] = [];
  for (let i = 0; i < N; i++) {
    const set = new Set<number>();
    for (let k = 0; k < K; k++) {
      const n = poissonSample(rng, (k === 0 ? scaleF : scale) * theta[i][k] * total[k]);
      for (let r = 0; r < n; r++) {
        let u = rng.next() * total[k], idx = 0;
        while (idx < members[k].length - 1 && u > w[members[k][idx]]) { u -= w[members[k][idx]]; idx++; }
        set.add(members[k][idx]);
      }
    }
    if (F[i]) set.add(lee);
    U[i] = rng.normal();
    if (rng.next() < sigmoid(TRUTH.soloLogit + TRUTH.soloU * U[i])) set.add(solo);
    cast.push([...set].sort((a, b) => a - b));
    const zi = new Float64Array(K - 1);
    for (let k = 1; k < K; k++) zi[k - 1] = (theta[i][k] - TRUTH.genreShape) / Math.sqrt(TRUTH.genreShape);
    z.push(zi);
    eps[i] = TRUTH.noiseSd * rng.normal();
  }
  // Stan-Lee-like cameos outside the franchise.
  const outside = [...Array(N).keys()].filter((i) => !F[i]);
  for (let r = 0; r < c.leeOutside && outside.length; r++) {
    const i = outside.splice(Math.floor(rng.next() * outside.length), 1)[0];
    cast[i] = [...new Set([...cast[i], lee])].sort((a, b) => a - b);
  }
  const gnorm = Math.sqrt(gamma.reduce((s, g) => s + g * g, 0)) || 1;
  const genres: Uint8Array[] = [], budget = new Float64Array(N), runtime = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = eps[i] + TRUTH.gammaF * F[i] + TRUTH.gammaU * U[i], g = 0;
    for (const j of cast[i]) s += beta[j];
    const gi = new Uint8Array(K - 1);
    for (let k = 0; k < K - 1; k++) {
      s += gamma[k] * z[i][k];
      g += gamma[k] * z[i][k];
      gi[k] = (theta[i][k + 1] > TRUTH.genreShape ? 1 : 0) ^ (rng.next() < 0.1 ? 1 : 0);
      if (intervene && intervene.genre === k) gi[k] = intervene.value;
    }
    y[i] = s;
    genres.push(gi);
    budget[i] = (0.6 * g) / gnorm + 0.8 * rng.normal();
    runtime[i] = 110 + 15 * rng.normal();
  }
  return { movies: { config: c, cast, y, genres, franchise: F, budget, runtime }, truth: { beta, gamma, homeFactor, z, U, eps } };
}

/** The cast in long format: one (movie, actor) pair a line. */
export function castCsv(m: Movies): string {
  const lines = ["movie,actor"];
  m.cast.forEach((c, i) => { for (const j of c) lines.push(`${i},${j}`); });
  return lines.join("\n") + "\n";
}
/** One line per film: log revenue (standardised units) and the observed covariates. */
export function moviesCsv(m: Movies): string {
  const K1 = m.genres[0]?.length ?? 0;
  const lines = [["movie", "log_revenue", "franchise", "budget", "runtime", ...Array.from({ length: K1 }, (_, k) => `genre${k + 1}`)].join(",")];
  for (let i = 0; i < m.y.length; i++) lines.push([i, m.y[i].toFixed(3), m.franchise[i], m.budget[i].toFixed(3), m.runtime[i].toFixed(1), ...m.genres[i]].join(","));
  return lines.join("\n") + "\n";
}
