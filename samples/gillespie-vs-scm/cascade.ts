/**
 * The three-kinase cascade E1 -> Raf -> Mek -> Erk as a reaction network (Ness, Paneri & Vitek,
 * NeurIPS 2019, the single-phosphorylation MAPK model; rates restated from shared/notes/seeds.md
 * section c), with
 *   - a Gillespie stochastic simulator (the direct method: exponential waiting time, then one
 *     reaction chosen with probability proportional to its hazard), seeded;
 *   - the ODE of the same mass-action hazards (the mean-field limit), integrated by RK4.
 * Everything here reads the reaction list: nothing is specific to three kinases.
 */
import { createRng, type Rng } from "causal-studio";

/** One reaction: the molecules it consumes (pre) and produces (post), and its rate constant's name. */
export interface Reaction {
  name: string;
  rate: string;
  pre: Readonly<Record<string, number>>;
  post: Readonly<Record<string, number>>;
}

export interface Network {
  species: readonly string[];
  initial: Readonly<Record<string, number>>;
  reactions: readonly Reaction[];
}

export type Rates = Readonly<Record<string, number>>;

/**
 * Six mass-action reactions. A catalyst appears on both sides (E1 in Raf's activation, PRaf in
 * Mek's, PMek in Erk's), so each hazard is rate x (count of each reactant):
 * raf_activate·Raf·E1, raf_deactivate·PRaf, mek_activate·PRaf·Mek, ... E1 is one molecule that no
 * reaction changes; each kinase starts with 100 inactive molecules, so its total is conserved at 100.
 */
export const CASCADE: Network = {
  species: ["E1", "Raf", "PRaf", "Mek", "PMek", "Erk", "PErk"],
  initial: { E1: 1, Raf: 100, PRaf: 0, Mek: 100, PMek: 0, Erk: 100, PErk: 0 },
  reactions: [
    { name: "Raf activation", rate: "raf_activate", pre: { Raf: 1, E1: 1 }, post: { PRaf: 1, E1: 1 } },
    { name: "Raf deactivation", rate: "raf_deactivate", pre: { PRaf: 1 }, post: { Raf: 1 } },
    { name: "Mek activation", rate: "mek_activate", pre: { Mek: 1, PRaf: 1 }, post: { PMek: 1, PRaf: 1 } },
    { name: "Mek deactivation", rate: "mek_deactivate", pre: { PMek: 1 }, post: { Mek: 1 } },
    { name: "Erk activation", rate: "erk_activate", pre: { Erk: 1, PMek: 1 }, post: { PErk: 1, PMek: 1 } },
    { name: "Erk deactivation", rate: "erk_deactivate", pre: { PErk: 1 }, post: { Erk: 1 } },
  ],
};

/** The paper's rate sets ("Exp 1" and "Exp 2" of the authors' workflow; Exp 2 is the one that ran). */
export const RATE_SETS: Readonly<Record<"1" | "2", Rates>> = {
  "1": { raf_activate: 0.1, raf_deactivate: 0.1, mek_activate: 0.1, mek_deactivate: 2.0, erk_activate: 0.1, erk_deactivate: 1.0 },
  "2": { raf_activate: 0.2, raf_deactivate: 0.3, mek_activate: 0.2, mek_deactivate: 3.0, erk_activate: 0.2, erk_deactivate: 1.5 },
};

/** Run to t = 50, as the paper does. */
export const T_END = 50;

/** The intervention: Raf's activation rate divided by 3. */
export function rafActivateOver3(rates: Rates): Rates {
  return { ...rates, raf_activate: rates.raf_activate / 3 };
}

/** The misspecified truth of the demonstration: Mek's deactivation 1.5 times the nominal rate. */
export function mekDeactivationTimes(rates: Rates, factor = 1.5): Rates {
  return { ...rates, mek_deactivate: rates.mek_deactivate * factor };
}

/** The network compiled to index form: reactant indices and orders, net change per reaction. */
interface Compiled {
  n: number;
  x0: Float64Array;
  rate: Float64Array;
  /** Reactant species and their stoichiometry, per reaction. */
  reactants: { index: number; order: number }[][];
  /** Net change of each species, per reaction (dense, n entries). */
  change: Float64Array[];
}

function compile(net: Network, rates: Rates): Compiled {
  const idx = new Map(net.species.map((s, i) => [s, i]));
  const at = (s: string) => {
    const i = idx.get(s);
    if (i === undefined) throw new Error(`reaction network: unknown species "${s}"`);
    return i;
  };
  const n = net.species.length;
  const rate = Float64Array.from(net.reactions.map((r) => {
    const k = rates[r.rate];
    if (!(k >= 0) || !Number.isFinite(k)) throw new Error(`reaction "${r.name}" needs a finite non-negative rate "${r.rate}", got ${k}`);
    return k;
  }));
  const reactants = net.reactions.map((r) => Object.entries(r.pre).map(([s, order]) => ({ index: at(s), order })));
  const change = net.reactions.map((r) => {
    const c = new Float64Array(n);
    for (const [s, v] of Object.entries(r.pre)) c[at(s)] -= v;
    for (const [s, v] of Object.entries(r.post)) c[at(s)] += v;
    return c;
  });
  return { n, x0: Float64Array.from(net.species, (s) => net.initial[s] ?? 0), rate, reactants, change };
}

/** Mass-action hazard of a stochastic reaction: rate x the number of distinct reactant combinations. */
function stochasticHazard(c: Compiled, j: number, x: Float64Array): number {
  let h = c.rate[j];
  for (const { index, order } of c.reactants[j]) {
    const v = x[index];
    for (let k = 0; k < order; k++) h *= (v - k) / (k + 1);
  }
  return h;
}

/** Deterministic (ODE) rate of a reaction: rate x product of concentrations to their orders. */
function odeRate(c: Compiled, j: number, x: Float64Array): number {
  let h = c.rate[j];
  for (const { index, order } of c.reactants[j]) h *= x[index] ** order;
  return h;
}

/** The species counts at time tEnd of one Gillespie (direct method) run from the initial state. */
export function gillespie(net: Network, rates: Rates, tEnd: number, rng: Rng): Record<string, number> {
  const c = compile(net, rates);
  const x = Float64Array.from(c.x0), m = c.rate.length, a = new Float64Array(m);
  let t = 0;
  for (;;) {
    let a0 = 0;
    for (let j = 0; j < m; j++) { a[j] = stochasticHazard(c, j, x); a0 += a[j]; }
    if (a0 <= 0) break;
    t += -Math.log(1 - rng.next()) / a0; // exponential waiting time with rate a0
    if (t > tEnd) break;
    let u = rng.next() * a0, j = 0;
    while (j < m - 1 && u >= a[j]) u -= a[j++];
    const d = c.change[j];
    for (let i = 0; i < c.n; i++) x[i] += d[i];
  }
  return Object.fromEntries(net.species.map((s, i) => [s, x[i]]));
}

/** One Gillespie run per seed (seeds first, first + 1, ...): each run its own createRng(seed). */
export function gillespieRuns(net: Network, rates: Rates, runs: number, firstSeed: number, tEnd = T_END): Record<string, number>[] {
  return Array.from({ length: runs }, (_, k) => gillespie(net, rates, tEnd, createRng(firstSeed + k)));
}

/** The ODE dx/dt = sum_j change_j * rate_j(x), by classical RK4 with step h, to tEnd. */
export function odeSolve(net: Network, rates: Rates, tEnd = T_END, h = 0.01): Record<string, number> {
  const c = compile(net, rates), m = c.rate.length;
  const f = (x: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let j = 0; j < m; j++) {
      const r = odeRate(c, j, x), d = c.change[j];
      for (let i = 0; i < c.n; i++) out[i] += d[i] * r;
    }
  };
  let x = Float64Array.from(c.x0);
  const k1 = new Float64Array(c.n), k2 = new Float64Array(c.n), k3 = new Float64Array(c.n), k4 = new Float64Array(c.n), y = new Float64Array(c.n);
  const steps = Math.round(tEnd / h);
  for (let s = 0; s < steps; s++) {
    f(x, k1);
    for (let i = 0; i < c.n; i++) y[i] = x[i] + 0.5 * h * k1[i];
    f(y, k2);
    for (let i = 0; i < c.n; i++) y[i] = x[i] + 0.5 * h * k2[i];
    f(y, k3);
    for (let i = 0; i < c.n; i++) y[i] = x[i] + h * k3[i];
    f(y, k4);
    const next = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) next[i] = x[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    x = next;
  }
  return Object.fromEntries(net.species.map((s, i) => [s, x[i]]));
}

/** The same network from other initial counts (e.g. two molecules of the input enzyme E1). */
export function withInitial(net: Network, counts: Readonly<Record<string, number>>): Network {
  return { ...net, initial: { ...net.initial, ...counts } };
}
