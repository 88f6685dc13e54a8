/**
 * The SCM of a reaction network at equilibrium, derived from its reaction list (Ness, Paneri &
 * Vitek 2019, section 3): when every non-constant species belongs to a two-state module
 *   X + C -> PX + C   (activation, hazard k_act·X·C, C the catalyst: a constant species or
 *                      another module's active form)
 *   PX -> X           (deactivation, hazard k_deact·PX)
 * each of the module's T molecules is active at equilibrium with probability
 * p = g1(k_act·C / k_deact), g1(a) = a / (a + 1), independently, so the active count is
 * Binomial(T, p): mean T·p, SD sqrt(T·p·(1 - p)). The SCM's mechanism for the module is that mean
 * of its parent C plus noise, X = T·p + sqrt(T·p(1-p))·N, N ~ Normal(0, 1).
 * (The authors' code scales N by T·p·(1 - p), the binomial variance, not its square root; the
 * `reference-variance` noise below reproduces that choice for comparison.)
 */
import { delta, normal, type Distribution } from "causal-studio";
import type { Network, Rates } from "./cascade";

export const g1 = (a: number): number => a / (a + 1);

/** One two-state module read off the reactions. */
export interface Module {
  /** The SCM variable: the module's inactive species' name (its value is the ACTIVE count). */
  name: string;
  inactive: string;
  active: string;
  /** The SCM parent: a constant species, or the name of the module whose active form catalyses this one. */
  parent: string;
  total: number;
  activateRate: string;
  deactivateRate: string;
}

export interface Derivation {
  /** Species that no reaction changes (E1): the SCM's roots, fixed at their initial counts. */
  constants: { name: string; value: number }[];
  /** Modules in causal order (each after its parent). */
  modules: Module[];
}

/** Reads the two-state modules off the reaction list; throws where a reaction fits no module. */
export function deriveModules(net: Network): Derivation {
  const changed = new Set<string>();
  const net1 = net.reactions.map((r) => {
    const change = new Map<string, number>();
    for (const [s, v] of Object.entries(r.pre)) change.set(s, (change.get(s) ?? 0) - v);
    for (const [s, v] of Object.entries(r.post)) change.set(s, (change.get(s) ?? 0) + v);
    const moved = [...change].filter(([, v]) => v !== 0);
    for (const [s] of moved) changed.add(s);
    const from = moved.filter(([, v]) => v === -1).map(([s]) => s), to = moved.filter(([, v]) => v === 1).map(([s]) => s);
    if (moved.length !== 2 || from.length !== 1 || to.length !== 1) throw new Error(`reaction "${r.name}" does not turn one molecule of one species into one of another; no two-state module`);
    const catalysts = Object.keys(r.pre).filter((s) => s !== from[0]);
    for (const s of catalysts) if (r.pre[s] !== 1 || r.post[s] !== 1) throw new Error(`reaction "${r.name}": "${s}" is not a first-order catalyst`);
    if (r.pre[from[0]] !== 1 || catalysts.length > 1) throw new Error(`reaction "${r.name}" is not first order in its substrate and at most one catalyst`);
    return { r, from: from[0], to: to[0], catalyst: catalysts[0] as string | undefined };
  });
  const constants = net.species.filter((s) => !changed.has(s)).map((s) => ({ name: s, value: net.initial[s] ?? 0 }));
  const activations = net1.filter((x) => x.catalyst !== undefined), deactivations = net1.filter((x) => x.catalyst === undefined);
  const modules: Module[] = activations.map((a) => {
    const back = deactivations.filter((d) => d.from === a.to && d.to === a.from);
    if (back.length !== 1) throw new Error(`activation "${a.r.name}" (${a.from} -> ${a.to}) needs exactly one deactivation ${a.to} -> ${a.from}, found ${back.length}`);
    return { name: a.from, inactive: a.from, active: a.to, parent: a.catalyst!, total: (net.initial[a.from] ?? 0) + (net.initial[a.to] ?? 0), activateRate: a.r.rate, deactivateRate: back[0].r.rate };
  });
  if (modules.length * 2 !== net.reactions.length) throw new Error("every reaction must belong to one activation/deactivation pair");
  // Parents: a constant species stays itself; an active form names its module.
  for (const m of modules) {
    const owner = modules.find((o) => o.active === m.parent);
    if (owner) m.parent = owner.name;
    else if (!constants.some((c) => c.name === m.parent)) throw new Error(`module ${m.name}: catalyst "${m.parent}" is neither constant nor a module's active form`);
  }
  // Causal order: a module after its parent (the network must be acyclic).
  const ordered: Module[] = [], known = new Set(constants.map((c) => c.name));
  while (ordered.length < modules.length) {
    const next = modules.find((m) => !known.has(m.name) && known.has(m.parent));
    if (!next) throw new Error("the modules' catalysis is cyclic; no DAG");
    ordered.push(next);
    known.add(next.name);
  }
  return { constants, modules: ordered };
}

export type NoiseScale = "binomial-sd" | "reference-variance" | "none";

/** A module's mechanism: the equilibrium mean of its active count given its parent, the noise scale, and the distribution. */
export interface Mechanism {
  module: Module;
  p(parent: number): number;
  mean(parent: number): number;
  sd(parent: number): number;
  distribution(parent: number): Distribution<number>;
}

/** The mechanisms of the derived SCM for these rates, keyed by module name. */
export function deriveMechanisms(net: Network, rates: Rates, noise: NoiseScale = "binomial-sd"): { derivation: Derivation; mechanisms: Record<string, Mechanism> } {
  const derivation = deriveModules(net);
  const mechanisms: Record<string, Mechanism> = {};
  for (const m of derivation.modules) {
    const ratio = rates[m.activateRate] / rates[m.deactivateRate], T = m.total;
    const p = (parent: number) => g1(ratio * parent);
    const sd = (parent: number) => {
      const q = p(parent);
      return noise === "none" ? 0 : noise === "binomial-sd" ? Math.sqrt(T * q * (1 - q)) : T * q * (1 - q);
    };
    mechanisms[m.name] = {
      module: m, p, mean: (parent) => T * p(parent), sd,
      distribution: (parent) => (noise === "none" ? delta(T * p(parent)) : normal(T * p(parent), sd(parent))),
    };
  }
  return { derivation, mechanisms };
}

/** The closed-form steady state: constants at their values, each module's active count at T·g1(ratio·parent). */
export function closedForm(net: Network, rates: Rates): Record<string, number> {
  const { derivation, mechanisms } = deriveMechanisms(net, rates, "none");
  const v: Record<string, number> = Object.fromEntries(derivation.constants.map((c) => [c.name, c.value]));
  for (const m of derivation.modules) v[m.name] = mechanisms[m.name].mean(v[m.parent]);
  return v;
}
