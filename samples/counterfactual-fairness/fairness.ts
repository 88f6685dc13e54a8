/**
 * The law-school half of the sample (Kusner, Loftus, Russell & Silva, "Counterfactual Fairness",
 * NeurIPS 2017): four predictors of FYA fitted with trainModel on a training split of the synthetic
 * population (truth.ts), their test RMSE, and each test individual's counterfactual prediction
 * under do(race <- 1 - race).
 *
 *   Full     FYA ~ GPA + LSAT + race + sex
 *   Unaware  FYA ~ GPA + LSAT
 *   Fair K   FYA ~ E[K | GPA, LSAT, race, sex]                (Level 2: K abducted per individual)
 *   Fair Add FYA ~ rG + rL, rG = GPA - E[GPA | A], rL = LSAT - E[LSAT | A]   (Level 3: residuals)
 *
 * The posterior mean of K is a one-dimensional integral (prior N(0,1), GPA normal, LSAT Poisson),
 * computed by the trapezoid rule on [-8, 8] in steps of 0.01 under the true GPA and LSAT mechanisms
 * (the Level-2 model's own: they are what law-school.causal.ts declares); the library's
 * likelihood-weighted conditioning checks it on a few individuals.
 *
 * Counterfactuals: each individual's exogenous terms (K, eG, uL, eF) are known, since the population
 * is drawn here; under do(race <- a') GPA' = GPA + (-0.25)(a' - race) (eG held), LSAT' =
 * F^-1(uL; lambda') (the uniform held: the monotone coupling of Poisson counts), and each predictor
 * is re-evaluated on its inputs in that world. K is no descendant of race, so Fair K's input, the
 * same abducted E[K | evidence], does not move; the library's counterfactual query checks it.
 */
import { CausalGraph, linearGaussian, logistic, scm, tableFromColumns, trainModel } from "causal-studio";
import lawModel from "./law-school.causal";
import { gpaMean, LAW, lawPopulation, lawTruth, lsatLogRate, type LawPopulation, poissonQuantile } from "./truth";

export type Predictor = "full" | "unaware" | "fair_k" | "fair_add";
export const PREDICTORS: Predictor[] = ["full", "unaware", "fair_k", "fair_add"];
export const PREDICTOR_NAMES: Record<Predictor, string> = { full: "Full", unaware: "Unaware", fair_k: "Fair K", fair_add: "Fair Add" };

export interface LawConfig { rows: number; seed: number; trainFraction: number; libraryChecks: number; librarySamples: number }
export const LAW_DEFAULT: LawConfig = { rows: 5000, seed: 1703, trainFraction: 0.8, libraryChecks: 5, librarySamples: 40_000 };

export interface LawResult {
  config: LawConfig;
  train: number;
  test: number;
  rmse: Record<Predictor, number>;
  /** Test-set std of FYA (the RMSE of predicting the mean). */
  fyaSd: number;
  /** Each predictor's fitted FYA coefficients: intercept first, then its inputs in order. */
  coefficients: Record<Predictor, { names: string[]; values: number[] }>;
  /** Prediction change y(race <- 1 - race) - y(factual), per test individual. */
  changes: Record<Predictor, Float64Array>;
  cfChangeMax: Record<Predictor, number>;
  cfChangeMeanAbs: Record<Predictor, number>;
  /** Posterior mean of K by quadrature vs the library's conditioning, and the library's counterfactual K, on a few individuals. */
  libraryChecks: { quadrature: number; library: number; libraryStandardError: number; counterfactual: number; gpaCounterfactual: number; gpaByHand: number }[];
  /** Whether K is a descendant of race in the Level-2 model's graph (it must not be). */
  kDescendsFromRace: boolean;
  /** Correlation of E[K | evidence] with the true K on the test set. */
  kCorrelation: number;
}

/** E[K | gpa, lsat, race, sex] under the true (= Level-2) GPA and LSAT mechanisms, by the trapezoid rule on [-8, 8], step 0.01. */
export function posteriorMeanK(gpa: number, lsat: number, race: number, sex: number): number {
  const h = 0.01, n = 1600;
  const logw = new Float64Array(n + 1);
  let max = -Infinity;
  for (let j = 0; j <= n; j++) {
    const k = -8 + j * h;
    const z = (gpa - gpaMean(k, race, sex)) / LAW.gpa.sd, eta = lsatLogRate(k, race, sex);
    logw[j] = -0.5 * k * k - 0.5 * z * z + lsat * eta - Math.exp(eta);
    if (logw[j] > max) max = logw[j];
  }
  let num = 0, den = 0;
  for (let j = 0; j <= n; j++) {
    const w = Math.exp(logw[j] - max) * (j === 0 || j === n ? 0.5 : 1);
    num += w * (-8 + j * h); den += w;
  }
  return num / den;
}

// The predictors as Causal Studio models: trainModel fits each mechanism by its closed form (the
// FYA regression is ordinary least squares). Full's gpa and lsat mechanisms are the regressions on A
// whose residuals Fair Add reads.
const fullModel = scm("Full")
  .variable("race", logistic(() => ({})))
  .variable("sex", logistic(() => ({})))
  .variable("gpa", linearGaussian(({ race, sex }) => ({ race, sex })))
  .variable("lsat", linearGaussian(({ race, sex }) => ({ race, sex })))
  .variable("fya", linearGaussian(({ gpa, lsat, race, sex }) => ({ gpa, lsat, race, sex })));
const unawareModel = scm("Unaware")
  .variable("gpa", linearGaussian(() => ({})))
  .variable("lsat", linearGaussian(() => ({})))
  .variable("fya", linearGaussian(({ gpa, lsat }) => ({ gpa, lsat })));
const fairKModel = scm("Fair K")
  .variable("kHat", linearGaussian(() => ({})))
  .variable("fya", linearGaussian(({ kHat }) => ({ kHat })));
const fairAddModel = scm("Fair Add")
  .variable("rG", linearGaussian(() => ({})))
  .variable("rL", linearGaussian(() => ({})))
  .variable("fya", linearGaussian(({ rG, rL }) => ({ rG, rL })));

const INPUTS: Record<Predictor, string[]> = { full: ["gpa", "lsat", "race", "sex"], unaware: ["gpa", "lsat"], fair_k: ["kHat"], fair_add: ["rG", "rL"] };

function subset(cols: Record<string, Float64Array>, from: number, to: number): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(from, to)]));
}

async function fitCoef(model: typeof fullModel | typeof unawareModel | typeof fairKModel | typeof fairAddModel, cols: Record<string, Float64Array>, names: string[]): Promise<Float64Array> {
  const r = await trainModel(model, tableFromColumns(Object.fromEntries(names.map((n) => [n, cols[n]]))));
  return r.params.get("fya.coef") as Float64Array;
}

export async function lawSchool(config: Partial<LawConfig> = {}): Promise<LawResult> {
  const cfg = { ...LAW_DEFAULT, ...config };
  const pop: LawPopulation = lawPopulation(cfg.rows, cfg.seed);
  const n = pop.n, nTrain = Math.round(n * cfg.trainFraction);
  const kHat = new Float64Array(n);
  for (let i = 0; i < n; i++) kHat[i] = posteriorMeanK(pop.gpa[i], pop.lsat[i], pop.race[i], pop.sex[i]);

  // The regressions of GPA and LSAT on A (Fair Add's first stage), fitted on the training rows.
  const train = subset({ race: pop.race, sex: pop.sex, gpa: pop.gpa, lsat: pop.lsat, fya: pop.fya }, 0, nTrain);
  const fullFit = await trainModel(fullModel, tableFromColumns(train));
  const gA = fullFit.params.get("gpa.coef") as Float64Array, lA = fullFit.params.get("lsat.coef") as Float64Array;
  const resid = (gpa: Float64Array, lsat: Float64Array, race: Float64Array, sex: Float64Array) => {
    const rG = new Float64Array(gpa.length), rL = new Float64Array(gpa.length);
    for (let i = 0; i < gpa.length; i++) {
      rG[i] = gpa[i] - (gA[0] + gA[1] * race[i] + gA[2] * sex[i]);
      rL[i] = lsat[i] - (lA[0] + lA[1] * race[i] + lA[2] * sex[i]);
    }
    return { rG, rL };
  };
  const factual = { race: pop.race, sex: pop.sex, gpa: pop.gpa, lsat: pop.lsat, kHat, ...resid(pop.gpa, pop.lsat, pop.race, pop.sex) };
  const trainCols = subset({ ...factual, fya: pop.fya }, 0, nTrain);

  const coef: Record<Predictor, Float64Array> = {
    full: fullFit.params.get("fya.coef") as Float64Array,
    unaware: await fitCoef(unawareModel, trainCols, ["gpa", "lsat", "fya"]),
    fair_k: await fitCoef(fairKModel, trainCols, ["kHat", "fya"]),
    fair_add: await fitCoef(fairAddModel, trainCols, ["rG", "rL", "fya"]),
  };
  const predict = (p: Predictor, cols: Record<string, Float64Array>, i: number) => {
    const b = coef[p];
    let y = b[0];
    INPUTS[p].forEach((name, j) => (y += b[1 + j] * cols[name][i]));
    return y;
  };

  // The counterfactual world of each individual under do(race <- 1 - race): exogenous terms held.
  const race2 = new Float64Array(n), gpa2 = new Float64Array(n), lsat2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    race2[i] = 1 - pop.race[i];
    gpa2[i] = gpaMean(pop.K[i], race2[i], pop.sex[i]) + pop.eG[i];
    lsat2[i] = poissonQuantile(pop.uL[i], Math.exp(lsatLogRate(pop.K[i], race2[i], pop.sex[i])));
  }
  // K is not a descendant of race, so the counterfactual world's K is the factual one: Fair K reads the same abducted E[K | evidence].
  const kDescendsFromRace = CausalGraph.from(lawModel.graph()).descendants(["race"]).has("K");
  const cf = { race: race2, sex: pop.sex, gpa: gpa2, lsat: lsat2, kHat: kDescendsFromRace ? new Float64Array(n).fill(NaN) : kHat, ...resid(gpa2, lsat2, race2, pop.sex) };

  const nTest = n - nTrain;
  const rmse = {} as Record<Predictor, number>, changes = {} as Record<Predictor, Float64Array>;
  const cfChangeMax = {} as Record<Predictor, number>, cfChangeMeanAbs = {} as Record<Predictor, number>;
  for (const p of PREDICTORS) {
    let se = 0, mx = 0, ma = 0;
    const d = new Float64Array(nTest);
    for (let i = nTrain; i < n; i++) {
      const y = predict(p, factual, i);
      se += (y - pop.fya[i]) ** 2;
      d[i - nTrain] = predict(p, cf, i) - y;
      mx = Math.max(mx, Math.abs(d[i - nTrain])); ma += Math.abs(d[i - nTrain]);
    }
    rmse[p] = Math.sqrt(se / nTest); changes[p] = d; cfChangeMax[p] = mx; cfChangeMeanAbs[p] = ma / nTest;
  }
  let m = 0, v = 0;
  for (let i = nTrain; i < n; i++) m += pop.fya[i] / nTest;
  for (let i = nTrain; i < n; i++) v += (pop.fya[i] - m) ** 2 / (nTest - 1);

  // The library on a few test individuals: conditioning (likelihood weighting) for E[K | evidence];
  // the counterfactual query for K and GPA in the world do(race <- 1 - race).
  const libraryChecks: LawResult["libraryChecks"] = [];
  for (let c = 0; c < cfg.libraryChecks; c++) {
    const i = nTrain + c;
    const given = { race: pop.race[i], sex: pop.sex[i], gpa: pop.gpa[i], lsat: pop.lsat[i] };
    const opts = { samples: cfg.librarySamples, seed: 11 + c };
    const lib = lawTruth.condition(given).mean("K", opts);
    const q = lawTruth.counterfactual({ given, do: { race: 1 - pop.race[i] } });
    libraryChecks.push({
      quadrature: kHat[i], library: lib.value, libraryStandardError: lib.standardError,
      counterfactual: q.mean("K", opts).value,
      gpaCounterfactual: q.mean("gpa", opts).value, gpaByHand: pop.gpa[i] + LAW.gpa.race * (1 - 2 * pop.race[i]),
    });
  }
  let sk = 0, skk = 0, sKK = 0, sK = 0, sx = 0;
  for (let i = nTrain; i < n; i++) { sk += kHat[i]; sK += pop.K[i]; }
  sk /= nTest; sK /= nTest;
  for (let i = nTrain; i < n; i++) { sx += (kHat[i] - sk) * (pop.K[i] - sK); skk += (kHat[i] - sk) ** 2; sKK += (pop.K[i] - sK) ** 2; }

  return {
    config: cfg, train: nTrain, test: nTest, rmse, fyaSd: Math.sqrt(v),
    coefficients: Object.fromEntries(PREDICTORS.map((p) => [p, { names: ["1", ...INPUTS[p]], values: [...coef[p]] }])) as LawResult["coefficients"],
    changes, cfChangeMax, cfChangeMeanAbs, libraryChecks, kDescendsFromRace, kCorrelation: sx / Math.sqrt(skk * sKK),
  };
}
