import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { bruteIsAdjustment, canon, descendantsOf, minimalOnly, smallGraph, subsets, toData } from "../testing/brute-force";
import { allAdjustmentSetStream, checkAdjustmentSet, minimalAdjustmentSets } from "./adjustment-sets";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

describe("minimal adjustment sets: classic graphs", () => {
  it("confounding triangle needs the confounder", () => {
    const g = graph("dag { Z -> X -> Y; Z -> Y }");
    expect(minimalAdjustmentSets(g, ["X"], ["Y"])).toEqual([["Z"]]);
    expect(checkAdjustmentSet(g, ["X"], ["Y"], [])).toMatchObject({ valid: false, openPath: ["X", "Z", "Y"] });
  });

  it("M-bias: {} is the only minimal set and {M} is invalid", () => {
    const g = graph("dag { X <- U1 -> M <- U2 -> Y; X -> Y; U1 [latent]; U2 [latent] }");
    expect(minimalAdjustmentSets(g, ["X"], ["Y"])).toEqual([[]]);
    const check = checkAdjustmentSet(g, ["X"], ["Y"], ["M"]);
    expect(check.valid).toBe(false);
    expect(check.openPath).toEqual(["X", "U1", "M", "U2", "Y"]);
    expect(check.reason).toMatch(/X ← U1 → M ← U2 → Y/);
  });

  it("butterfly (bow-tie): adjusting for M needs Z1 or Z2 as well", () => {
    const g = graph("dag { Z1 -> X; Z1 -> M; Z2 -> M; Z2 -> Y; M -> X; M -> Y; X -> Y }");
    expect(canon(minimalAdjustmentSets(g, ["X"], ["Y"]))).toEqual([["M", "Z1"], ["M", "Z2"]]);
    expect(checkAdjustmentSet(g, ["X"], ["Y"], ["M"]).valid).toBe(false);
  });

  it("mediators and their descendants are forbidden", () => {
    const g = graph("dag { X -> M -> Y; M -> D }");
    expect(minimalAdjustmentSets(g, ["X"], ["Y"])).toEqual([[]]);
    const check = checkAdjustmentSet(g, ["X"], ["Y"], ["D"]);
    expect(check).toMatchObject({ valid: false, openPath: ["X", "M", "D"] });
    expect(check.reason).toMatch(/descends/);
  });

  it("front-door graph has no adjustment set; a bidirected exposure-outcome pair neither", () => {
    expect(minimalAdjustmentSets(graph("dag { X -> Z -> Y; X <-> Y }"), ["X"], ["Y"])).toEqual([]);
  });

  it("latent nodes never appear", () => {
    const g = graph("dag { U [latent]; U -> X; U -> Y; X -> Y; W -> X; W -> Y }");
    expect(minimalAdjustmentSets(g, ["X"], ["Y"])).toEqual([]);
    expect(checkAdjustmentSet(g, ["X"], ["Y"], ["U", "W"]).reason).toMatch(/latent/);
  });
});

describe("minimal adjustment sets: property tests against the path-based criterion", () => {
  it("on random graphs up to 7 nodes the list equals the brute-force list over all subsets", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true, minNodes: 3 }), fc.nat(), (s, k) => {
        const g = CausalGraph.from(toData(s));
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 2) return;
        // prefer X ancestor of Y, which is the interesting case
        const pairs = observed.flatMap((a) => observed.filter((b) => b !== a).map((b) => [a, b] as const));
        const withPath = pairs.filter(([a, b]) => descendantsOf(s, a).has(b));
        const [x, y] = (withPath.length > 0 && k % 4 !== 0 ? withPath : pairs)[k % (withPath.length > 0 && k % 4 !== 0 ? withPath.length : pairs.length)];
        const got = minimalAdjustmentSets(g, [x], [y]);
        const candidates = observed.filter((v) => v !== x && v !== y);
        const valid = subsets(candidates).filter((z) => bruteIsAdjustment(s, [x], [y], z));
        expect(canon(got)).toEqual(minimalOnly(valid));
        for (const z of got) {
          expect(checkAdjustmentSet(g, [x], [y], z).valid).toBe(true);
          for (const v of z) expect(bruteIsAdjustment(s, [x], [y], z.filter((w) => w !== v))).toBe(false);
        }
        for (const z of subsets(candidates).slice(0, 16)) expect(checkAdjustmentSet(g, [x], [y], z).valid).toBe(bruteIsAdjustment(s, [x], [y], z));
      }),
      { seed: 42, numRuns: 250 },
    );
  });

  it("handles several exposures and outcomes", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, minNodes: 4 }), (s) => {
        const g = CausalGraph.from(toData(s));
        const [x1, x2, y1, y2] = s.ids;
        const got = minimalAdjustmentSets(g, [x1, x2], [y1, y2]);
        const valid = subsets(s.ids.slice(4)).filter((z) => bruteIsAdjustment(s, [x1, x2], [y1, y2], z));
        expect(canon(got)).toEqual(minimalOnly(valid));
      }),
      { seed: 5, numRuns: 150 },
    );
  });
});

describe("forced nodes ([adjusted], [selected]) in every adjustment set", () => {
  it("on random graphs the list equals the brute-force minimal sets among the valid ones containing the forced node", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true, minNodes: 4 }), fc.nat(), fc.nat(), (s, k, f) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 3) return;
        const pairs = observed.flatMap((a) => observed.filter((b) => b !== a).map((b) => [a, b] as const)).filter(([a, b]) => descendantsOf(s, a).has(b));
        if (!pairs.length) return;
        const [x, y] = pairs[k % pairs.length];
        const candidates = observed.filter((v) => v !== x && v !== y);
        const forced = candidates[f % candidates.length];
        const g = CausalGraph.from(toData(s));
        const got = minimalAdjustmentSets(g, [x], [y], { include: [forced] });
        const valid = subsets(candidates).filter((z) => z.includes(forced) && bruteIsAdjustment(s, [x], [y], z));
        expect(canon(got)).toEqual(minimalOnly(valid));
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it("reads the marks from the graph: DAGitty's [adjusted] and [selected]; a forced mediator leaves no set", () => {
    // w is not needed (z alone suffices), but every set must hold it.
    const withW = graph("dag { x [exposure] y [outcome] w [adjusted] z x <- z -> y w -> x }");
    expect(minimalAdjustmentSets(withW, ["x"], ["y"])).toEqual([["w", "z"]]);
    expect(minimalAdjustmentSets(withW, ["x"], ["y"], { include: [] })).toEqual([["z"]]);
    expect(minimalAdjustmentSets(graph("dag { x [exposure] y [outcome] s [selected] z x <- z -> y x <- s }"), ["x"], ["y"])).toEqual([["s", "z"]]);
    // Adjusting for a mediator biases the total effect: no set can contain it.
    expect(minimalAdjustmentSets(graph("dag { x [exposure] y [outcome] m [adjusted] x -> m -> y }"), ["x"], ["y"])).toEqual([]);
  });
});

describe("all adjustment sets (not only the minimal ones)", () => {
  it("on random graphs with latents and <-> the stream is exactly the brute-force valid sets containing the forced ones, each once", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true, minNodes: 3 }), fc.nat(), fc.nat(), (s, k, f) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 2) return;
        const pairs = observed.flatMap((a) => observed.filter((b) => b !== a).map((b) => [a, b] as const));
        const withPath = pairs.filter(([a, b]) => descendantsOf(s, a).has(b));
        const [x, y] = (withPath.length ? withPath : pairs)[k % (withPath.length || pairs.length)];
        const candidates = observed.filter((v) => v !== x && v !== y);
        const forced = f % 3 === 0 && candidates.length ? [candidates[f % candidates.length]] : [];
        const g = CausalGraph.from(toData(s));
        const got = [...allAdjustmentSetStream(g, [x], [y], forced)];
        const want = subsets(candidates).filter((z) => forced.every((v) => z.includes(v)) && bruteIsAdjustment(s, [x], [y], z));
        expect(canon(got)).toEqual(canon(want));
        expect(new Set(got.map((z) => z.join(","))).size).toBe(got.length);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("a back-door ladder of k rungs has 3^k minimal sets and 7^k in all; the first arrives without listing the rest", () => {
    // Each rung is one back-door path X <- A_i -> C_i -> B_i -> Y: any non-empty subset of its three nodes blocks it.
    const rungs = 4;
    const lines = Array.from({ length: rungs }, (_, i) => `X <- A${i} -> C${i} -> B${i} -> Y`);
    const g = graph(`dag { X -> Y; ${lines.join("; ")} }`);
    expect(minimalAdjustmentSets(g, ["X"], ["Y"]).length).toBe(3 ** rungs);
    let n = 0;
    for (const z of allAdjustmentSetStream(g, ["X"], ["Y"])) {
      expect(checkAdjustmentSet(g, ["X"], ["Y"], z).valid).toBe(true);
      n++;
    }
    expect(n).toBe(7 ** rungs);
    const big = graph(`dag { X -> Y; ${Array.from({ length: 40 }, (_, i) => `X <- A${i} -> C${i} -> B${i} -> Y`).join("; ")} }`);
    const first = allAdjustmentSetStream(big, ["X"], ["Y"]).next();
    expect(first.done).toBe(false);
    expect(checkAdjustmentSet(big, ["X"], ["Y"], first.value as string[]).valid).toBe(true);
  });
});
