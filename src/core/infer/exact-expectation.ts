/**
 * Exact expectation of a target over a discrete network given evidence, by variable
 * elimination. Which variables a target reads is found by probing: evaluate it once on the
 * first values to start R, then on every assignment of R; any read outside R is added and the
 * joint recomputed. A target that only reads variables in R on every assignment of R is a
 * function of R, so the result is exact.
 * Joints are kept per network (by query variables and evidence): the K events of a K-state
 * distribution, P(Y = y) for each y, share one elimination instead of K.
 */
import { CausalError, error } from "../errors/diagnostic";
import type { DiscreteNetwork } from "./discrete-network";
import type { Target } from "./estimate";
import { NotExactError } from "./not-exact";
import type { Factor } from "./factor";
import { eliminate } from "./variable-elimination";

export interface ExactResult {
  value: number;
  evidenceProbability: number;
  /** The entries of the largest table the elimination built. */
  largestTable: number;
}

/**
 * Intermediate tables of an elimination may hold 2^24 entries (128 MB of doubles, inside the model
 * process's 1 GB default): mildew's best order needs 4.4 × 10^6. The joint over what the target
 * reads stays within `maxTable`.
 */
const MAX_INTERMEDIATE = 1 << 24;

export function exactExpectation(net: DiscreteNetwork, evidence: readonly Evidence[], target: Target, maxTable = 1 << 22): ExactResult {
  let total = 0;
  const { z, largestTable } = weigh(net, evidence, target, maxTable, () => (total = 0), (p, x) => (total += p * x));
  return { value: total / z, evidenceProbability: z, largestTable };
}

/**
 * P(target = values[i] | evidence) for every i from one pass over one joint (not one expectation
 * per state: a 63-state posterior read its joint 63 times). A value the target never takes gets 0.
 */
export function exactDistribution(net: DiscreteNetwork, evidence: readonly Evidence[], target: Target, values: readonly number[], maxTable = 1 << 22): { probabilities: number[]; largestTable: number } {
  const index = new Map(values.map((v, i) => [v, i]));
  let mass = new Float64Array(values.length);
  const { z, largestTable } = weigh(net, evidence, target, maxTable, () => (mass = new Float64Array(values.length)), (p, x) => {
    const i = index.get(x);
    if (i !== undefined) mass[i] += p;
  });
  return { probabilities: Array.from(mass, (m) => m / z), largestTable };
}

type Evidence = { world: string; name: string; value: number };

/**
 * Eliminates down to the joint of what the target reads and calls visit(p, target) on each of its
 * entries with p > 0 (`start` before each pass: a pass that finds a read outside the joint widens it
 * and starts again). Returns the evidence's probability z (the visits are unnormalised).
 */
function weigh(net: DiscreteNetwork, evidence: readonly Evidence[], target: Target, maxTable: number, start: () => void, visit: (p: number, x: number) => void): { z: number; largestTable: number } {
  const ev = new Map<number, number>();
  for (const e of evidence) {
    const r = net.ref(e.world, e.name);
    if ("value" in r) {
      if (r.value !== e.value) throw impossible(`${e.name} = ${e.value} is observed but the query sets ${e.name} = ${r.value}`);
      continue;
    }
    const k = net.domains[r.id].indexOf(e.value);
    if (k < 0) throw impossible(`${e.name} = ${e.value} is observed but ${e.name} only takes the values ${net.domains[r.id].join(", ")}`);
    if (ev.has(r.id) && ev.get(r.id) !== k) throw impossible(`${e.name} is observed with two different values`);
    ev.set(r.id, k);
  }
  const cardOf = (v: number) => (ev.has(v) ? 1 : net.domains[v].length);
  const domainCard = (v: number) => net.domains[v].length;
  let query = firstReads(net, ev, target);
  for (;;) {
    const { joint, largestTable } = jointOf(net, query, ev, domainCard, maxTable);
    const z = joint.sum();
    if (!(z > 0)) throw impossible(`the evidence ${evidence.map((e) => `${e.name} = ${e.value}`).join(", ")} has probability 0 under the model`);
    const counter = new Int32Array(query.length);
    const missing = new Set<number>();
    // A variable outside the joint is read at its first value and noted: the joint is widened by it below.
    const read = reader(net, ev, (id) => {
      const pos = query.indexOf(id);
      if (pos >= 0) return net.domains[id][counter[pos]];
      missing.add(id);
      return net.domains[id][0];
    });
    start();
    for (let i = 0; i < joint.values.length; i++) {
      const p = joint.values[i];
      if (p > 0) visit(p, target(read));
      else if (missing.size === 0) target(read);
      for (let l = 0; l < query.length; l++) { if (++counter[l] < joint.card[l]) break; counter[l] = 0; }
    }
    if (missing.size === 0) return { z, largestTable };
    if (query.reduce((s, v) => s * cardOf(v), 1) * [...missing].reduce((s, v) => s * cardOf(v), 1) > maxTable) {
      throw new NotExactError(`the query reads too many variables for an exact joint`);
    }
    query = [...query, ...missing];
  }
}

/**
 * How the target reads a copy: a constant where a world sets it, the observed value under evidence,
 * else `free(id)` (the value at the current assignment of the joint, or the probe's first value).
 */
function reader(net: DiscreteNetwork, ev: ReadonlyMap<number, number>, free: (id: number) => number): (world: string, name: string) => number {
  return (world, name) => {
    const r = net.ref(world, name);
    if ("value" in r) return r.value;
    if (ev.has(r.id)) return net.domains[r.id][ev.get(r.id)!];
    return free(r.id);
  };
}

/** The variables the target reads on its first evaluation (every copy at its first value): where the probe starts. */
function firstReads(net: DiscreteNetwork, ev: ReadonlyMap<number, number>, target: Target): number[] {
  const reads: number[] = [];
  try {
    target(reader(net, ev, (id) => {
      if (!reads.includes(id)) reads.push(id);
      return net.domains[id][0];
    }));
  } catch {
    return []; // the loop below evaluates it again and reports what it throws
  }
  return reads;
}

let joints = new WeakMap<DiscreteNetwork, Map<string, { joint: Factor; largestTable: number }>>();
const JOINTS_KEPT = 64;

/** Drops every kept joint (benchmarks time an elimination on built tables; answers never depend on it). */
export function forgetJoints(): void {
  joints = new WeakMap();
}

/** eliminate()'s joint over `query`, once per (network, query, evidence). */
function jointOf(net: DiscreteNetwork, query: readonly number[], ev: ReadonlyMap<number, number>, cardOf: (v: number) => number, maxTable: number): { joint: Factor; largestTable: number } {
  let kept = joints.get(net);
  if (!kept) joints.set(net, (kept = new Map()));
  const key = `${maxTable}|${query.join(",")}|${[...ev].sort((a, b) => a[0] - b[0]).map(([v, k]) => `${v}=${k}`).join(",")}`;
  let joint = kept.get(key);
  if (!joint) {
    const r = eliminate(net.factors, query, ev, cardOf, Math.max(maxTable, MAX_INTERMEDIATE));
    joint = { joint: r.joint, largestTable: Math.max(r.plan.maxClique, r.joint.values.length) };
    if (kept.size >= JOINTS_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, joint);
  }
  return joint;
}

function impossible(message: string): CausalError {
  return new CausalError(error("impossible-evidence", message));
}
