/**
 * The ID algorithm of Shpitser & Pearl (2006), "Identification of joint interventional
 * distributions in recursive semi-Markovian causal models", for P(y | do(x)) on an ADMG over
 * observed variables. Returns the raw expression (simplify.ts tidies it) or the hedge that
 * proves non-identifiability. Line numbers refer to the paper's figure.
 */
import type { CausalGraph } from "../causal-graph";
import { fraction, type Dist } from "./dist";
import { product, sum, type Expr } from "./expression";

export type IdResult = { ok: true; expr: Expr } | { ok: false; hedge: { f: string[]; fPrime: string[] } };

class Hedge {
  constructor(readonly f: string[], readonly fPrime: string[]) {}
}

/** The sub-ADMG on `keep`, as index sets over the full graph. */
interface Sub {
  g: CausalGraph;
  nodes: Set<number>;
  /** Position of each node in a topological order of the full graph. */
  pos: Int32Array;
}

const minus = (a: Set<number>, b: Set<number>): Set<number> => new Set([...a].filter((v) => !b.has(v)));

function ancestors(s: Sub, of: Set<number>, cut = new Set<number>()): Set<number> {
  const out = new Set(of);
  const stack = [...of];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (cut.has(v)) continue;
    for (const p of s.g.pa[v]) {
      if (s.nodes.has(p) && !out.has(p) && !cut.has(p)) {
        out.add(p);
        stack.push(p);
      }
    }
  }
  return out;
}

/** Districts (c-components) of the subgraph on `within`. */
function districts(s: Sub, within: Set<number>): Set<number>[] {
  const seen = new Set<number>();
  const out: Set<number>[] = [];
  for (const v of [...within].sort((a, b) => s.pos[a] - s.pos[b])) {
    if (seen.has(v)) continue;
    const d = new Set([v]);
    seen.add(v);
    const stack = [v];
    while (stack.length > 0) {
      for (const w of s.g.sp[stack.pop()!]) {
        if (within.has(w) && !seen.has(w)) {
          seen.add(w);
          d.add(w);
          stack.push(w);
        }
      }
    }
    out.push(d);
  }
  return out;
}

export function idAlgorithm(g: CausalGraph, y: number[], x: number[]): IdResult {
  const order = g.requireAcyclic();
  const pos = new Int32Array(g.size);
  order.forEach((v, k) => (pos[v] = k));
  const all = new Set(order);
  const name = (i: number): string => g.nodeIds[i];
  const names = (s: Iterable<number>): string[] => [...s].sort((a, b) => pos[a] - pos[b]).map(name);
  const top: Dist = { expr: { kind: "prob", vars: names(all), given: [] }, domain: new Set(names(all)), atomic: true };
  const id = (ys: Set<number>, xs: Set<number>, P: Dist, nodes: Set<number>): Expr => {
    const s: Sub = { g, nodes, pos };
    // line 1
    if (xs.size === 0) return marginal(P, names(ys)).expr;
    // line 2
    const anY = ancestors(s, ys);
    if (anY.size !== nodes.size) return id(ys, new Set([...xs].filter((v) => anY.has(v))), marginal(P, names(anY)), anY);
    // line 3: W = (V \ X) \ An(Y) in the graph with edges into X cut
    const anYcut = ancestors(s, ys, xs);
    const w = [...minus(minus(nodes, xs), anYcut)];
    if (w.length > 0) return id(ys, new Set([...xs, ...w]), P, nodes);
    const rest = minus(nodes, xs);
    const cs = districts(s, rest);
    // line 4
    if (cs.length > 1) {
      const factors = cs.map((si) => id(si, minus(nodes, si), P, nodes));
      return sum(names(minus(rest, ys)), product(factors));
    }
    const S = cs[0];
    const cg = districts(s, nodes);
    // line 5
    if (cg.length === 1) throw new Hedge(names(nodes), names(S));
    const ordered = [...nodes].sort((a, b) => pos[a] - pos[b]);
    const before = (v: number): string[] => names(ordered.filter((u) => pos[u] < pos[v]));
    // line 6
    if (cg.some((c) => c.size === S.size && [...S].every((v) => c.has(v)))) {
      const factors = [...S].sort((a, b) => pos[a] - pos[b]).map((v) => conditional(P, name(v), before(v)));
      return sum(names(minus(S, ys)), product(factors));
    }
    // line 7
    const Sp = cg.find((c) => [...S].every((v) => c.has(v)))!;
    const factors = [...Sp].sort((a, b) => pos[a] - pos[b]).map((v) => conditional(P, name(v), before(v)));
    const Pp: Dist = { expr: product(factors), domain: new Set(names(Sp)), atomic: false };
    return id(ys, new Set([...xs].filter((v) => Sp.has(v))), Pp, Sp);
  };
  try {
    return { ok: true, expr: id(new Set(y), new Set(x), top, all) };
  } catch (e) {
    if (e instanceof Hedge) return { ok: false, hedge: { f: e.f, fPrime: e.fPrime } };
    throw e;
  }
}

function marginal(P: Dist, keep: string[]): Dist {
  const keepSet = new Set(keep);
  if (P.atomic && P.expr.kind === "prob") {
    return { expr: { kind: "prob", vars: keep, given: P.expr.given }, domain: keepSet, atomic: true };
  }
  const drop = [...P.domain].filter((v) => !keepSet.has(v));
  return { expr: sum(drop, P.expr), domain: keepSet, atomic: false };
}

/** P(v | cond) where cond may include context variables outside P's domain. */
function conditional(P: Dist, v: string, cond: string[]): Expr {
  const inDomain = cond.filter((c) => P.domain.has(c));
  if (P.atomic && P.expr.kind === "prob") return { kind: "prob", vars: [v], given: [...cond, ...P.expr.given] };
  return fraction(marginal(P, [...inDomain, v]).expr, marginal(P, inDomain).expr);
}
