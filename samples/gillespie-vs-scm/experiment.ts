/**
 * The comparison of Ness, Paneri & Vitek (2019) on the MAPK cascade: the effect on Erk of the
 * intervention raf_activate -> raf_activate / 3, as
 *   (a) interventional: independent Gillespie runs with and without the intervention;
 *   (b) same-seed Gillespie runs with and without it (the paper's SDE "ground truth" coupling);
 *   (c) the SCM counterfactual: for each observed steady state (one unit), abduct the noise, then
 *       do(Raf = Raf1) with Raf1 the new steady state (closed form), and predict Erk;
 * and the misspecification demonstration: the truth has Mek's deactivation 1.5 times the nominal
 * rate; direct simulation with the nominal rates vs the nominal SCM abducted from true steady states.
 * Effects are Erk without the intervention minus Erk with it (positive: the intervention lowers Erk).
 */
import { CASCADE, RATE_SETS, T_END, gillespieRuns, mekDeactivationTimes, odeSolve, rafActivateOver3, type Rates } from "./cascade";
import { closedForm, deriveMechanisms, type Derivation, type Mechanism } from "./derive";
import { cascadeScm } from "./model.causal";

export type RateSet = keyof typeof RATE_SETS;

export interface ExperimentOptions {
  /** Gillespie runs per arm (units). */
  runs: number;
  rateSet: RateSet;
}

/** Seed blocks: run k of an arm uses createRng(base + k); blocks are 100,000 apart (runs must stay below that). */
export const SEEDS = { observed: 100_000, independent: 200_000, truth: 300_000 } as const;

export interface Summary { mean: number; sd: number; se: number; n: number }

export function summary(v: readonly number[]): Summary {
  const n = v.length, mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, sd, se: sd / Math.sqrt(n), n };
}

/** The moment-identity stationary means (see ExperimentResult.stationaryMean) from these runs' covariances. */
export function stationaryMeans(derivation: Derivation, rates: Rates, units: readonly Unit[]): Record<"Raf" | "Mek" | "Erk", number> {
  const out = {} as Record<"Raf" | "Mek" | "Erk", number>;
  for (const m of derivation.modules) {
    const name = m.name as keyof typeof out, parent = m.parent as keyof Unit;
    const constant = derivation.constants.find((c) => c.name === parent);
    const ep = constant ? constant.value : out[parent as keyof typeof out];
    const cov = constant ? 0 : covariance(units.map((u) => u[parent]), units.map((u) => u[name]));
    const ka = rates[m.activateRate], kd = rates[m.deactivateRate];
    out[name] = (ka * (m.total * ep - cov)) / (ka * ep + kd);
  }
  return out;
}

function covariance(a: readonly number[], b: readonly number[]): number {
  const n = a.length, ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += (a[i] - ma) * (b[i] - mb);
  return c / (n - 1);
}

/** A steady state as the SCM's variables: each kinase's ACTIVE count. */
export interface Unit { E1: number; Raf: number; Mek: number; Erk: number }

export function activeCounts(s: Record<string, number>): Unit {
  return { E1: s.E1, Raf: s.PRaf, Mek: s.PMek, Erk: s.PErk };
}

/**
 * Abduction-action-prediction by hand on the derived SCM X = mean(parent) + sd(parent)·N: with every
 * variable observed the noise is determined, N = (observed - mean(parent)) / sd(parent); then Raf is
 * set to raf1 and Mek, Erk are recomputed from their own abducted noise.
 */
export function counterfactualErk(f: Record<string, Mechanism>, u: Unit, raf1: number): { Mek: number; Erk: number } {
  const nMek = (u.Mek - f.Mek.mean(u.Raf)) / f.Mek.sd(u.Raf);
  const nErk = (u.Erk - f.Erk.mean(u.Mek)) / f.Erk.sd(u.Mek);
  const Mek = f.Mek.mean(raf1) + f.Mek.sd(raf1) * nMek;
  return { Mek, Erk: f.Erk.mean(Mek) + f.Erk.sd(Mek) * nErk };
}

export interface ExperimentResult {
  options: ExperimentOptions;
  rates: Rates;
  closed: { observed: Unit; intervened: Unit };
  /** RK4 to t = 50 against the closed form: the largest absolute difference over Raf, Mek, Erk, both arms. */
  odeMaxDifference: number;
  odeEffect: number;
  /** The observed arm's steady states (Gillespie, t = 50) against the closed form. */
  ssaObserved: Record<"Raf" | "Mek" | "Erk", Summary>;
  /**
   * The stationary mean the Gillespie process should have, from the exact moment identity of each
   * module, k_act·E[P·(T - X)] = k_deact·E[X] with P its parent: E[X] = k_act (T E[P] - Cov(P, X)) /
   * (k_act E[P] + k_deact), chained from Raf (whose parent E1 is constant, so Cov = 0 and the closed
   * form is exact), with the covariances estimated from the runs. It differs from the closed form
   * (the mean-field limit) because a catalyst and its substrate's active count covary.
   */
  stationaryMean: Record<"Raf" | "Mek" | "Erk", number>;
  /** The same after raf_activate / 3 (from the same-seed intervened runs). */
  stationaryMeanAfter: Record<"Raf" | "Mek" | "Erk", number>;
  interventional: { effects: number[]; summary: Summary };
  sameSeed: { effects: number[]; summary: Summary };
  scm: { effects: number[]; summary: Summary; raf1: number };
  /** The library's counterfactual query on the first units, against the by-hand abduction: the largest difference in Erk. */
  libraryCheck: { units: number; maxDifference: number };
  /** The binomial SD of Raf at equilibrium, the reference code's scale T·p(1-p), and the Gillespie SD. */
  rafScale: { binomialSd: number; referenceScale: number; ssaSd: number };
  misspecified: {
    truthRates: Rates;
    /** The true post-intervention Erk: closed form under the true rates, and the true-rate Gillespie runs' mean. */
    trueClosed: number;
    trueSsa: Summary;
    /** Direct simulation with the nominal rates: the intervened runs' Erk (independent arm), and its closed form. */
    directValues: number[];
    direct: Summary;
    directClosed: number;
    /** The nominal SCM abducted from each true steady state, then do(Raf = Raf1). */
    scmValues: number[];
    scm: Summary;
    trueValues: number[];
    /** Prediction minus the closed-form truth (the --json keys), and minus the true-rate Gillespie mean. */
    directError: number;
    scmError: number;
    directErrorVsSsa: number;
    scmErrorVsSsa: number;
  };
}

const VARS = ["Raf", "Mek", "Erk"] as const;

export function runExperiment(options: ExperimentOptions): ExperimentResult {
  const { runs, rateSet } = options;
  if (!Number.isInteger(runs) || runs < 2 || runs >= 100_000) throw new Error(`runs must be an integer in [2, 99999], got ${runs}`);
  const rates = RATE_SETS[rateSet], after = rafActivateOver3(rates);
  const closed = { observed: closedForm(CASCADE, rates) as unknown as Unit, intervened: closedForm(CASCADE, after) as unknown as Unit };
  const ode = [activeCounts(odeSolve(CASCADE, rates, T_END)), activeCounts(odeSolve(CASCADE, after, T_END))];
  const odeMaxDifference = Math.max(...VARS.flatMap((v) => [Math.abs(ode[0][v] - closed.observed[v]), Math.abs(ode[1][v] - closed.intervened[v])]));
  const odeEffect = closed.observed.Erk - closed.intervened.Erk;

  const observed = gillespieRuns(CASCADE, rates, runs, SEEDS.observed).map(activeCounts);
  const sameSeed = gillespieRuns(CASCADE, after, runs, SEEDS.observed).map(activeCounts);
  const independent = gillespieRuns(CASCADE, after, runs, SEEDS.independent).map(activeCounts);

  const ssaObserved = Object.fromEntries(VARS.map((v) => [v, summary(observed.map((u) => u[v]))])) as ExperimentResult["ssaObserved"];
  const { derivation, mechanisms: f } = deriveMechanisms(CASCADE, rates);
  const stationaryMean = stationaryMeans(derivation, rates, observed);
  const stationaryMeanAfter = stationaryMeans(derivation, after, sameSeed);

  const interventionalEffects = observed.map((u, k) => u.Erk - independent[k].Erk);
  const sameSeedEffects = observed.map((u, k) => u.Erk - sameSeed[k].Erk);
  const raf1 = closed.intervened.Raf;
  const scmEffects = observed.map((u) => u.Erk - counterfactualErk(f, u, raf1).Erk);

  // Cross-check against the library's own abduction (exact for additive normal noise) on the first units.
  const model = cascadeScm(rates);
  const checkUnits = Math.min(runs, 10);
  let maxDifference = 0;
  for (let k = 0; k < checkUnits; k++) {
    const u = observed[k];
    const lib = model.counterfactual({ given: { E1: 1, Raf: u.Raf, Mek: u.Mek, Erk: u.Erk }, do: { Raf: raf1 } }).mean("Erk", { samples: 200, seed: 1 }).value;
    maxDifference = Math.max(maxDifference, Math.abs(lib - counterfactualErk(f, u, raf1).Erk));
  }

  const pRaf = f.Raf.p(1), T = f.Raf.module.total;

  // Misspecification: the world runs with Mek's deactivation x 1.5; we only know the nominal rates.
  const truthRates = mekDeactivationTimes(rates), truthAfter = rafActivateOver3(truthRates);
  const truthObserved = gillespieRuns(CASCADE, truthRates, runs, SEEDS.truth).map(activeCounts);
  const truthIntervened = gillespieRuns(CASCADE, truthAfter, runs, SEEDS.truth).map(activeCounts);
  const trueClosed = closedForm(CASCADE, truthAfter).Erk;
  const directValues = independent.map((u) => u.Erk);
  const raf1Nominal = closedForm(CASCADE, after).Raf; // what the modeller computes, from the nominal rates
  const scmValues = truthObserved.map((u) => counterfactualErk(f, u, raf1Nominal).Erk);
  const direct = summary(directValues), scmSummary = summary(scmValues);

  return {
    options, rates, closed, odeMaxDifference, odeEffect, ssaObserved, stationaryMean, stationaryMeanAfter,
    interventional: { effects: interventionalEffects, summary: summary(interventionalEffects) },
    sameSeed: { effects: sameSeedEffects, summary: summary(sameSeedEffects) },
    scm: { effects: scmEffects, summary: summary(scmEffects), raf1 },
    libraryCheck: { units: checkUnits, maxDifference },
    rafScale: { binomialSd: Math.sqrt(T * pRaf * (1 - pRaf)), referenceScale: T * pRaf * (1 - pRaf), ssaSd: ssaObserved.Raf.sd },
    misspecified: {
      truthRates, trueClosed, trueSsa: summary(truthIntervened.map((u) => u.Erk)),
      directValues, direct, directClosed: closed.intervened.Erk,
      scmValues, scm: scmSummary, trueValues: truthIntervened.map((u) => u.Erk),
      directError: direct.mean - trueClosed, scmError: scmSummary.mean - trueClosed,
      directErrorVsSsa: direct.mean - summary(truthIntervened.map((u) => u.Erk)).mean, scmErrorVsSsa: scmSummary.mean - summary(truthIntervened.map((u) => u.Erk)).mean,
    },
  };
}
