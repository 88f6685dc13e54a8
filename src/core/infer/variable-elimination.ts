/**
 * Variable elimination: the unnormalised joint of the query variables, with every other
 * variable summed out in a greedy min-fill order (ties broken by the smaller clique), after
 * dropping barren factors (whose variables nothing else needs). Not a sum over the full joint.
 */
import { countText, tooLarge } from "./not-exact";
import { Factor, multiply, reduce, sumOut } from "./factor";

export interface EliminationPlan {
  order: number[];
  /** The largest intermediate table (entries) the order creates. */
  maxClique: number;
}

/** Greedy min-fill ordering of `eliminate` on the factors' interaction graph. */
export function planElimination(scopes: readonly (readonly number[])[], eliminate: Iterable<number>, cardOf: (v: number) => number): EliminationPlan {
  const adj = new Map<number, Set<number>>();
  const node = (v: number): Set<number> => { let s = adj.get(v); if (!s) adj.set(v, (s = new Set())); return s; };
  for (const scope of scopes) for (const a of scope) { node(a); for (const b of scope) if (a !== b) node(a).add(b); }
  const todo = new Set([...eliminate].filter((v) => adj.has(v)));
  const order: number[] = [];
  let maxClique = 1;
  while (todo.size) {
    let best = -1, bestFill = Infinity, bestSize = Infinity;
    for (const v of todo) {
      const ns = [...adj.get(v)!];
      let fill = 0;
      for (let i = 0; i < ns.length && fill < bestFill + 1; i++) for (let j = i + 1; j < ns.length; j++) if (!adj.get(ns[i])!.has(ns[j])) fill++;
      const size = ns.reduce((p, u) => p * cardOf(u), cardOf(v));
      if (fill < bestFill || (fill === bestFill && size < bestSize)) { best = v; bestFill = fill; bestSize = size; }
    }
    const ns = [...adj.get(best)!];
    for (const a of ns) { const s = adj.get(a)!; s.delete(best); for (const b of ns) if (a !== b) s.add(b); }
    adj.delete(best);
    todo.delete(best);
    order.push(best);
    maxClique = Math.max(maxClique, bestSize);
  }
  return { order, maxClique };
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
    let prod = touching[0];
    for (let i = 1; i < touching.length; i++) prod = multiply(prod, touching[i], cardOf);
    fs.push(sumOut(prod, v));
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
