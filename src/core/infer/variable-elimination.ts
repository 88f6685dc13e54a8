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
 *
 * Where the best of those still builds more than RANDOM_SEARCH_FROM entries, a seeded randomised
 * greedy search follows (Kask, Gelfand, Otten & Dechter 2011, "Pushing the power of stochastic greedy
 * ordering schemes for inference in graphical models"): each step picks uniformly among the
 * candidates whose min-fill or weighted-min-fill score is within 1.5× of the best, in batches of 8
 * orders, stopping at the first batch that improves the cost by less than 10%. On mildew's leaf
 * marginal it halves the entries built (11.0M to about 5.5M); on networks whose greedy orders are
 * already good the first batch stops it. Seeded by the graph's size, so a query plans the same
 * order every time.
 */
export function planElimination(scopes: readonly (readonly number[])[], eliminate: Iterable<number>, cardOf: (v: number) => number): EliminationPlan {
  const graph = interactionGraph(scopes, cardOf);
  const todo = [...eliminate].flatMap((v) => { const i = graph.local.get(v); return i === undefined ? [] : [i]; });
  let best: EliminationPlan & { cost: number } | undefined;
  for (const h of HEURISTICS) {
    const plan = greedyOrder(graph, todo, h);
    if (!best || plan.cost < best.cost) best = plan;
  }
  if (best!.cost > RANDOM_SEARCH_FROM) {
    let seed = (graph.vars.length * 7919 + todo.length) >>> 0 || 1;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let batch = 0; batch < RANDOM_BATCHES; batch++) {
      const before = best!.cost;
      for (let t = 0; t < RANDOM_BATCH; t++) {
        const plan = greedyOrder(graph, todo, t % 2 ? "weighted-min-fill" : "min-fill", { rand, slack: 1.5 });
        if (plan.cost < best!.cost) best = plan;
      }
      if (best!.cost > 0.9 * before) break;
    }
  }
  return { order: best!.order.map((i) => graph.vars[i]), maxClique: best!.maxClique };
}

/** The randomised search runs only where the greedy orders build more entries than this (a few ms of work), at most RANDOM_BATCHES × RANDOM_BATCH orders. */
const RANDOM_SEARCH_FROM = 2_000_000, RANDOM_BATCH = 8, RANDOM_BATCHES = 4;

/** The factors' interaction graph on local indices 0..m-1: an adjacency matrix, neighbour lists and cardinalities. */
interface Interaction { vars: number[]; local: Map<number, number>; card: Float64Array; matrix: Uint8Array; neighbours: number[][] }

function interactionGraph(scopes: readonly (readonly number[])[], cardOf: (v: number) => number): Interaction {
  const local = new Map<number, number>();
  const vars: number[] = [];
  for (const scope of scopes) for (const v of scope) if (!local.has(v)) { local.set(v, vars.length); vars.push(v); }
  const m = vars.length;
  const matrix = new Uint8Array(m * m);
  const neighbours: number[][] = Array.from({ length: m }, () => []);
  for (const scope of scopes) {
    for (const x of scope) {
      const a = local.get(x)!;
      for (const y of scope) {
        const b = local.get(y)!;
        if (a !== b && !matrix[a * m + b]) { matrix[a * m + b] = 1; neighbours[a].push(b); }
      }
    }
  }
  return { vars, local, card: Float64Array.from(vars, cardOf), matrix, neighbours };
}

/**
 * One greedy order on a copy of the graph. Each candidate's score and table size are kept between
 * steps: eliminating v changes only the scores of v's neighbours (their neighbourhoods) and, for the
 * fill heuristics, of those neighbours' neighbours (whose neighbours gained edges) — the same choice
 * as rescoring every candidate at every step. Ties go to the smaller table, then the earlier in `todo`;
 * with `random`, the step picks uniformly among the candidates scoring within `slack` × the best.
 */
function greedyOrder(graph: Interaction, todo: readonly number[], h: Heuristic, random?: { rand: () => number; slack: number }): EliminationPlan & { cost: number } {
  const m = graph.vars.length, card = graph.card;
  const matrix = graph.matrix.slice();
  const neighbours = graph.neighbours.map((ns) => ns.slice());
  const alive = new Uint8Array(m).fill(1);
  const waiting = new Uint8Array(m);
  for (const v of todo) waiting[v] = 1;
  const score = new Float64Array(m), size = new Float64Array(m);
  const fill = h === "min-fill" || h === "weighted-min-fill";
  const live = (v: number): number[] => {
    const ns = neighbours[v];
    let k = 0;
    for (const u of ns) if (alive[u]) ns[k++] = u;
    ns.length = k;
    return ns;
  };
  const evaluate = (v: number): void => {
    const ns = live(v);
    let sz = card[v];
    for (const u of ns) sz *= card[u];
    let sc: number;
    if (h === "min-weight") sc = sz;
    else if (h === "min-message") sc = sz / card[v];
    else {
      sc = 0;
      for (let i = 0; i < ns.length; i++) {
        const row = ns[i] * m;
        for (let j = i + 1; j < ns.length; j++) if (!matrix[row + ns[j]]) sc += h === "min-fill" ? 1 : card[ns[i]] * card[ns[j]];
      }
    }
    score[v] = sc;
    size[v] = sz;
  };
  for (const v of todo) evaluate(v);
  const stamp = new Int32Array(m).fill(-1);
  const order: number[] = [];
  let maxClique = 1, cost = 0;
  for (let step = 0; step < todo.length; step++) {
    let best = -1, bestScore = Infinity, bestSize = Infinity;
    for (const v of todo) {
      if (!waiting[v]) continue;
      if (score[v] < bestScore || (score[v] === bestScore && size[v] < bestSize)) { best = v; bestScore = score[v]; bestSize = size[v]; }
    }
    if (random) {
      // Uniformly among the candidates within `slack` of the best score (the best itself when it stands alone).
      const limit = bestScore * random.slack;
      let n = 0;
      for (const v of todo) if (waiting[v] && score[v] <= limit) n++;
      let pick = Math.floor(random.rand() * n);
      for (const v of todo) if (waiting[v] && score[v] <= limit && pick-- === 0) { best = v; bestScore = score[v]; bestSize = size[v]; break; }
    }
    const ns = live(best).slice();
    alive[best] = 0;
    waiting[best] = 0;
    for (let i = 0; i < ns.length; i++) {
      const a = ns[i];
      for (let j = i + 1; j < ns.length; j++) {
        const b = ns[j];
        if (!matrix[a * m + b]) { matrix[a * m + b] = matrix[b * m + a] = 1; neighbours[a].push(b); neighbours[b].push(a); }
      }
    }
    order.push(best);
    maxClique = Math.max(maxClique, bestSize);
    cost += bestSize;
    for (const a of ns) {
      if (waiting[a] && stamp[a] !== step) { stamp[a] = step; evaluate(a); }
      if (fill) for (const b of live(a)) if (waiting[b] && stamp[b] !== step) { stamp[b] = step; evaluate(b); }
    }
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
