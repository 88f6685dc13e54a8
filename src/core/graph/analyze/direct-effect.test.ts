// The canonical adjustment set and single-door (direct-effect) sets against brute force over all subsets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { bruteDSeparated, bruteIsAdjustment, canon, descendantsOf, minimalOnly, smallGraph, subsets, toData } from "../testing/brute-force";
import { canonicalAdjustmentSet, directEffectSets } from "./direct-effect";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

describe("canonical adjustment set", () => {
  it("exists exactly when some adjustment set does, and is one (random graphs with latents and <-> edges)", () => {
    fc.assert(fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true, minNodes: 3 }), fc.nat(), fc.nat(), (s, k, f) => {
      const observed = s.ids.filter((v) => !s.latent.has(v));
      const pairs = observed.flatMap((a) => observed.filter((b) => b !== a).map((b) => [a, b] as const)).filter(([a, b]) => descendantsOf(s, a).has(b));
      if (!pairs.length) return;
      const [x, y] = pairs[k % pairs.length];
      // Every third case forces one node into the set (an [adjusted] mark): then the sets considered are those holding it.
      const candidates = observed.filter((v) => v !== x && v !== y);
      const forced = f % 3 === 0 && candidates.length ? [candidates[f % candidates.length]] : [];
      const z = canonicalAdjustmentSet(CausalGraph.from(toData(s)), [x], [y], forced);
      const some = subsets(candidates).some((w) => forced.every((v) => w.includes(v)) && bruteIsAdjustment(s, [x], [y], w));
      expect(z !== undefined).toBe(some);
      if (z) expect(bruteIsAdjustment(s, [x], [y], z)).toBe(true);
      if (z) expect(z).toEqual(expect.arrayContaining(forced));
    }), { seed: 29, numRuns: 250 });
  });
});

describe("direct-effect sets (single-door criterion)", () => {
  it("a mediator must be held; a latent confounder of mediator and outcome leaves no set unless it is observed", () => {
    expect([...directEffectSets(graph("dag { X -> M -> Y X -> Y }"), "X", "Y")]).toEqual([["M"]]);
    expect([...directEffectSets(graph("dag { U [latent] X -> M -> Y X -> Y U -> M U -> Y }"), "X", "Y")]).toEqual([]);
    expect([...directEffectSets(graph("dag { X -> M -> Y X -> Y U -> M U -> Y }"), "X", "Y")]).toEqual([["M", "U"]]);
    expect(() => [...directEffectSets(graph("dag { X -> M -> Y }"), "X", "Y")]).toThrow(/no edge X -> Y/);
  });

  it("equals brute force: the minimal sets of observed non-descendants of Y that separate X and Y without the edge (random graphs)", () => {
    fc.assert(fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true, minNodes: 2 }), fc.nat(), (s, k) => {
      const edges = s.edges.filter((e) => e.kind === "directed" && !s.latent.has(e.from) && !s.latent.has(e.to));
      if (!edges.length) return;
      const { from: x, to: y } = edges[k % edges.length];
      const got = [...directEffectSets(CausalGraph.from(toData(s)), x, y)];
      const cut = { ...s, edges: s.edges.filter((e) => !(e.kind === "directed" && e.from === x && e.to === y)) };
      const deY = descendantsOf(s, y);
      const candidates = s.ids.filter((v) => v !== x && v !== y && !s.latent.has(v) && !deY.has(v));
      const valid = subsets(candidates).filter((z) => bruteDSeparated(cut, [x], [y], z));
      expect(canon(got)).toEqual(minimalOnly(valid));
    }), { seed: 37, numRuns: 300 });
  });
});
