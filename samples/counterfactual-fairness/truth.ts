/**
 * The true SCMs behind the sample's synthetic populations, with literal numbers.
 *
 * Law school (an LSAC-like population; the real LSAC data are not shipped): knowledge K ~ N(0, 1),
 * race ~ Bernoulli(0.25) (1 = minority group), sex ~ Bernoulli(0.45) (1 = male), and
 *   GPA  = 3.2 + 0.25 K - 0.25 race + 0.03 sex + eG,               eG ~ N(0, 0.3^2)
 *   LSAT = F^-1(uL; lambda),  lambda = exp(3.5 + 0.1 K - 0.1 race + 0.02 sex),  uL ~ U(0, 1)
 *   FYA  = 0.6 K - 1.0 race + 0.15 sex + 0.42 eG / 0.3 + eF,       eF ~ N(0, 0.8^2)
 * with F^-1 the Poisson inverse CDF (the smallest k with F(k; lambda) >= uL): LSAT is Poisson(lambda)
 * and its exogenous term is the uniform uL, which a counterfactual holds fixed while lambda moves.
 * GPA's noise eG also raises FYA (study habits the grades record beyond K): that is what the
 * Level-2 model (law-school.causal.ts) leaves out, and why Fair Add, which reads eG's estimate,
 * beats Fair K, which reads only K (README.md).
 */
import { bernoulli, createRng, normal, poisson, scm } from "causal-studio";

export const LAW = {
  pRace: 0.25, pSex: 0.45,
  gpa: { b: 3.2, K: 0.25, race: -0.25, sex: 0.03, sd: 0.3 },
  lsat: { b: 3.5, K: 0.1, race: -0.1, sex: 0.02 },
  fya: { K: 0.6, race: -1.0, sex: 0.15, gpaNoise: 0.42, sd: 0.8 },
} as const;

export const gpaMean = (K: number, race: number, sex: number) => LAW.gpa.b + LAW.gpa.K * K + LAW.gpa.race * race + LAW.gpa.sex * sex;
export const lsatLogRate = (K: number, race: number, sex: number) => LAW.lsat.b + LAW.lsat.K * K + LAW.lsat.race * race + LAW.lsat.sex * sex;
export const fyaMean = (K: number, race: number, sex: number, eG: number) => LAW.fya.K * K + LAW.fya.race * race + LAW.fya.sex * sex + (LAW.fya.gpaNoise * eG) / LAW.gpa.sd;

/** The Poisson inverse CDF: the smallest k with P(X <= k) >= u, X ~ Poisson(lambda) (lambda below ~700). */
export function poissonQuantile(u: number, lambda: number): number {
  let k = 0, p = Math.exp(-lambda), c = p;
  while (u > c && p > 0) { k++; p *= lambda / k; c += p; }
  return k;
}

/** The true law-school SCM as a Causal Studio model (the library's queries run on it: fairness.ts). */
export const lawTruth = scm("law school (truth)")
  .latent("K", () => normal(0, 1))
  .variable("race", () => bernoulli(LAW.pRace))
  .variable("sex", () => bernoulli(LAW.pSex))
  .variable("gpa", ({ K, race, sex }) => normal(gpaMean(K, race, sex), LAW.gpa.sd))
  .variable("lsat", ({ K, race, sex }) => poisson(Math.exp(lsatLogRate(K, race, sex))))
  .variable("fya", ({ K, race, sex, gpa }) => normal(fyaMean(K, race, sex, gpa - gpaMean(K, race, sex)), LAW.fya.sd));

/** One individual of the population: the observed columns and the exogenous terms behind them. */
export interface LawPopulation {
  n: number;
  race: Float64Array; sex: Float64Array; gpa: Float64Array; lsat: Float64Array; fya: Float64Array;
  /** Exogenous terms (never in the CSV): K, eG, uL, eF. */
  K: Float64Array; eG: Float64Array; uL: Float64Array; eF: Float64Array;
}

/** Draws n individuals from the truth, seeded (createRng): per row K, race, sex, eG, uL, eF in that order. */
export function lawPopulation(n: number, seed: number): LawPopulation {
  const rng = createRng(seed);
  const col = () => new Float64Array(n);
  const p: LawPopulation = { n, race: col(), sex: col(), gpa: col(), lsat: col(), fya: col(), K: col(), eG: col(), uL: col(), eF: col() };
  for (let i = 0; i < n; i++) {
    const K = rng.normal(), race = rng.next() < LAW.pRace ? 1 : 0, sex = rng.next() < LAW.pSex ? 1 : 0;
    const eG = LAW.gpa.sd * rng.normal(), uL = rng.next(), eF = LAW.fya.sd * rng.normal();
    p.K[i] = K; p.race[i] = race; p.sex[i] = sex; p.eG[i] = eG; p.uL[i] = uL; p.eF[i] = eF;
    p.gpa[i] = gpaMean(K, race, sex) + eG;
    p.lsat[i] = poissonQuantile(uL, Math.exp(lsatLogRate(K, race, sex)));
    p.fya[i] = fyaMean(K, race, sex, eG) + eF;
  }
  return p;
}
