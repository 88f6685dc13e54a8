import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { allPaths, bruteDSeparated, canon, descendantsOf, minimalOnly, pathOpen, smallGraph, subsets, toData, type SmallGraph } from "../testing/brute-force";
import { frontdoorSets } from "./frontdoor";
import { instruments } from "./instruments";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

/** Pearl's front-door criterion stated on paths. */
function bruteFrontdoor(s: SmallGraph, x: string, y: string, z: string[]): boolean {
  const directed = allPaths(s, x, y).filter((p) => p.hops.every((h) => h.directedForward));
  if (directed.some((p) => !p.nodes.some((v) => z.includes(v)))) return false;
  for (const v of z) {
    if (allPaths(s, x, v).some((p) => p.hops[0].headAtFrom && pathOpen(s, p, new Set()))) return false;
    if (allPaths(s, v, y).some((p) => p.hops[0].headAtFrom && pathOpen(s, p, new Set([x])))) return false;
  }
  return true;
}

/** Conditional instrument by definition, searching every W. */
function bruteInstrumentExists(s: SmallGraph, x: string, y: string, z: string): boolean {
  const causal = allPaths(s, x, y).filter((p) => p.hops.every((h) => h.directedForward));
  const pcp = new Set(causal.flatMap((p) => p.nodes.slice(1)));
  const forbidden = new Set([...pcp].flatMap((v) => [...descendantsOf(s, v)]));
  const pbd: SmallGraph = { ...s, edges: s.edges.filter((e) => !(e.kind === "directed" && e.from === x && pcp.has(e.to))) };
  const candidates = s.ids.filter((v) => v !== x && v !== y && v !== z && !s.latent.has(v) && !forbidden.has(v));
  return subsets(candidates).some((w) => !bruteDSeparated(s, [z], [x], w) && bruteDSeparated(pbd, [z], [y], w));
}

describe("front-door sets", () => {
  it("finds the mediator in the classic front-door graph", () => {
    expect(frontdoorSets(graph("dag { X -> Z -> Y; X <-> Y }"), "X", "Y")).toEqual([["Z"]]);
    expect(canon(frontdoorSets(graph("dag { X -> Z1 -> Y; X -> Z2 -> Y; X <-> Y }"), "X", "Y"))).toEqual([["Z1", "Z2"]]);
    expect(frontdoorSets(graph("dag { X -> Z -> Y; X <-> Y; Z <-> Y }"), "X", "Y")).toEqual([]);
  });

  it("equals the brute-force minimal front-door sets on random graphs", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true, minNodes: 3 }), (s) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 2) return;
        const [x, y] = [observed[0], observed[observed.length - 1]];
        const g = CausalGraph.from(toData(s));
        const valid = subsets(observed.filter((v) => v !== x && v !== y)).filter((z) => bruteFrontdoor(s, x, y, z));
        expect(canon(frontdoorSets(g, x, y))).toEqual(minimalOnly(valid));
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});

describe("instruments", () => {
  it("finds unconditional and conditional instruments", () => {
    expect(instruments(graph("dag { Z -> X -> Y; X <-> Y }"), "X", "Y")).toEqual([{ instrument: "Z", conditionalOn: [] }]);
    expect(instruments(graph("dag { Z -> X -> Y; X <-> Y; W -> Z; W -> Y }"), "X", "Y")).toEqual([{ instrument: "Z", conditionalOn: ["W"] }]);
    expect(instruments(graph("dag { Z -> X -> Y; X <-> Y; Z <-> Y }"), "X", "Y")).toEqual([]);
    // A child of the exposure (listed as the paper and DAGitty do): valid when X is unconfounded, not when X <-> Y.
    expect(instruments(graph("dag { X -> Z; X -> Y }"), "X", "Y")).toEqual([{ instrument: "Z", conditionalOn: [] }]);
    expect(instruments(graph("dag { X -> Z; X -> Y; X <-> Y }"), "X", "Y")).toEqual([]);
  });

  it("every instrument returned satisfies the definition, and one is returned whenever some W works", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true, minNodes: 3 }), (s) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 3) return;
        const [x, y] = [observed[1], observed[observed.length - 1]];
        const g = CausalGraph.from(toData(s));
        const found = new Map(instruments(g, x, y).map((i) => [i.instrument, i.conditionalOn]));
        // Descendants of X included, as in van der Zander, Textor & Liśkiewicz (2015) and DAGitty.
        for (const z of observed.filter((v) => v !== x && v !== y)) {
          expect(found.has(z)).toBe(bruteInstrumentExists(s, x, y, z));
        }
        for (const [z, w] of found) {
          expect(bruteDSeparated(s, [z], [x], w)).toBe(false);
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});
