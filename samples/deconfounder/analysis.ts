/**
 * The deconfounder pipeline on the TMDB-like data (data.ts): factor models of the cast, the
 * predictive check, the substitute confounder, the four estimators of the actor effects against
 * the known beta, and the critiques' numbers.
 */
import { createRng } from "causal-studio";
import { fitPmf, fitPpca, holdout, ppcaScores, predictiveCheck, type PmfFit, type PredictiveCheck } from "./factor";
import { type DataConfig, FULL, generate, HERO, leeIndex, type Movies, SMULDERS, soloIndex, type Truth, TRUTH } from "./data";
import { type Design, type Fit, ols, predict, rSquared, spearman } from "./regress";

export interface RunConfig {
  data: DataConfig;
  /** The factor models' K. */
  K: number;
  pmfIterations: number;
  holdoutFraction: number;
  replicates: number;
  /** Other K at which to run the check (the same held-out entries). */
  kSweep: number[];
}
export const DEFAULT: RunConfig = {
  data: FULL, K: 10, pmfIterations: 150, holdoutFraction: 0.05, replicates: 200, kSweep: [1, 3],
};

export const ESTIMATORS = ["deconfounder_pmf", "deconfounder_ppca", "naive", "m2", "oracle"] as const;
export type Estimator = (typeof ESTIMATORS)[number];
export const ESTIMATOR_NAMES: Record<Estimator, string> = {
  deconfounder_pmf: "deconfounder (PMF Z-hat)", deconfounder_ppca: "deconfounder (PPCA Z-hat)", naive: "naive (all causes)", m2: "M2 (observed covariates)", oracle: "oracle (true Z, F)",
};

export interface EstimatorResult {
  beta: Float64Array; se: Float64Array;
  /** rmse to the true beta over every actor but the single-cause-confounded one. */
  rmse: number; spearman: number;
  smulders: number; smuldersSe: number; stanLee: number; stanLeeSe: number;
  /** The Stan-Lee-like actor's implied total contribution: beta-hat x films (log-revenue units summed over his films). */
  stanLeeTotal: number;
}
export interface Overlap {
  /** Per substitute confounder: R^2 of each column of Z-hat regressed on the cast; max and mean. */
  maxR2: number; meanR2: number;
  /** Median over actors of se(deconfounder) / se(naive). */
  seInflation: number;
  fires: boolean;
}
export interface Report {
  config: RunConfig;
  films: number; actors: number; pairs: number; franchiseFilms: number; leeFilms: number; smuldersFilms: number; soloFilms: number;
  check: PredictiveCheck;
  /** The check at each K of kSweep and at K: per-film p, global p, observed held-out log-likelihood. */
  sweep: { K: number; p: number; globalP: number; heldOutLogLik: number }[];
  /** The check on a well-specified factor model: the same PMF fitted to counts drawn from itself. */
  effects: Record<Estimator, EstimatorResult>;
  truth: { smulders: number; stanLee: number; solo: number };
  overlap: { pmf: Overlap; ppca: Overlap; degenerate: Overlap };
  /** R^2 of the true confounding term sum_k gamma_k z_ik + gamma_F F_i regressed on each Z-hat, on the observed covariates, and on the cast. */
  recovery: { pmf: number; ppca: number; covariates: number; cast: number };
  singleCause: { actor: number; truth: number; deconfounder: number; deconfounderSe: number; oracle: number; oracleWithU: number; bias: number; z: number };
  counterfactual: { film: number; yFactual: number; deconfounder: number; truth: number };
  franchiseComponent: number;
  /** The do-query on a genre label (see genreStep). */
  genre: GenreStep;
  /** For the DSL model: regression of y on (lee, smulders, hero, Z-hat franchise). */
  franchiseFit: { coef: number[]; actorOnZ: { coef: number[]; sd: number }[]; zMean: number; zSd: number; sd: number };
  pmf: PmfFit;
}

/**
 * The genre label as a cause: genre g (0-based column of Movies.genres, the data's genre_{g+1}) is
 * the genre whose latent factor has the largest revenue loading |gamma|. Its label is a noisy proxy of
 * the latent factor (1[theta > shape], flipped w.p. 0.1), read by nothing downstream.
 */
export interface GenreStep {
  genre: number; gamma: number; films: number;
  /** Difference of means of y between films with the label and without it, and its (Welch) se. */
  naive: number; naiveSe: number;
  /** The label's coefficient regressed with the other labels only (no cast), and in M2 (cast + every covariate). */
  labelsOnly: number; labelsOnlySe: number; m2: number; m2Se: number;
  /** E[y | do(label = 1)] - E[y | do(label = 0)] in the generator (data.ts run with the label forced). */
  truth: number;
  /** The PMF component standing in for the latent genre factor G (the one most correlated with the label), and the model file's params fitted on it (G standardised). */
  component: number; componentCorrelation: number;
  params: { genreCoef: [number, number]; genreSd: number; revenueCoef: [number, number]; revenueSd: number };
}

/**
 * The overlap flag. D'Amour's failure is Z-hat (nearly) a function of the causes: then given Z-hat the
 * cast hardly varies, and the actor coefficients' standard errors grow by 1 / sqrt(1 - R^2) of the
 * actor on the rest. The flag fires when the median actor's se grows more than OVERLAP_SE-fold over
 * the naive regression's. The R^2 of Z-hat on the cast is printed beside it, but with 900 regressors
 * on 2,828 films it is high for any Z-hat (about 900 / 2,828 = 0.32 for pure noise).
 */
export const OVERLAP_SE = 2;

const standardise = (v: Float64Array) => {
  let m = 0; for (const x of v) m += x; m /= v.length;
  let s = 0; for (const x of v) s += (x - m) ** 2; s = Math.sqrt(s / v.length) || 1;
  return v.map((x) => (x - m) / s);
};
const column = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

function pmfZ(fit: PmfFit): Float64Array[] {
  // Wang & Blei's substitute confounder from a PMF: the films' factor weights theta (standardised).
  return Array.from({ length: fit.K }, (_, k) => standardise(column(fit.theta.length, (i) => fit.theta[i][k])));
}

function summarise(m: Movies, t: Truth, f: Fit): EstimatorResult {
  const J = m.config.actors, lee = leeIndex(m.config), solo = soloIndex(m.config);
  const beta = f.coef.slice(0, J), se = f.se.slice(0, J);
  let ss = 0, n = 0;
  for (let j = 0; j < J; j++) if (j !== solo) { ss += (beta[j] - t.beta[j]) ** 2; n++; }
  const keep = [...Array(J).keys()].filter((j) => j !== solo);
  const leeFilms = m.cast.filter((c) => c.includes(lee)).length;
  return {
    beta, se, rmse: Math.sqrt(ss / n), spearman: spearman(keep.map((j) => beta[j]), keep.map((j) => t.beta[j])),
    smulders: beta[SMULDERS], smuldersSe: se[SMULDERS], stanLee: beta[lee], stanLeeSe: se[lee], stanLeeTotal: beta[lee] * leeFilms,
  };
}

function overlapOf(m: Movies, Z: Float64Array[], naive: Fit, dec: Fit): Overlap {
  const r2 = rSquared({ cast: m.cast, actors: m.config.actors, dense: [] }, Z);
  const J = m.config.actors;
  const ratios: number[] = [];
  for (let j = 0; j < J; j++) if (naive.se[j] > 0 && Number.isFinite(dec.se[j])) ratios.push(dec.se[j] / naive.se[j]);
  ratios.sort((a, b) => a - b);
  const maxR2 = Math.max(...r2), seInflation = ratios[Math.floor(ratios.length / 2)];
  return { maxR2, meanR2: r2.reduce((s, v) => s + v, 0) / r2.length, seInflation, fires: seInflation > OVERLAP_SE };
}

/** The factor model and the check on one data set. */
function factorStep(m: Movies, K: number, c: RunConfig, seed: number) {
  const ho = holdout(m.cast.length, m.config.actors, c.holdoutFraction, createRng(seed));
  const fit = fitPmf(m.cast, m.config.actors, K, { holdout: ho, iterations: c.pmfIterations, seed: seed + 1 });
  const check = predictiveCheck(m.cast, fit, ho, c.replicates, seed + 2);
  return { fit, check };
}

const mean = (v: ArrayLike<number>) => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i]; return s / v.length; };
const corr = (a: Float64Array, b: Float64Array) => {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
};

function genreStep(c: RunConfig, m: Movies, t: Truth, Zpmf: Float64Array[], cov: Float64Array[], m2: Fit): GenreStep {
  const N = m.cast.length, J = c.data.actors, K1 = c.data.factors - 1;
  let g = 0;
  for (let k = 1; k < K1; k++) if (Math.abs(t.gamma[k]) > Math.abs(t.gamma[g])) g = k;
  const label = column(N, (i) => m.genres[i][g]);
  // Naive: difference of means, Welch se sqrt(s1^2 / n1 + s0^2 / n0).
  const on = [...m.y].filter((_, i) => label[i] === 1), off = [...m.y].filter((_, i) => label[i] === 0);
  const v = (a: number[]) => { const mu = mean(a); return a.reduce((s, x) => s + (x - mu) ** 2, 0) / (a.length - 1); };
  const naive = mean(on) - mean(off), naiveSe = Math.sqrt(v(on) / on.length + v(off) / off.length);
  const noCast = m.cast.map(() => [] as number[]);
  const labelsOnly = ols({ cast: noCast, actors: 0, dense: cov.slice(0, K1) }, m.y);
  // The truth, by intervening on the generator itself (the same seed; only the label differs).
  const y1 = generate(c.data, { genre: g, value: 1 }).movies.y, y0 = generate(c.data, { genre: g, value: 0 }).movies.y;
  const truth = mean(y1) - mean(y0);
  // G-hat: the PMF component most correlated with the label (observed data only), standardised.
  let component = 0, best = -Infinity;
  Zpmf.forEach((z, k) => { const r = corr(z, label); if (r > best) { best = r; component = k; } });
  const G = Zpmf[component];
  const one = (yv: Float64Array) => { const f = ols({ cast: noCast, actors: 0, dense: [G] }, yv, false); return { coef: [f.coef[0], f.coef[1]] as [number, number], sd: f.sigma }; };
  const gl = one(label), rv = one(m.y);
  return {
    genre: g, gamma: t.gamma[g], films: on.length, naive, naiveSe,
    labelsOnly: labelsOnly.coef[1 + g], labelsOnlySe: labelsOnly.se[1 + g], m2: m2.coef[J + 1 + g], m2Se: m2.se[J + 1 + g],
    truth, component, componentCorrelation: best,
    params: { genreCoef: gl.coef, genreSd: gl.sd, revenueCoef: rv.coef, revenueSd: rv.sd },
  };
}

export function analyse(c: RunConfig = DEFAULT): Report {
  const { movies: m, truth: t } = generate(c.data);
  const N = m.cast.length, J = c.data.actors, lee = leeIndex(c.data), solo = soloIndex(c.data);
  const { fit, check } = factorStep(m, c.K, c, c.data.seed + 11);
  const Zpmf = pmfZ(fit);
  const sweep = [...c.kSweep.map((k) => ({ K: k, check: factorStep(m, k, c, c.data.seed + 11).check })), { K: c.K, check }]
    .sort((a, b) => a.K - b.K).map(({ K, check: ch }) => ({ K, p: ch.p, globalP: ch.globalP, heldOutLogLik: ch.observed }));
  const ppca = fitPpca(m.cast, J, c.K, c.data.seed + 13);
  const Zppca = ppcaScores(ppca, m.cast, createRng(c.data.seed + 17));
  const base = { cast: m.cast, actors: J };
  const cov = [...Array.from({ length: c.data.factors - 1 }, (_, k) => column(N, (i) => m.genres[i][k])), column(N, (i) => m.franchise[i]), m.budget, m.runtime];
  const zTrue = [...Array.from({ length: c.data.factors - 1 }, (_, k) => column(N, (i) => t.z[i][k])), column(N, (i) => m.franchise[i])];
  const fits: Record<Estimator, Fit> = {
    deconfounder_pmf: ols({ ...base, dense: Zpmf }, m.y),
    deconfounder_ppca: ols({ ...base, dense: Zppca }, m.y),
    naive: ols({ ...base, dense: [] }, m.y),
    m2: ols({ ...base, dense: cov }, m.y),
    oracle: ols({ ...base, dense: zTrue }, m.y),
  };
  const effects = Object.fromEntries(ESTIMATORS.map((e) => [e, summarise(m, t, fits[e])])) as Record<Estimator, EstimatorResult>;
  // Single-cause confounding: the oracle that also adjusts for U is unbiased; the deconfounder cannot be.
  const oracleU = ols({ ...base, dense: [...zTrue, t.U] }, m.y, false);
  const dec = fits.deconfounder_pmf;
  const singleCause = {
    actor: solo, truth: t.beta[solo], deconfounder: dec.coef[solo], deconfounderSe: dec.se[solo], oracle: fits.oracle.coef[solo], oracleWithU: oracleU.coef[solo],
    bias: dec.coef[solo] - t.beta[solo], z: (dec.coef[solo] - t.beta[solo]) / dec.se[solo],
  };
  // D'Amour's failure: Z-hat a deterministic function of the causes. The PPCA posterior MEAN is
  // linear in the cast row, so [A, Z-hat] is rank-deficient: only the tiny ridge (regress.ts)
  // keeps X'X invertible, and the actor coefficients' intervals blow up.
  const Zmean = ppcaScores(ppca, m.cast);
  const degenerateFit = ols({ ...base, dense: Zmean }, m.y);
  const confounding = column(N, (i) => t.z[i].reduce((s, z, k) => s + t.gamma[k] * z, 0) + TRUTH.gammaF * m.franchise[i]);
  const noCast = m.cast.map(() => [] as number[]);
  const recovery = {
    pmf: rSquared({ cast: noCast, actors: 0, dense: Zpmf }, [confounding])[0],
    ppca: rSquared({ cast: noCast, actors: 0, dense: Zppca }, [confounding])[0],
    covariates: rSquared({ cast: noCast, actors: 0, dense: cov }, [confounding])[0],
    cast: rSquared({ ...base, dense: [] }, [confounding])[0],
  };
  const overlap = {
    pmf: overlapOf(m, Zpmf, fits.naive, dec),
    ppca: overlapOf(m, Zppca, fits.naive, fits.deconfounder_ppca),
    degenerate: overlapOf(m, Zmean, fits.naive, degenerateFit),
  };
  // The counterfactual "cast HERO instead of Smulders-like" in the first franchise film with her and without him.
  const film = m.cast.findIndex((cst, i) => m.franchise[i] === 1 && cst.includes(SMULDERS) && !cst.includes(HERO));
  const swap = (cst: number[]) => [...cst.filter((j) => j !== SMULDERS), HERO].sort((a, b) => a - b);
  const design = { ...base, dense: Zpmf };
  const fitted = predict(design, dec.coef);
  const noise = m.y[film] - fitted[film]; // abduction: additive noise
  const cfDesign: Design = { cast: [swap(m.cast[film])], actors: J, dense: Zpmf.map((z) => Float64Array.of(z[film])) };
  const cfDeconfounder = predict(cfDesign, dec.coef)[0] + noise;
  const cfTruth = m.y[film] - t.beta[SMULDERS] + t.beta[HERO];
  // The franchise component of Z-hat: the PMF factor carrying the most of the Stan-Lee-like actor's loading.
  let franchiseComponent = 0;
  for (let k = 1; k < c.K; k++) if (fit.beta[lee][k] > fit.beta[lee][franchiseComponent]) franchiseComponent = k;
  const zf = Zpmf[franchiseComponent];
  const ind = (j: number) => column(N, (i) => (m.cast[i].includes(j) ? 1 : 0));
  const [aLee, aSm, aHero] = [ind(lee), ind(SMULDERS), ind(HERO)];
  // The model file's revenue mechanism takes the deconfounder's own coefficients (Z-hat's franchise
  // column, lee, smulders, hero); the other actors and factors go into its intercept and noise.
  const cf = [dec.coef[J + 1 + franchiseComponent], dec.coef[lee], dec.coef[SMULDERS], dec.coef[HERO]];
  const feats = [zf, aLee, aSm, aHero];
  const part = column(N, (i) => feats.reduce((s, f, k) => s + cf[k] * f[i], 0));
  let rm = 0; for (let i = 0; i < N; i++) rm += (m.y[i] - part[i]) / N;
  let rv = 0; for (let i = 0; i < N; i++) rv += (m.y[i] - part[i] - rm) ** 2 / N;
  const yFit = { coef: Float64Array.of(rm, ...cf), sigma: Math.sqrt(rv) };
  const small: Design = { cast: m.cast.map(() => []), actors: 0, dense: [] };
  const actorOnZ = [aLee, aSm, aHero].map((a) => { const f = ols({ cast: small.cast, actors: 0, dense: [zf] }, a, false); return { coef: [...f.coef], sd: f.sigma }; });
  return {
    config: c, films: N, actors: J, pairs: m.cast.reduce((s, x) => s + x.length, 0), franchiseFilms: m.franchise.reduce((s, v) => s + v, 0),
    leeFilms: aLee.reduce((s, v) => s + v, 0), smuldersFilms: aSm.reduce((s, v) => s + v, 0), soloFilms: ind(solo).reduce((s, v) => s + v, 0),
    check, sweep, recovery, effects, truth: { smulders: t.beta[SMULDERS], stanLee: t.beta[lee], solo: t.beta[solo] }, overlap, singleCause,
    counterfactual: { film, yFactual: m.y[film], deconfounder: cfDeconfounder, truth: cfTruth }, franchiseComponent,
    genre: genreStep(c, m, t, Zpmf, cov, fits.m2),
    franchiseFit: { coef: [...yFit.coef], actorOnZ, zMean: 0, zSd: 1, sd: yFit.sigma }, pmf: fit,
  };
}

/** The pipeline on data without a truth (the user's TMDB files): the check and three estimators' actor coefficients. */
export function analyseObserved(m: Movies, c: Pick<RunConfig, "K" | "pmfIterations" | "holdoutFraction" | "replicates">, seed = 1) {
  const N = m.cast.length, J = m.config.actors;
  const { fit, check } = factorStep(m, c.K, c as RunConfig, seed);
  const base = { cast: m.cast, actors: J };
  const K1 = m.genres[0]?.length ?? 0;
  const cov = [...Array.from({ length: K1 }, (_, k) => column(N, (i) => m.genres[i][k])), column(N, (i) => m.franchise[i]), m.budget, m.runtime];
  const coef = (f: Fit) => f.coef.slice(0, J);
  return {
    check, pmf: fit,
    deconfounder: coef(ols({ ...base, dense: pmfZ(fit) }, m.y, false)),
    naive: coef(ols({ ...base, dense: [] }, m.y, false)),
    m2: coef(ols({ ...base, dense: cov }, m.y, false)),
  };
}
