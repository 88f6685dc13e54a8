import { delta, scm } from "causal-studio";
import { CASCADE, RATE_SETS, type Rates } from "./cascade";
import { deriveMechanisms, type NoiseScale } from "./derive";

/**
 * The MAPK cascade at equilibrium as an SCM, its mechanisms derived from the reaction list
 * (derive.ts): each variable is a kinase's ACTIVE (phosphorylated) count, Raf = #PRaf, Mek = #PMek,
 * Erk = #PErk, and its mechanism is T·g1(k_act·parent / k_deact) + sqrt(T·p·(1-p))·N, N ~ Normal(0, 1),
 * with T = 100 and p = g1(k_act·parent / k_deact). E1 is the constant input enzyme (one molecule).
 * The DAG written here is checked against the one read off the reactions (each module's catalyst).
 */
export function cascadeScm(rates: Rates, noise: NoiseScale = "binomial-sd") {
  const { derivation, mechanisms: f } = deriveMechanisms(CASCADE, rates, noise);
  const m = scm("MAPK cascade at equilibrium")
    .variable("E1", () => delta(1))
    .variable("Raf", ({ E1 }) => f.Raf.distribution(E1))
    .variable("Mek", ({ Raf }) => f.Mek.distribution(Raf))
    .variable("Erk", ({ Mek }) => f.Erk.distribution(Mek));
  const written = m.variables.map((v) => `${v.name}<-${v.parents.join(",")}`).join(" ");
  const derived = [...derivation.constants.map((c) => `${c.name}<-`), ...derivation.modules.map((d) => `${d.name}<-${d.parent}`)].join(" ");
  if (written !== derived) throw new Error(`the model's DAG (${written}) is not the one the reactions imply (${derived})`);
  return m;
}

export type CascadeModel = ReturnType<typeof cascadeScm>;

/** Rate set 2 (raf 0.2/0.3, mek 0.2/3.0, erk 0.2/1.5), the one the paper's workflow ran. */
export default cascadeScm(RATE_SETS["2"]);
