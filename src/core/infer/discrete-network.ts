/**
 * Builds the discrete network exact inference works on: one node per (variable, world) copy,
 * shared across worlds where a variable is not downstream of that world's interventions (the
 * twin network of Balke & Pearl 1994, merged), constants where a world intervenes, and one
 * factor per variable holding the joint probability of its copies given their parents' copies.
 *
 * Copies of one variable in several worlds share its exogenous noise, so their joint is exact
 * when the coupling is: a threshold mechanism (bernoulli, two-category categorical, or a 0/1
 * delta: x = 1 iff U < p, so P(all copies) = max(0, min p over copies at 1 - max p over copies
 * at 0)), or deterministic (delta). Categorical mechanisms with more categories, or continuous
 * ones, make a network inexact: NotExactError, and the caller samples instead.
 * Mechanisms are evaluated through the runtime (MechanismOnlyHandler) on batches whose rows
 * are the parents' configurations.
 */
import type { Distribution } from "../distributions/distribution";
import { conditionalDistributions } from "../runtime/handlers/mechanism-only";
import type { ParamValue } from "../runtime/message";
import { runParams } from "../runtime/run-model";
import type { ModelSpec, VariableSpec } from "../runtime/model-spec";
import { Runtime } from "../runtime/runtime";
import { Factor } from "./factor";
import { countText, NotExactError, tooLarge } from "./not-exact";
import type { FactorWithChildren } from "./variable-elimination";

export { NotExactError };

export interface WorldSpec {
  name: string;
  do: Readonly<Record<string, number>>;
  /** Variables whose copy in this world differs from the first world's (descendants of its interventions). */
  affected?: ReadonlySet<string>;
}

export type Ref = { id: number } | { value: number };

export interface DiscreteNetwork {
  domains: number[][];
  factors: FactorWithChildren[];
  ref(world: string, name: string): Ref;
}

/** Networks built per model version: a ModelSpec is immutable (withParams makes a new one), so its tables are built once per set of worlds. */
const built = new WeakMap<ModelSpec, Map<string, DiscreteNetwork | NotExactError>>();
/** Distinct world sets kept per model (a panel Run asks for a handful: the answer, seeing, the ATE's arms). */
const KEPT_PER_MODEL = 32;

/**
 * buildDiscreteNetwork, once per (model version, worlds, limit): the K rows of a distribution, the
 * comparison and the summaries of one Run reuse the tables instead of running every mechanism on
 * every parent configuration again. A network that cannot be exact is remembered too, so the
 * fallback to sampling does not rebuild it to find out again.
 */
export function cachedDiscreteNetwork(spec: ModelSpec, worlds: readonly WorldSpec[], maxTable = 1 << 22): DiscreteNetwork {
  let forSpec = built.get(spec);
  if (!forSpec) built.set(spec, (forSpec = new Map()));
  const key = JSON.stringify([maxTable, worlds.map((w) => [w.name, Object.entries(w.do).sort(), w.affected ? [...w.affected].sort() : null])]);
  let net = forSpec.get(key);
  if (!net) {
    try {
      net = buildDiscreteNetwork(new Runtime(spec.variables.map((v) => v.name)), spec, worlds, maxTable);
    } catch (e) {
      if (!(e instanceof NotExactError)) throw e;
      net = e;
    }
    if (forSpec.size >= KEPT_PER_MODEL) forSpec.delete(forSpec.keys().next().value!);
    forSpec.set(key, net);
  }
  if (net instanceof NotExactError) throw net;
  return net;
}

/**
 * The network is built lazily: a variable's tables (and its ancestors') are built when one of its
 * copies is first referenced (`ref`), so `factors` always holds the ancestral closure of what a
 * query has touched — exactly what variable elimination needs (the rest would be barren) — and a
 * query on a small part of a large network builds only that part. A variable whose tables cannot
 * be exact throws NotExactError when it is referenced (every time), not when the network is made.
 */
export function buildDiscreteNetwork(rt: Runtime, spec: ModelSpec, worlds: readonly WorldSpec[], maxTable = 1 << 22): DiscreteNetwork {
  const domains: number[][] = [];
  const refs = new Map<string, Ref>();
  const key = (w: string, n: string) => `${w}\u0000${n}`;
  const factors: FactorWithChildren[] = [];
  const index = new Map(spec.variables.map((v, i) => [v.name, i]));
  const failed = new Map<string, NotExactError>();
  let params: Readonly<Record<string, ParamValue>> | undefined;

  const build = (v: VariableSpec): void => {
    params ??= runParams(rt, spec).params;
    // A world's copy is a constant where it intervenes, the first world's copy where it is not
    // downstream of its interventions (resolved below, once that copy exists), else its own node.
    const shared = worlds.map((w, i) => i > 0 && !Object.hasOwn(w.do, v.name) && !w.affected?.has(v.name));
    const worldRefs: (Ref | undefined)[] = worlds.map((w) => (Object.hasOwn(w.do, v.name) ? { value: w.do[v.name] } : undefined));
    // Parent value configurations per world, evaluated in one batch.
    const parentRefs = worlds.map((w) => v.parents.map((p) => refs.get(key(w.name, p))!));
    checkConfigurations(v, worlds.map((_, i) => (worldRefs[i] || shared[i] ? [] : parentRefs[i])), domains, maxTable);
    const configs = new Map<string, number[]>();
    worlds.forEach((_, i) => { if (!worldRefs[i] && !shared[i]) for (const c of cartesian(parentRefs[i].map((r) => valuesOf(r, domains)))) configs.set(c.join(","), c); });
    const dists = evaluate(rt, v, [...configs.values()], params);
    const distOf = (values: number[]) => dists.get(values.join(","))!;
    for (let i = 0; i < worlds.length; i++) {
      if (shared[i]) worldRefs[i] = worldRefs[0];
      if (worldRefs[i]) continue;
      const support = new Set<number>();
      for (const c of cartesian(parentRefs[i].map((r) => valuesOf(r, domains)))) {
        const s = distOf(c).support();
        if (!s) throw new NotExactError(`"${v.name}" has ${distOf(c).describe()}, whose support is not finite`);
        for (const x of s) support.add(x);
      }
      domains.push([...support].sort((a, b) => a - b));
      worldRefs[i] = { id: domains.length - 1 };
    }
    const f = coupledFactor(v, worlds.map((_, i) => worldRefs[i]!), parentRefs, domains, distOf, maxTable);
    if (f) factors.push(f);
    worlds.forEach((w, i) => refs.set(key(w.name, v.name), worldRefs[i]!));
  };

  /** Builds `name` and its unbuilt ancestors, parents first (no recursion: chains can be thousands long). */
  const ensure = (name: string): void => {
    if (refs.has(key(worlds[0].name, name))) return;
    const todo = new Set<number>();
    const stack = [name];
    while (stack.length) {
      const n = stack.pop()!;
      const i = index.get(n);
      if (i === undefined || todo.has(i) || refs.has(key(worlds[0].name, n))) continue;
      todo.add(i);
      stack.push(...spec.variables[i].parents);
    }
    for (const i of [...todo].sort((a, b) => a - b)) {
      const v = spec.variables[i];
      const known = failed.get(v.name);
      if (known) throw known;
      try {
        build(v);
      } catch (e) {
        if (e instanceof NotExactError) failed.set(v.name, e);
        throw e;
      }
    }
  };

  return {
    domains, factors,
    ref(world, name) {
      let r = refs.get(key(world, name));
      if (!r && index.has(name)) {
        ensure(name);
        r = refs.get(key(world, name));
      }
      if (!r) throw new RangeError(`no copy of "${name}" in world "${world}"`);
      return r;
    },
  };
}

/**
 * Refuses, before enumerating anything, a variable whose parent configurations (summed over the
 * worlds that evaluate it) exceed maxTable: each configuration becomes a row of its factor, so the
 * factor could not be built either. The product is taken in log space (supports of 10^5 values
 * multiply past 2^53 and, with enough parents, past Number.MAX_VALUE).
 */
function checkConfigurations(v: VariableSpec, perWorld: Ref[][], domains: number[][], maxTable: number): void {
  let log10 = -Infinity;
  for (const refs of perWorld) {
    if (!refs.length) continue;
    const l = refs.reduce((acc, r) => acc + Math.log10(valuesOf(r, domains).length), 0);
    log10 = Math.max(log10, l) + Math.log10(1 + 10 ** -Math.abs(log10 - l));
  }
  if (!(log10 > Math.log10(maxTable))) return;
  const what = `${countText(10 ** log10, log10)} parent configurations`;
  const sizes = perWorld.find((refs) => refs.length)!.map((r) => valuesOf(r, domains).length).join(" × ");
  throw tooLarge(`the exact table of "${v.name}" would need ${what} (its parents ${v.parents.join(", ")} take ${sizes} values; the limit is ${countText(maxTable)})`, what);
}

function valuesOf(r: Ref, domains: number[][]): number[] {
  return "value" in r ? [r.value] : domains[r.id];
}

function* cartesian(lists: number[][]): Generator<number[]> {
  const idx = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    yield lists.map((l, i) => l[idx[i]]);
    let j = 0;
    for (; j < lists.length; j++) {
      if (++idx[j] < lists[j].length) break;
      idx[j] = 0;
    }
    if (j === lists.length) return;
  }
}

function evaluate(rt: Runtime, v: VariableSpec, rows: number[][], params: Readonly<Record<string, ParamValue>>): Map<string, Distribution<number>> {
  const cols = v.parents.map((_, j) => Float64Array.from(rows, (r) => r[j]));
  const dists = conditionalDistributions(rt, v, cols, rows.length, params);
  const out = new Map<string, Distribution<number>>();
  rows.forEach((r, i) => out.set(r.join(","), dists[i]));
  return out;
}

function coupledFactor(v: VariableSpec, own: Ref[], parentRefs: Ref[][], domains: number[][], distOf: (c: number[]) => Distribution<number>, maxTable: number): FactorWithChildren | undefined {
  const copies: number[] = [], reps: number[] = [];
  own.forEach((r, i) => { if ("id" in r && !copies.includes(r.id)) { copies.push(r.id); reps.push(i); } });
  if (copies.length === 0) return undefined;
  const scope = [...copies];
  for (const i of reps) for (const r of parentRefs[i]) if ("id" in r && !scope.includes(r.id)) scope.push(r.id);
  const card = scope.map((id) => domains[id].length);
  const size = card.reduce((a, b) => a * b, 1);
  if (size > maxTable) throw tooLarge(`the table of "${v.name}" would have ${countText(size)} entries (the limit is ${countText(maxTable)})`, `${countText(size)} entries for "${v.name}"`);
  const values = new Float64Array(size);
  const counter = new Int32Array(scope.length);
  const at = (r: Ref) => ("value" in r ? r.value : domains[r.id][counter[scope.indexOf(r.id)]]);
  for (let e = 0; e < size; e++) {
    const ds = reps.map((i) => distOf(parentRefs[i].map(at)));
    const xs = copies.map((id, c) => domains[id][counter[c]]);
    values[e] = jointProbability(v, ds, xs);
    for (let l = 0; l < scope.length; l++) { if (++counter[l] < card[l]) break; counter[l] = 0; }
  }
  return { factor: new Factor(scope, card, values), children: copies };
}

function jointProbability(v: VariableSpec, ds: Distribution<number>[], xs: number[]): number {
  if (ds.length === 1) return ds[0].mass(xs[0]);
  if (ds.every((d) => d.deterministicValue() !== undefined)) return ds.every((d, i) => d.deterministicValue() === xs[i]) ? 1 : 0;
  let lo = 0, hi = 1;
  for (let i = 0; i < ds.length; i++) {
    const p = ds[i].thresholdProbability();
    if (p === undefined) throw new NotExactError(`"${v.name}" is ${ds[i].describe()} in several worlds; its cross-world coupling (Gumbel-max or continuous noise) has no exact table here`);
    if (xs[i] === 1) hi = Math.min(hi, p);
    else if (xs[i] === 0) lo = Math.max(lo, p);
    else return 0;
  }
  return Math.max(0, hi - lo);
}
