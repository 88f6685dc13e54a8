/**
 * Variable elimination: the unnormalised joint of the query variables, with every other
 * variable summed out in the cheapest of three greedy orders (planElimination), after
 * dropping barren factors (whose variables nothing else needs). Not a sum over the full joint.
 */
import { countText, tooLarge } from "./not-exact";
import { Factor, multiply, productSumOut, reduce, sumOut } from "./factor";

export interface EliminationPlan {
  order: number[];
  /** The largest intermediate table (entries) the order creates. */
  maxClique: number;
}

type Heuristic = "min-fill" | "weighted-min-fill" | "min-weight" | "min-message";
const HEURISTICS: readonly Heuristic[] = ["min-fill", "weighted-min-fill", "min-weight", "min-message"];

/**
 * An elimination order for `eliminate` on the factors' interaction graph: greedy orders by three
 * classic heuristics (Koller & Friedman 2009, §9.4.3.2) — min-fill (fewest new edges), weighted
 * min-fill (new edges weighted by the product of their ends' cardinalities), min-weight (the
 * smallest table) and min-message (the smallest factor left after summing out: the greedy rule of
 * tensor contraction) — each scored by the entries it would build in all; the cheapest is kept. On
 * networks with very unequal cardinalities (barley, mildew) min-fill alone can build tables a
 * hundred times larger than the weighted orders.
 */
export function planElimination(scopes: readonly (readonly number[])[], eliminate: Iterable<number>, cardOf: (v: number) => number): EliminationPlan {
  const todo = [...eliminate];
  let best: EliminationPlan & { cost: number } | undefined;
  for (const h of HEURISTICS) {
    const plan = greedyOrder(scopes, todo, cardOf, h);
    if (!best || plan.cost < best.cost) best = plan;
  }
  return { order: best!.order, maxClique: best!.maxClique };
}

function greedyOrder(scopes: readonly (readonly number[])[], eliminate: readonly number[], cardOf: (v: number) => number, h: Heuristic): EliminationPlan & { cost: number } {
  const adj = new Map<number, Set<number>>();
  const node = (v: number): Set<number> => { let s = adj.get(v); if (!s) adj.set(v, (s = new Set())); return s; };
  for (const scope of scopes) for (const a of scope) { node(a); for (const b of scope) if (a !== b) node(a).add(b); }
  const todo = new Set(eliminate.filter((v) => adj.has(v)));
  const order: number[] = [];
  let maxClique = 1, cost = 0;
  while (todo.size) {
    let best = -1, bestScore = Infinity, bestSize = Infinity;
    for (const v of todo) {
      const ns = [...adj.get(v)!];
      const size = ns.reduce((p, u) => p * cardOf(u), cardOf(v));
      let score: number;
      if (h === "min-weight") score = size;
      else if (h === "min-message") score = size / cardOf(v);
      else {
        score = 0;
        for (let i = 0; i < ns.length && score <= bestScore; i++) {
          const ni = adj.get(ns[i])!;
          for (let j = i + 1; j < ns.length; j++) if (!ni.has(ns[j])) score += h === "min-fill" ? 1 : cardOf(ns[i]) * cardOf(ns[j]);
        }
      }
      if (score < bestScore || (score === bestScore && size < bestSize)) { best = v; bestScore = score; bestSize = size; }
    }
    const ns = [...adj.get(best)!];
    for (const a of ns) { const s = adj.get(a)!; s.delete(best); for (const b of ns) if (a !== b) s.add(b); }
    adj.delete(best);
    todo.delete(best);
    order.push(best);
    maxClique = Math.max(maxClique, bestSize);
    cost += bestSize;
  }
  return { order, maxClique, cost };
}

export interface FactorWithChildren {
  factor: Factor;
  /** The variables this factor is the conditional distribution of (for barren-node pruning). */
  children: readonly number[];
}

/** Removes factors whose children are not kept and appear in no other factor, repeatedly. */
export function pruneBarren(factors: readonly FactorWithChildren[], keep: ReadonlySet<number>): FactorWithChildren[] {
  const count = new Map<number, number>();
  for (const f of factors) for (const v of f.factor.vars) count.set(v, (count.get(v) ?? 0) + 1);
  const alive = new Set(factors);
  let changed = true;
  while (changed) {
    changed = false;
    for (const f of alive) {
      if (f.children.some((c) => keep.has(c) || (count.get(c) ?? 0) > 1)) continue;
      alive.delete(f);
      for (const v of f.factor.vars) count.set(v, count.get(v)! - 1);
      changed = true;
    }
  }
  return factors.filter((f) => alive.has(f));
}

export interface EliminationResult {
  /** The unnormalised joint over `query` in the given order (first varies fastest). */
  joint: Factor;
  plan: EliminationPlan;
}

/**
 * Reduces the factors by the evidence (variable -> value index), eliminates everything except
 * `query`, and returns the joint over `query`. Its sum is the probability of the evidence.
 */
export function eliminate(factors: readonly FactorWithChildren[], query: readonly number[], evidence: ReadonlyMap<number, number>, cardOf: (v: number) => number, maxClique = 1 << 24): EliminationResult {
  const keep = new Set([...query, ...evidence.keys()]);
  let fs = pruneBarren(factors, keep).map((f) => {
    let g = f.factor;
    for (const v of g.vars) if (evidence.has(v)) g = reduce(g, v, evidence.get(v)!);
    return g;
  });
  const all = new Set<number>();
  for (const f of fs) for (const v of f.vars) all.add(v);
  const q = new Set(query);
  const plan = planElimination(fs.map((f) => f.vars), [...all].filter((v) => !q.has(v)), cardOf);
  if (plan.maxClique > maxClique) throw tooLarge(`variable elimination would build a table of ${countText(plan.maxClique)} entries (limit ${countText(maxClique)})`, `a table of ${countText(plan.maxClique)} entries`);
  for (const v of plan.order) {
    const touching = fs.filter((f) => f.vars.includes(v));
    fs = fs.filter((f) => !f.vars.includes(v));
    fs.push(touching.length === 1 ? sumOut(touching[0], v) : productSumOut(touching, v, cardOf));
  }
  let joint = Factor.scalar(1);
  for (const f of fs) joint = multiply(joint, f, cardOf);
  for (const v of query) if (!joint.vars.includes(v)) joint = multiply(joint, new Factor([v], [cardOf(v)], new Float64Array(cardOf(v)).fill(1)), cardOf);
  return { joint: arrange(joint, query, cardOf), plan };
}

/** The same table with its variables in the requested order. */
function arrange(f: Factor, order: readonly number[], cardOf: (v: number) => number): Factor {
  if (f.vars.length === order.length && f.vars.every((v, i) => v === order[i])) return f;
  const target = new Factor(order, order.map(cardOf), new Float64Array(order.reduce((p, v) => p * cardOf(v), 1)));
  return multiply(target.vars.length ? onesLike(target) : target, f, cardOf);
}

function onesLike(f: Factor): Factor {
  return new Factor(f.vars, f.card, new Float64Array(f.values.length).fill(1));
}
