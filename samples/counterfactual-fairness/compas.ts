/**
 * The COMPAS half of the sample: a synthetic COMPAS-like SCM (race, sex, age -> priors count ->
 * score and two-year recidivism, with a latent risk U), calibrated to ProPublica's published
 * marginals (../../../shared/notes/seeds.md section f), and a loader for ProPublica's own
 * compas-scores-two-years.csv when the user supplies it (never bundled: no licence to redistribute).
 *
 * The truth, with race 0 = White, 1 = Black, 2 = Other; male and young (age < 25) indicators:
 *   U      ~ N(0, 1)                                       latent risk
 *   priors = F^-1(uP; exp(0.4 + 1.0 Black + 0.2 Other + 0.3 male - 0.4 young + 0.5 U))   (Poisson)
 *   recid  = 1[uR < sigmoid(-1.3 + 0.6 log(1 + priors) + 0.5 young + 0.2 male + 1.0 U)]
 *   score  = 1[uS < sigmoid(-1.8 + 0.7 log(1 + priors) + 1.0 young + 0.9 Black + 1.45 U)]   ("High" = medium or high)
 * with uP, uR, uS ~ U(0, 1): the exogenous terms a counterfactual holds fixed. Race reaches the score
 * directly (0.9) and through priors; it reaches recidivism only through priors.
 */
import { readFileSync } from "node:fs";
import { bernoulli, categorical, createRng, normal, poisson, scm, sigmoid } from "causal-studio";
import { poissonQuantile } from "./truth";

export const COMPAS = {
  race: [0.341, 0.514, 0.145] as const, // White, Black, Other: ProPublica's filtered file has 34.07% Caucasian, 51.44% African-American
  pMale: 0.81, pYoung: 0.22,
  priors: { b: 0.4, black: 1.0, other: 0.2, male: 0.3, young: -0.4, U: 0.5 },
  recid: { b: -1.3, priors: 0.6, young: 0.5, male: 0.2, U: 1.0 },
  score: { b: -1.8, priors: 0.7, young: 1.0, black: 0.9, U: 1.45 },
} as const;

/** ProPublica's numbers (seeds.md section f, verified there in the saved outputs of "Compas Analysis.ipynb"). */
export const PROPUBLICA = {
  rows: 7214, filtered: 6172, recidivists: 2809, recidivism: 2809 / 6172,
  /** Defendants by race after the filter (the two largest groups). */
  race: { "African-American": 3175, Caucasian: 2103 },
  raceShare: { black: 3175 / 6172, white: 2103 / 6172 },
  high: (1607 + 1144) / 6172,
  // Confusion tables with "High" = medium or high score, from the Cox-parsed file (all 7,214; Black 3,696; White 2,454).
  fpr: { all: 0.3235, black: 0.4485, white: 0.2345 },
  fnr: { all: 0.374, black: 0.2799, white: 0.4772 },
  ppv: { all: 0.61, black: 0.63, white: 0.59 },
  prevalence: { all: 0.45, black: 0.51, white: 0.39 },
} as const;

const c = COMPAS;
export const priorsLogRate = (race: number, male: number, young: number, U: number) =>
  c.priors.b + c.priors.black * +(race === 1) + c.priors.other * +(race === 2) + c.priors.male * male + c.priors.young * young + c.priors.U * U;
export const recidProb = (priors: number, male: number, young: number, U: number) =>
  sigmoid(c.recid.b + c.recid.priors * Math.log1p(priors) + c.recid.young * young + c.recid.male * male + c.recid.U * U);
export const scoreProb = (priors: number, race: number, young: number, U: number) =>
  sigmoid(c.score.b + c.score.priors * Math.log1p(priors) + c.score.young * young + c.score.black * +(race === 1) + c.score.U * U);

/** The truth as a Causal Studio model: the library's do-queries run on it. */
export const compasTruth = scm("COMPAS-like (truth)")
  .latent("U", () => normal(0, 1))
  .variable("race", () => categorical([...c.race]))
  .variable("male", () => bernoulli(c.pMale))
  .variable("young", () => bernoulli(c.pYoung))
  .variable("priors", ({ race, male, young, U }) => poisson(Math.exp(priorsLogRate(race, male, young, U))))
  .variable("recid", ({ priors, male, young, U }) => bernoulli(recidProb(priors, male, young, U)))
  .variable("score", ({ priors, race, young, U }) => bernoulli(scoreProb(priors, race, young, U)));

export interface CompasPopulation {
  n: number;
  race: Int8Array; male: Int8Array; young: Int8Array; priors: Int32Array; recid: Int8Array; score: Int8Array;
  /** Exogenous terms: U and the uniforms of priors, recidivism and score. */
  U: Float64Array; uP: Float64Array; uR: Float64Array; uS: Float64Array;
}

/** Draws n people, seeded: per row race, male, young, U, uP, uR, uS in that order. */
export function compasPopulation(n: number, seed: number): CompasPopulation {
  const rng = createRng(seed);
  const p: CompasPopulation = {
    n, race: new Int8Array(n), male: new Int8Array(n), young: new Int8Array(n), priors: new Int32Array(n), recid: new Int8Array(n), score: new Int8Array(n),
    U: new Float64Array(n), uP: new Float64Array(n), uR: new Float64Array(n), uS: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    const race = r < c.race[0] ? 0 : r < c.race[0] + c.race[1] ? 1 : 2;
    const male = rng.next() < c.pMale ? 1 : 0, young = rng.next() < c.pYoung ? 1 : 0;
    const U = rng.normal(), uP = rng.next(), uR = rng.next(), uS = rng.next();
    const priors = poissonQuantile(uP, Math.exp(priorsLogRate(race, male, young, U)));
    p.race[i] = race; p.male[i] = male; p.young[i] = young; p.U[i] = U; p.uP[i] = uP; p.uR[i] = uR; p.uS[i] = uS;
    p.priors[i] = priors;
    p.recid[i] = uR < recidProb(priors, male, young, U) ? 1 : 0;
    p.score[i] = uS < scoreProb(priors, race, young, U) ? 1 : 0;
  }
  return p;
}

export interface ErrorRates { n: number; positives: number; fpr: number; fnr: number; ppv: number; prevalence: number; high: number }
export type Group = "all" | "black" | "white";
export const GROUPS: Group[] = ["all", "black", "white"];

/** FPR, FNR, PPV, prevalence and the share scored High, from 0/1 labels and scores. */
export function errorRates(recid: ArrayLike<number>, score: ArrayLike<number>, keep: (i: number) => boolean = () => true): ErrorRates {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (let i = 0; i < recid.length; i++) {
    if (!keep(i)) continue;
    if (recid[i]) score[i] ? tp++ : fn++;
    else score[i] ? fp++ : tn++;
  }
  const n = tp + fp + fn + tn;
  return { n, positives: tp + fn, fpr: fp / (fp + tn), fnr: fn / (tp + fn), ppv: tp / (tp + fp), prevalence: (tp + fn) / n, high: (tp + fp) / n };
}

const ratesByGroup = (race: ArrayLike<number>, recid: ArrayLike<number>, score: ArrayLike<number>): Record<Group, ErrorRates> => ({
  all: errorRates(recid, score), black: errorRates(recid, score, (i) => race[i] === 1), white: errorRates(recid, score, (i) => race[i] === 0),
});

// Exact expectations by quadrature: U on [-8, 8] in steps of 0.02 (trapezoid on the normal
// density), priors summed until the Poisson tail is below 1e-15; male and young enumerated.
const U_GRID = (() => {
  const g: [number, number][] = [];
  for (let j = 0; j <= 800; j++) { const u = -8 + 0.02 * j; g.push([u, (Math.exp(-u * u / 2) * 0.02) / Math.sqrt(2 * Math.PI)]); }
  return g;
})();

/** E over (male, young, U, priors) of f, for people of race `priorsRace` in the priors mechanism. */
function expectation(priorsRace: number, f: (k: number, male: number, young: number, U: number) => number): number {
  let s = 0;
  for (const male of [0, 1]) for (const young of [0, 1]) {
    const w0 = (male ? c.pMale : 1 - c.pMale) * (young ? c.pYoung : 1 - c.pYoung);
    for (const [U, wu] of U_GRID) {
      const lam = Math.exp(priorsLogRate(priorsRace, male, young, U));
      let pk = Math.exp(-lam);
      for (let k = 0; k < 10_000; k++) {
        if (k > 0) pk *= lam / k;
        if (k > lam && pk < 1e-15) break;
        s += w0 * wu * pk * f(k, male, young, U);
      }
    }
  }
  return s;
}

/** The model-implied rates of one race group (0 White, 1 Black), exactly. */
export function exactRates(race: number): Omit<ErrorRates, "n" | "positives"> {
  const R = expectation(race, (k, m, y, U) => recidProb(k, m, y, U));
  const S = expectation(race, (k, _m, y, U) => scoreProb(k, race, y, U));
  const SR = expectation(race, (k, m, y, U) => scoreProb(k, race, y, U) * recidProb(k, m, y, U));
  return { fpr: (S - SR) / (1 - R), fnr: (R - SR) / R, ppv: SR / S, prevalence: R, high: S };
}

/** The model-implied overall recidivism rate and share scored High (races mixed by their shares). */
export function exactOverall(): { prevalence: number; high: number } {
  let prevalence = 0, high = 0;
  c.race.forEach((w, race) => {
    prevalence += w * expectation(race, (k, m, y, U) => recidProb(k, m, y, U));
    high += w * expectation(race, (k, _m, y, U) => scoreProb(k, race, y, U));
  });
  return { prevalence, high };
}

/**
 * Path-specific effects of race (Black vs White) on P(score = High), exactly: the total effect,
 * the natural direct effect (race switched in the score's mechanism, priors as they would be for a
 * White person: E[score(Black, priors(White))] - E[score(White, priors(White))]) and the natural
 * indirect effect through priors at race Black (E[score(Black, priors(Black))] - E[score(Black,
 * priors(White))]); they sum to the total. U is shared: it drives both priors and score, so the
 * nested counterfactual, not a conditional, defines them.
 */
export function exactPathEffects(): { total: number; direct: number; indirect: number } {
  const e = (scoreRace: number, priorsRace: number) => expectation(priorsRace, (k, _m, y, U) => scoreProb(k, scoreRace, y, U));
  const bb = e(1, 1), bw = e(1, 0), ww = e(0, 0);
  return { total: bb - ww, direct: bw - ww, indirect: bb - bw };
}

export interface CompasConfig { rows: number; seed: number; librarySamples: number }
export const COMPAS_DEFAULT: CompasConfig = { rows: 6172, seed: 2016, librarySamples: 200_000 };

export interface CompasResult {
  config: CompasConfig;
  rates: Record<Group, ErrorRates>;
  exact: { black: Omit<ErrorRates, "n" | "positives">; white: Omit<ErrorRates, "n" | "positives">; all: { prevalence: number; high: number } };
  raceShare: { black: number; white: number };
  /** Under do(race: Black <-> White), U and the uniforms held: the share whose score flips, by factual group, and the mean change of P(High). */
  counterfactual: { flipBlack: number; flipWhite: number; flipAll: number; meanProbChangeBlack: number; meanProbChangeWhite: number; nBlack: number; nWhite: number };
  paths: {
    exact: { total: number; direct: number; indirect: number };
    /** The same by simulation on the population with shared exogenous terms. */
    simulated: { total: number; direct: number; indirect: number };
    /** The library's do-queries: E[score | do(race = Black)] - E[score | do(race = White)], and its standard error. */
    library: { total: number; standardError: number; controlledDirect: number; controlledDirectStandardError: number; controlledDirectExact: number };
  };
  /** A score that reads only U and age (no descendant of race): counterfactually fair, with its FPR/FNR by group. */
  fairU: { threshold: number; rates: Record<Group, ErrorRates>; flips: number };
  /**
   * The score's own probability thresholded per group so that each group's FPR is the overall
   * score's FPR (ProPublica's criterion met by construction); its counterfactual under do(race)
   * moves the probability and the threshold, so individuals flip.
   */
  equalFpr: { thresholds: { white: number; black: number; other: number }; rates: Record<Group, ErrorRates>; flipAll: number };
}

export function compasLike(config: Partial<CompasConfig> = {}): CompasResult {
  const cfg = { ...COMPAS_DEFAULT, ...config };
  const p = compasPopulation(cfg.rows, cfg.seed);
  const rates = ratesByGroup(p.race, p.recid, p.score);

  // Counterfactual score of each Black or White person under do(race <- the other), exogenous terms held.
  let flipB = 0, flipW = 0, nB = 0, nW = 0, dB = 0, dW = 0;
  // Path-specific effects by simulation: everyone's score in the worlds (score race, priors race).
  let sBB = 0, sBW = 0, sWW = 0;
  const priorsAs = (i: number, race: number) => poissonQuantile(p.uP[i], Math.exp(priorsLogRate(race, p.male[i], p.young[i], p.U[i])));
  for (let i = 0; i < p.n; i++) {
    const kB = priorsAs(i, 1), kW = priorsAs(i, 0);
    sBB += +(p.uS[i] < scoreProb(kB, 1, p.young[i], p.U[i]));
    sBW += +(p.uS[i] < scoreProb(kW, 1, p.young[i], p.U[i]));
    sWW += +(p.uS[i] < scoreProb(kW, 0, p.young[i], p.U[i]));
    if (p.race[i] === 2) continue;
    const race2 = 1 - p.race[i], k2 = race2 === 1 ? kB : kW;
    const prob = scoreProb(p.priors[i], p.race[i], p.young[i], p.U[i]), prob2 = scoreProb(k2, race2, p.young[i], p.U[i]);
    const flip = +(p.uS[i] < prob2) !== p.score[i];
    if (p.race[i] === 1) { nB++; flipB += +flip; dB += prob2 - prob; } else { nW++; flipW += +flip; dW += prob2 - prob; }
  }

  // A counterfactually fair score: High when U is above the threshold that scores the same share High overall.
  const sortedU = Float64Array.from(p.U).sort();
  const threshold = sortedU[Math.floor((1 - rates.all.high) * p.n)];
  const fairScore = Int8Array.from(p.U, (u) => (u >= threshold ? 1 : 0));
  // Its counterfactual: U is no descendant of race, so nothing moves; count flips all the same.
  let fairFlips = 0;
  for (let i = 0; i < p.n; i++) if (p.race[i] !== 2 && +(p.U[i] >= threshold) !== fairScore[i]) fairFlips++;

  const opts = { samples: cfg.librarySamples, seed: 5 };
  const total = compasTruth.ate({ treatment: "race", outcome: "score", treated: 1, control: 0 }, opts);
  const cde = compasTruth.do({ priors: 2 }).ate({ treatment: "race", outcome: "score", treated: 1, control: 0 }, opts);
  // The controlled direct effect at priors = 2, exactly: E over (young, U) of scoreProb(2, Black) - scoreProb(2, White).
  let cdeExact = 0;
  for (const young of [0, 1]) for (const [U, wu] of U_GRID) cdeExact += (young ? c.pYoung : 1 - c.pYoung) * wu * (scoreProb(2, 1, young, U) - scoreProb(2, 0, young, U));

  // Equal-FPR thresholds: the (1 - target) quantile of the probability among each group's non-recidivists.
  const prob = Float64Array.from({ length: p.n }, (_, i) => scoreProb(p.priors[i], p.race[i], p.young[i], p.U[i]));
  const quantileAmongNegatives = (race: number, q: number) => {
    const v = Float64Array.from(prob.filter((_, i) => p.race[i] === race && !p.recid[i])).sort();
    return v[Math.min(v.length - 1, Math.floor(q * v.length))];
  };
  const targetFpr = rates.all.fpr;
  const thresholds = { white: quantileAmongNegatives(0, 1 - targetFpr), black: quantileAmongNegatives(1, 1 - targetFpr), other: quantileAmongNegatives(2, 1 - targetFpr) };
  const thresholdOf = (race: number) => (race === 1 ? thresholds.black : race === 0 ? thresholds.white : thresholds.other);
  const eqScore = Int8Array.from(prob, (v, i) => (v >= thresholdOf(p.race[i]) ? 1 : 0));
  let eqFlips = 0, eqN = 0;
  for (let i = 0; i < p.n; i++) {
    if (p.race[i] === 2) continue;
    const race2 = 1 - p.race[i], prob2 = scoreProb(priorsAs(i, race2), race2, p.young[i], p.U[i]);
    eqN++; eqFlips += +(+(prob2 >= thresholdOf(race2)) !== eqScore[i]);
  }

  let black = 0, white = 0;
  for (let i = 0; i < p.n; i++) { black += +(p.race[i] === 1); white += +(p.race[i] === 0); }
  const fairRates = ratesByGroup(p.race, p.recid, fairScore);
  return {
    config: cfg, rates,
    exact: { black: exactRates(1), white: exactRates(0), all: exactOverall() },
    raceShare: { black: black / p.n, white: white / p.n },
    counterfactual: { flipBlack: flipB / nB, flipWhite: flipW / nW, flipAll: (flipB + flipW) / (nB + nW), meanProbChangeBlack: dB / nB, meanProbChangeWhite: dW / nW, nBlack: nB, nWhite: nW },
    paths: {
      exact: exactPathEffects(),
      simulated: { total: (sBB - sWW) / p.n, direct: (sBW - sWW) / p.n, indirect: (sBB - sBW) / p.n },
      library: { total: total.value, standardError: total.standardError, controlledDirect: cde.value, controlledDirectStandardError: cde.standardError, controlledDirectExact: cdeExact },
    },
    fairU: { threshold, rates: fairRates, flips: fairFlips },
    equalFpr: { thresholds, rates: ratesByGroup(p.race, p.recid, eqScore), flipAll: eqFlips / eqN },
  };
}

// ---- ProPublica's file, if the user has it --------------------------------------------------

/** Splits CSV text into rows of fields (RFC 4180 quoting: "a, b" and "" inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; }
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); field = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

export interface ProPublicaTable {
  rows: number;
  filtered: number;
  recidivists: number;
  /** Rows each clause of the filter removed, in order (a row failing several counts at its first). */
  removed: { screening: number; isRecid: number; chargeDegree: number; scoreText: number };
  race: Record<string, number>;
  rates: Record<Group, ErrorRates>;
}

export const PROPUBLICA_COLUMNS = ["race", "score_text", "two_year_recid", "days_b_screening_arrest", "is_recid", "c_charge_degree"] as const;

/**
 * ProPublica's compas-scores-two-years.csv, filtered as in their notebook: days_b_screening_arrest
 * within [-30, 30] (a missing value fails, as NaN comparisons do in pandas), is_recid != -1,
 * c_charge_degree != "O", score_text != "N/A"; then FPR, FNR and PPV with "High" = score_text
 * Medium or High, by race (African-American, Caucasian) and overall.
 */
/** How a loaded table differs from ProPublica's published counts for compas-scores-two-years.csv (empty: it matches). */
export function proPublicaMismatches(t: ProPublicaTable): string[] {
  const want: [string, number, number][] = [
    ["rows", t.rows, PROPUBLICA.rows], ["rows after the filter", t.filtered, PROPUBLICA.filtered], ["recidivists", t.recidivists, PROPUBLICA.recidivists],
    ...Object.entries(PROPUBLICA.race).map(([race, n]): [string, number, number] => [`${race} defendants`, t.race[race] ?? 0, n]),
  ];
  return want.filter(([, got, expected]) => got !== expected).map(([what, got, expected]) => `${what}: ${got}, ProPublica's file has ${expected}`);
}

export function loadProPublica(file: string): ProPublicaTable {
  return proPublicaTable(readFileSync(file, "utf8"));
}

export function proPublicaTable(text: string): ProPublicaTable {
  const [header, ...body] = parseCsv(text);
  const at: Record<string, number> = {};
  for (const name of PROPUBLICA_COLUMNS) {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`the file has no column "${name}" (ProPublica's compas-scores-two-years.csv has ${PROPUBLICA_COLUMNS.join(", ")})`);
    at[name] = j;
  }
  const removed = { screening: 0, isRecid: 0, chargeDegree: 0, scoreText: 0 };
  const race: number[] = [], recid: number[] = [], score: number[] = [];
  const counts: Record<string, number> = {};
  for (const r of body) {
    const days = r[at.days_b_screening_arrest].trim() === "" ? NaN : Number(r[at.days_b_screening_arrest]);
    if (!(days <= 30 && days >= -30)) { removed.screening++; continue; }
    if (Number(r[at.is_recid]) === -1) { removed.isRecid++; continue; }
    if (r[at.c_charge_degree] === "O") { removed.chargeDegree++; continue; }
    if (r[at.score_text] === "N/A") { removed.scoreText++; continue; }
    const name = r[at.race];
    counts[name] = (counts[name] ?? 0) + 1;
    race.push(name === "African-American" ? 1 : name === "Caucasian" ? 0 : 2);
    recid.push(Number(r[at.two_year_recid]) === 1 ? 1 : 0);
    score.push(r[at.score_text] === "Low" ? 0 : 1);
  }
  return { rows: body.length, filtered: race.length, recidivists: recid.reduce((a, b) => a + b, 0), removed, race: counts, rates: ratesByGroup(race, recid, score) };
}
