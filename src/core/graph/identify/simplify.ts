/**
 * Tidies an ID expression without changing its value:
 *  1. renames bound variables that clash with free ones (x becomes x'), so sums can move freely;
 *  2. flattens into one sum over a product ("sum of products" form), per fraction part;
 *  3. shortens each P(A | C) to P(A | C') by conditional independences of the graph
 *     (A ⊥ C \ C' | C' by m-separation, which holds for the observational distribution);
 *  4. sums out factors P(A | C) over a summed variable of A that occurs nowhere else
 *     (Σ_s P(s, A' | C) g = P(A' | C) g), and drops sums over variables that do not occur;
 *  5. cancels equal factors between numerator and denominator, P(A, B | C) / P(B | C) = P(A | B, C);
 *  6. nests the sums again as deep as they go, so each factor sits outside every sum it does not need.
 */
import { ONE, freeNames, product, type Expr } from "./expression";

export interface Oracle {
  /** True when variables `a` are m-separated from `c` given `given` in the graph. */
  separated(a: string[], c: string, given: string[]): boolean;
  rank(variable: string): number;
}

type Binder = { name: string; variable: string };
interface Sop {
  over: Binder[];
  factors: Expr[];
}

export function simplify(e: Expr, oracle: Oracle): Expr {
  const varOf = new Map<string, string>();
  const renamed = rename(e, new Set(freeNames(e)), new Map(), varOf);
  const variable = (name: string): string => varOf.get(name) ?? name;
  return rebuild(normal(renamed, oracle, variable), oracle, variable);
}

export function nameRank(oracle: Oracle, e: Expr): (name: string) => number {
  const varOf = new Map<string, string>();
  const walk = (x: Expr): void => {
    if (x.kind === "sum") {
      for (const o of x.over) varOf.set(o.name, o.variable);
      walk(x.body);
    } else if (x.kind === "product") x.factors.forEach(walk);
    else if (x.kind === "fraction") {
      walk(x.num);
      walk(x.den);
    }
  };
  walk(e);
  return (name) => oracle.rank(varOf.get(name) ?? name) + (name.length - (varOf.get(name) ?? name).length) * 0.001;
}

function rename(e: Expr, used: Set<string>, sub: Map<string, string>, varOf: Map<string, string>): Expr {
  const s = (v: string): string => sub.get(v) ?? v;
  switch (e.kind) {
    case "one":
      return e;
    case "prob":
      return { kind: "prob", vars: e.vars.map(s), given: e.given.map(s) };
    case "product":
      return product(e.factors.map((f) => rename(f, used, sub, varOf)));
    case "fraction":
      return { kind: "fraction", num: rename(e.num, used, sub, varOf), den: rename(e.den, used, sub, varOf) };
    case "sum": {
      const inner = new Map(sub);
      const over = e.over.map((o) => {
        let name = o.name;
        while (used.has(name)) name += "'";
        used.add(name);
        inner.set(o.name, name);
        varOf.set(name, o.variable);
        return { name, variable: o.variable };
      });
      return { kind: "sum", over, body: rename(e.body, used, inner, varOf) };
    }
  }
}

function toSop(e: Expr, oracle: Oracle, variable: (n: string) => string): Sop {
  switch (e.kind) {
    case "one":
      return { over: [], factors: [] };
    case "prob":
      return { over: [], factors: [prune(e, oracle, variable)] };
    case "sum": {
      const inner = toSop(e.body, oracle, variable);
      return { over: [...e.over, ...inner.over], factors: inner.factors };
    }
    case "product": {
      const parts = e.factors.map((f) => toSop(f, oracle, variable));
      return { over: parts.flatMap((p) => p.over), factors: parts.flatMap((p) => p.factors) };
    }
    case "fraction":
      return { over: [], factors: [fractionOf(normal(e.num, oracle, variable), normal(e.den, oracle, variable), oracle, variable)] };
  }
}

function normal(e: Expr, oracle: Oracle, variable: (n: string) => string): Sop {
  const sop = toSop(e, oracle, variable);
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of sop.over) {
      const users = sop.factors.filter((f) => freeNames(f).has(b.name));
      if (users.length === 0) {
        sop.over = sop.over.filter((o) => o !== b);
        changed = true;
        break;
      }
      const f = users[0];
      if (users.length === 1 && f.kind === "prob" && f.vars.includes(b.name) && !f.given.includes(b.name)) {
        const vars = f.vars.filter((v) => v !== b.name);
        const replacement: Expr = vars.length === 0 ? ONE : prune({ kind: "prob", vars, given: f.given }, oracle, variable);
        sop.factors = sop.factors.flatMap((g) => (g === f ? (replacement.kind === "one" ? [] : [replacement]) : [g]));
        sop.over = sop.over.filter((o) => o !== b);
        changed = true;
        break;
      }
    }
  }
  return sop;
}

function prune(p: Extract<Expr, { kind: "prob" }>, oracle: Oracle, variable: (n: string) => string): Expr {
  const a = p.vars.map(variable);
  const all = [...a, ...p.given.map(variable)];
  if (new Set(all).size !== all.length) return p;
  let keep = [...p.given];
  for (const c of p.given) {
    const rest = keep.filter((k) => k !== c);
    if (oracle.separated(a, variable(c), rest.map(variable))) keep = rest;
  }
  return { kind: "prob", vars: p.vars, given: keep };
}

const key = (e: Expr): string => JSON.stringify(e.kind === "prob" ? { v: [...e.vars].sort(), g: [...e.given].sort() } : e);

function fractionOf(num: Sop, den: Sop, oracle: Oracle, variable: (n: string) => string): Expr {
  if (num.over.length === 0 && den.over.length === 0) {
    const rest = [...den.factors];
    const top: Expr[] = [];
    for (const f of num.factors) {
      const i = rest.findIndex((d) => key(d) === key(f));
      if (i >= 0) rest.splice(i, 1);
      else top.push(f);
    }
    if (rest.length === 0) return product(top);
    if (top.length === 1 && rest.length === 1 && top[0].kind === "prob" && rest[0].kind === "prob") {
      const [t, d] = [top[0], rest[0]];
      if (key({ kind: "prob", vars: [], given: t.given }) === key({ kind: "prob", vars: [], given: d.given }) && d.vars.every((v) => t.vars.includes(v))) {
        return prune({ kind: "prob", vars: t.vars.filter((v) => !d.vars.includes(v)), given: [...d.vars, ...t.given] }, oracle, variable);
      }
    }
    return { kind: "fraction", num: product(top), den: product(rest) };
  }
  return { kind: "fraction", num: rebuild(num, oracle, variable), den: rebuild(den, oracle, variable) };
}

function rebuild(sop: Sop, oracle: Oracle, variable: (n: string) => string): Expr {
  const rank = (f: Expr): number => Math.min(...[...freeNames(f)].map((n) => oracle.rank(variable(n))), Infinity);
  const sorted = (fs: Expr[]) => [...fs].sort((a, b) => rank(a) - rank(b));
  const build = (over: Binder[], factors: Expr[]): Expr => {
    const mentions = (f: Expr, bs: Binder[]) => {
      const free = freeNames(f);
      return bs.some((b) => free.has(b.name));
    };
    const outer = factors.filter((f) => !mentions(f, over));
    const inner = factors.filter((f) => mentions(f, over));
    if (over.length === 0 || inner.length === 0) return product(sorted(factors));
    let best = over[0];
    let bestCount = -1;
    for (const b of over) {
      const others = over.filter((o) => o !== b);
      const count = inner.filter((f) => !mentions(f, others)).length;
      if (count > bestCount || (count === bestCount && oracle.rank(b.variable) > oracle.rank(best.variable))) {
        best = b;
        bestCount = count;
      }
    }
    const others = over.filter((o) => o !== best);
    const own = inner.filter((f) => !mentions(f, others));
    const deeper = inner.filter((f) => mentions(f, others));
    const body = product([...sorted(own), ...(deeper.length ? [build(others, deeper)] : [])]);
    return product([...sorted(outer), { kind: "sum", over: [best], body }]);
  };
  return build(sop.over, sop.factors);
}
