// Identification from selected data ([selected] nodes): the answer Σ_z P(y | x, z, S) P(z | S), checked against
// exact enumeration of random binary networks — the effect computed in the unselected, intervened network.
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { checkAdjustmentSet } from "../analyze/adjustment-sets";
import { createRng } from "../../random/rng";
import { identify } from "./identify";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

/** A random binary network over V0..V(n-1) in that order: parents[v], and p1[v][k] = P(v = 1 | parent configuration k). */
function randomNetwork(rng: () => number, n: number) {
  const parents = Array.from({ length: n }, (_, v) => Array.from({ length: v }, (_, u) => u).filter(() => rng() < 0.45));
  const p1 = parents.map((pa) => Array.from({ length: 1 << pa.length }, () => 0.1 + 0.8 * rng()));
  return { parents, p1 };
}

/** P of each of the 2^n assignments (bit v = value of Vv), with `cut` (if any) set to `value` by intervention. */
function joint(net: ReturnType<typeof randomNetwork>, n: number, cut?: number, value?: number): Float64Array {
  const out = new Float64Array(1 << n);
  for (let a = 0; a < 1 << n; a++) {
    let p = 1;
    for (let v = 0; v < n && p > 0; v++) {
      const bit = (a >> v) & 1;
      if (v === cut) { p *= bit === value ? 1 : 0; continue; }
      const k = net.parents[v].reduce((acc, u, i) => acc | (((a >> u) & 1) << i), 0);
      p *= bit ? net.p1[v][k] : 1 - net.p1[v][k];
    }
    out[a] = p;
  }
  return out;
}

/** Σ_z Q(y = 1 | x, z) Q(z) for the distribution Q (unnormalised weights), Z a list of nodes. */
function adjusted(q: Float64Array, n: number, x: number, xv: number, y: number, z: number[]): number {
  const byZ = new Map<number, { all: number; x: number; xy: number }>();
  for (let a = 0; a < 1 << n; a++) {
    const key = z.reduce((acc, v, i) => acc | (((a >> v) & 1) << i), 0);
    const c = byZ.get(key) ?? { all: 0, x: 0, xy: 0 };
    c.all += q[a];
    if (((a >> x) & 1) === xv) { c.x += q[a]; if ((a >> y) & 1) c.xy += q[a]; }
    byZ.set(key, c);
  }
  const total = [...byZ.values()].reduce((s, c) => s + c.all, 0);
  let sum = 0;
  for (const c of byZ.values()) sum += (c.xy / c.x) * (c.all / total);
  return sum;
}

describe("identification from data selected on [selected] nodes", () => {
  it("selection on the exposure alone is ignorable (P(y | x, S)); on the exposure with a confounder, or on the outcome, it is not", () => {
    const r = identify(graph("dag { X -> Y; X -> S; S [selected] }"), ["Y"], ["X"]);
    expect(r).toMatchObject({ identifiable: true, adjustmentSet: [], formula: { text: "P(Y | X, S)" } });
    const confounded = identify(graph("dag { C -> X -> Y; C -> Y; X -> S; S [selected] }"), ["Y"], ["X"]);
    expect(confounded).toMatchObject({ identifiable: false, selection: ["S"] });
    expect(!confounded.identifiable && confounded.reason).toMatch(/^not shown recoverable from data selected on S: no adjustment set Z without S has Y ⊥ S \| X, Z and Z ⊥ S/);
    expect(identify(graph("dag { X -> Y -> S; S [selected] }"), ["Y"], ["X"])).toMatchObject({ identifiable: false, selection: ["S"] });
    // Selection on a cause of Y only, blocked by the adjustment set: Σ_c P(Y | X, C, S) P(C | S) needs C ⊥ S, which fails here.
    expect(identify(graph("dag { C -> X -> Y; C -> Y; C -> S; S [selected] }"), ["Y"], ["X"])).toMatchObject({ identifiable: false });
    // S hangs off a variable unrelated to the confounding: adjust for C, the selection is ignorable.
    expect(identify(graph("dag { C -> X -> Y; C -> Y; W -> S; S [selected] }"), ["Y"], ["X"])).toMatchObject({ identifiable: true, adjustmentSet: ["C"] });
  });

  it("[adjusted] nodes are in the set; when none can be, the formula says so", () => {
    expect(identify(graph("dag { C -> X -> Y; C -> Y; W -> X; W [adjusted] }"), ["Y"], ["X"])).toMatchObject({ identifiable: true, adjustmentSet: ["C", "W"] });
    const mediator = identify(graph("dag { X -> M -> Y; M [adjusted] }"), ["Y"], ["X"]);
    expect(mediator).toMatchObject({ identifiable: true, note: "no valid adjustment set contains the [adjusted] M: this formula does not adjust for it" });
  });

  it("on random binary networks the formula equals the effect computed without selection, and refusals are needed", () => {
    const r0 = createRng(20261203);
    const rng = () => r0.next();
    const n = 6;
    let recovered = 0, refused = 0, refusedAndBiased = 0;
    for (let trial = 0; trial < 400; trial++) {
      const net = randomNetwork(rng, n);
      const [x, y] = [Math.floor(rng() * 3), 3 + Math.floor(rng() * 2)];
      const others = Array.from({ length: n }, (_, v) => v).filter((v) => v !== x && v !== y);
      const s = others[Math.floor(rng() * others.length)];
      const name = (v: number) => `V${v}`;
      const edges = net.parents.flatMap((pa, v) => pa.map((u) => `${name(u)} -> ${name(v)}`));
      const g = graph(`dag { ${Array.from({ length: n }, (_, v) => name(v)).join("; ")}; ${name(s)} [selected]; ${edges.join("; ")} }`);
      const selected = joint(net, n).map((p, a) => ((a >> s) & 1 ? p : 0));
      const r = identify(g, [name(y)], [name(x)]);
      if (r.identifiable) {
        recovered++;
        const z = r.adjustmentSet!.map((v) => Number(v.slice(1)));
        expect(z).not.toContain(s);
        for (const xv of [0, 1]) {
          const truth = joint(net, n, x, xv).reduce((acc, p, a) => acc + ((a >> y) & 1 ? p : 0), 0);
          expect(Math.abs(adjusted(selected, n, x, xv, y, z) - truth)).toBeLessThan(1e-12);
        }
      } else {
        refused++;
        // The smallest valid adjustment set without S, applied to the selected data as if unselected, is off.
        const valid = others.filter((v) => v !== s);
        const subsets = Array.from({ length: 1 << valid.length }, (_, m) => valid.filter((_, i) => (m >> i) & 1)).sort((a, b) => a.length - b.length);
        const z = subsets.find((zs) => checkAdjustmentSet(g, [name(x)], [name(y)], zs.map(name)).valid);
        if (!z) { refusedAndBiased++; continue; }
        const truth = joint(net, n, x, 1).reduce((acc, p, a) => acc + ((a >> y) & 1 ? p : 0), 0);
        if (Math.abs(adjusted(selected, n, x, 1, y, z) - truth) > 1e-9) refusedAndBiased++;
      }
    }
    expect(recovered).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
    expect(refusedAndBiased).toBe(refused);
  });
});
