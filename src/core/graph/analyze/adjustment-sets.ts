/**
 * Covariate adjustment: all minimal adjustment sets and a checker with a witness. Uses the
 * generalised adjustment criterion of van der Zander, Liskiewicz & Textor (2019), which is
 * sound and complete in DAGs and ADMGs: Z is an adjustment set for (X, Y) iff Z contains no
 * node of Dpcp(X, Y) and Z m-separates X and Y in the proper back-door graph. Latent nodes are
 * never allowed in Z. These functions do not change the graph.
 */
import { CausalError, error } from "../../errors/diagnostic";
import type { CausalGraph } from "../causal-graph";
import { properBackdoor } from "../transform/proper-backdoor-graph";
import { describePath, markOf, openPathTo, reachable } from "./d-separation";
import { listMinimalSeparators } from "./separators";

function requireDisjoint(g: CausalGraph, xs: number[], ys: number[]): void {
  if (xs.length === 0 || ys.length === 0) throw new CausalError(error("invalid-argument", "Adjustment needs at least one exposure and one outcome."));
  const both = xs.filter((x) => ys.includes(x));
  if (both.length > 0) throw new CausalError(error("invalid-argument", `"${g.nodeIds[both[0]]}" is both an exposure and an outcome.`));
}

/** Nodes that may appear in an adjustment set: observed, not exposure or outcome, not in Dpcp. */
function allowedNodes(g: CausalGraph, xs: number[], ys: number[], dpcp: Uint8Array): Uint8Array {
  const allowed = new Uint8Array(g.size);
  for (let v = 0; v < g.size; v++) if (!g.latent[v] && !dpcp[v]) allowed[v] = 1;
  for (const v of [...xs, ...ys]) allowed[v] = 0;
  return allowed;
}

/**
 * Lazily enumerates the minimal adjustment sets as index lists (polynomial delay). `include` is
 * forced into every set (DAGitty's [adjusted] and [selected] nodes): the sets listed are the valid
 * ones containing it that are minimal among those; none when a forced node may not be adjusted for
 * (an exposure or outcome, latent, or on or below a causal path from X to Y).
 */
export function* minimalAdjustmentSetsIdx(g: CausalGraph, xs: number[], ys: number[], include: readonly number[] = []): Generator<number[]> {
  g.requireAcyclic();
  requireDisjoint(g, xs, ys);
  const pbd = properBackdoor(g, xs, ys);
  const allowed = allowedNodes(g, xs, ys, pbd.dpcp);
  if (include.some((v) => !allowed[v])) return;
  yield* listMinimalSeparators(pbd.graph, xs, ys, allowed, include);
}

/**
 * Every adjustment set, not only the minimal ones, as index lists, one at a time: ListAdj of van der
 * Zander, Liśkiewicz & Textor (2019). Some valid Z with I ⊆ Z ⊆ R exists iff the constructive set
 * An(X ∪ Y ∪ I) ∩ R m-separates X and Y in the proper back-door graph; so branch on one node of R \ I
 * (in Z, then out of it) and enter only branches that still hold a valid set — each set comes after at
 * most n such checks (polynomial delay), although there can be 2^|R| of them. I = `include` (forced, as
 * above); R = every node that may be adjusted for.
 */
export function* allAdjustmentSetsIdx(g: CausalGraph, xs: number[], ys: number[], include: readonly number[] = []): Generator<number[]> {
  g.requireAcyclic();
  requireDisjoint(g, xs, ys);
  const pbd = properBackdoor(g, xs, ys);
  const r = allowedNodes(g, xs, ys, pbd.dpcp);
  if (include.some((v) => !r[v])) return;
  const inZ = markOf(g.size, include);
  const xy = [...xs, ...ys];
  const someValid = (): boolean => {
    const seeds = [...xy];
    for (let v = 0; v < g.size; v++) if (inZ[v]) seeds.push(v);
    const an = g.closure(seeds, g.pa);
    const z = new Uint8Array(g.size);
    for (let v = 0; v < g.size; v++) z[v] = an[v] & r[v];
    const { reached } = reachable(pbd.graph, xs, z);
    return !ys.some((y) => reached[y]);
  };
  // Nodes are decided in index order; `from` is the first one not yet decided (in Z or out of R).
  function* list(from: number): Generator<number[]> {
    if (!someValid()) return;
    let v = from;
    while (v < g.size && (!r[v] || inZ[v])) v++;
    if (v === g.size) {
      const z: number[] = [];
      for (let u = 0; u < g.size; u++) if (inZ[u]) z.push(u);
      yield z;
      return;
    }
    inZ[v] = 1;
    yield* list(v + 1);
    inZ[v] = 0;
    r[v] = 0;
    yield* list(v + 1);
    r[v] = 1;
  }
  yield* list(0);
}

/** Every adjustment set containing `include` (default: the graph's [adjusted] and [selected] nodes), minimal or not, one at a time. */
export function* allAdjustmentSetStream(g: CausalGraph, exposures: string[], outcomes: string[], include: string[] = forcedAdjustment(g)): Generator<string[]> {
  for (const set of allAdjustmentSetsIdx(g, g.indicesOf(exposures), g.indicesOf(outcomes), g.indicesOf(include))) yield set.map((i) => g.nodeIds[i]);
}

/** The nodes every adjustment set must contain by the graph's marks: [adjusted] and [selected] (conditioned on by design). */
export function forcedAdjustment(g: CausalGraph): string[] {
  return g.nodes.filter((n) => n.roles?.some((r) => r === "adjusted" || r === "selected")).map((n) => n.id);
}

/**
 * All minimal sufficient adjustment sets for the total effect of `exposures` on `outcomes`,
 * each sorted by node order, [] when none exists and [[]] when no adjustment is needed.
 * `limit` caps the number returned (the count can grow exponentially with the graph: use
 * adjustmentSetStream to take them one at a time). `include` (default: the graph's [adjusted] and
 * [selected] nodes) is in every set.
 */
export function minimalAdjustmentSets(g: CausalGraph, exposures: string[], outcomes: string[], options: { limit?: number; include?: string[] } = {}): string[][] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const out: string[][] = [];
  if (limit <= 0) return out;
  for (const set of adjustmentSetStream(g, exposures, outcomes, options.include)) {
    out.push(set);
    if (out.length >= limit) break;
  }
  return out;
}

/** The minimal adjustment sets one at a time (the first arrives in milliseconds even where there are millions). */
export function* adjustmentSetStream(g: CausalGraph, exposures: string[], outcomes: string[], include: string[] = forcedAdjustment(g)): Generator<string[]> {
  for (const set of minimalAdjustmentSetsIdx(g, g.indicesOf(exposures), g.indicesOf(outcomes), g.indicesOf(include))) yield set.map((i) => g.nodeIds[i]);
}

export interface AdjustmentCheck {
  valid: boolean;
  reason?: string;
  /** When invalid: a path that shows why (an open non-causal path, or the causal path a forbidden node lies on). */
  openPath?: string[];
}

export function checkAdjustmentSet(g: CausalGraph, exposures: string[], outcomes: string[], z: string[]): AdjustmentCheck {
  g.requireAcyclic();
  const xs = g.indicesOf(exposures);
  const ys = g.indicesOf(outcomes);
  const zs = g.indicesOf(z);
  requireDisjoint(g, xs, ys);
  const name = (i: number): string => g.nodeIds[i];
  const inXY = zs.find((v) => xs.includes(v) || ys.includes(v));
  if (inXY !== undefined) return { valid: false, reason: `"${name(inXY)}" is an exposure or outcome and cannot be adjusted for.` };
  const latent = zs.find((v) => g.latent[v]);
  if (latent !== undefined) return { valid: false, reason: `"${name(latent)}" is latent (unobserved), so it cannot be adjusted for.` };
  const pbd = properBackdoor(g, xs, ys);
  const forbidden = zs.find((v) => pbd.dpcp[v]);
  if (forbidden !== undefined) {
    const path = causalPathThrough(g, xs, forbidden, pbd.pcp);
    const role = pbd.pcp[forbidden] ? "lies on a causal path from the exposure to the outcome (a mediator)" : "descends from a node on a causal path from the exposure to the outcome";
    return { valid: false, reason: `"${name(forbidden)}" ${role}; adjusting for it biases the total effect.`, openPath: path.map(name) };
  }
  const zMark = markOf(g.size, zs);
  const reach = reachable(pbd.graph, xs, zMark, true);
  const y = ys.find((v) => reach.reached[v]);
  if (y === undefined) return { valid: true };
  const path = openPathTo(reach, y)!;
  const given = z.length > 0 ? `given {${z.join(", ")}}` : "without adjustment";
  return { valid: false, reason: `The non-causal path ${describePath(g.nodeIds, path)} is open ${given}.`, openPath: path.nodes.map(name) };
}

/** A directed path from some exposure to `target` (through PCP nodes when possible), for witnesses. */
function causalPathThrough(g: CausalGraph, xs: number[], target: number, pcp: Uint8Array): number[] {
  const pred = new Int32Array(g.size).fill(-2);
  const queue = [...xs];
  for (const x of xs) pred[x] = -1;
  for (let k = 0; k < queue.length; k++) {
    const v = queue[k];
    if (v === target) break;
    const kids = [...g.ch[v]].sort((a, b) => pcp[b] - pcp[a]);
    for (const c of kids) {
      if (pred[c] === -2) {
        pred[c] = v;
        queue.push(c);
      }
    }
  }
  const path: number[] = [];
  for (let v = target; v >= 0; v = pred[v]) path.push(v);
  return path.reverse();
}
