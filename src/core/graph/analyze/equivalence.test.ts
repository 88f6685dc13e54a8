// The Markov equivalence class against brute force: every orientation of the skeleton that is
// acyclic with the same v-structures (Verma & Pearl 1990's characterisation), on random DAGs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { smallGraph, toData, type SmallGraph } from "../testing/brute-force";
import { countEquivalentDags, equivalentDags, markovEquivalenceClass } from "./equivalence";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);
const key = (edges: [string, string][]) => edges.map((e) => e.join("->")).sort().join(" ");

function vStructures(ids: string[], edges: [string, string][]): string {
  const adj = new Set(edges.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  const out: string[] = [];
  for (const c of ids) {
    const pa = edges.filter((e) => e[1] === c).map((e) => e[0]).sort();
    for (let i = 0; i < pa.length; i++) for (let j = i + 1; j < pa.length; j++) if (!adj.has(`${pa[i]}|${pa[j]}`)) out.push(`${pa[i]}>${c}<${pa[j]}`);
  }
  return out.sort().join(" ");
}

function acyclic(ids: string[], edges: [string, string][]): boolean {
  const state = new Map<string, number>();
  const visit = (v: string): boolean => {
    if (state.get(v) === 1) return false;
    if (state.get(v) === 2) return true;
    state.set(v, 1);
    for (const [a, b] of edges) if (a === v && !visit(b)) return false;
    state.set(v, 2);
    return true;
  };
  return ids.every(visit);
}

/** Every DAG equivalent to s: all 2^m orientations of its skeleton, filtered. */
function bruteClass(s: SmallGraph): [string, string][][] {
  const own = s.edges.map((e) => [e.from, e.to] as [string, string]);
  const target = vStructures(s.ids, own);
  const out: [string, string][][] = [];
  for (let mask = 0; mask < 1 << own.length; mask++) {
    const edges = own.map(([a, b], i) => (mask & (1 << i) ? [b, a] : [a, b]) as [string, string]);
    if (acyclic(s.ids, edges) && vStructures(s.ids, edges) === target) out.push(edges);
  }
  return out;
}

describe("Markov equivalence class", () => {
  it("textbook graphs: a chain is all reversible (3 DAGs), a collider all compelled (1), Pearl's sprinkler keeps the arrows into wet", () => {
    const chain = graph("dag { a -> b -> c }");
    expect(markovEquivalenceClass(chain)).toEqual({ compelled: [], reversible: [["a", "b"], ["b", "c"]] });
    expect([...equivalentDags(chain)].length).toBe(3);
    const collider = graph("dag { a -> c <- b }");
    expect(markovEquivalenceClass(collider)).toEqual({ compelled: [["a", "c"], ["b", "c"]], reversible: [] });
    expect([...equivalentDags(collider)].length).toBe(1);
    const sprinkler = graph("dag { season -> sprinkler -> wet -> slippery season -> rain -> wet }");
    const c = markovEquivalenceClass(sprinkler);
    expect(c.compelled.map((e) => e.join("->")).sort()).toEqual(["rain->wet", "sprinkler->wet", "wet->slippery"]);
    expect(c.reversible.map((e) => [...e].sort().join("-")).sort()).toEqual(["rain-season", "season-sprinkler"]);
    // season a root, or one of its neighbours above it (never both: that would be a new v-structure).
    expect([...equivalentDags(sprinkler)].length).toBe(3);
  });

  it("on random DAGs the class equals brute force: the same DAGs, and an arrow is compelled iff every DAG of the class has it", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, minNodes: 2 }), (s) => {
        if (s.edges.length > 11) return;
        const g = CausalGraph.from(toData(s));
        const brute = bruteClass(s);
        const listed = [...equivalentDags(g)];
        expect(new Set(listed.map(key))).toEqual(new Set(brute.map(key)));
        expect(listed.length).toBe(brute.length);
        expect(countEquivalentDags(g, 1e6)).toBe(brute.length);
        if (brute.length > 1) expect(countEquivalentDags(g, brute.length - 1)).toBeUndefined();
        expect(markovEquivalenceClass(g, 1e6).dags).toBe(brute.length);
        expect(listed.map(key)).toContain(key(s.edges.map((e) => [e.from, e.to])));
        const { compelled, reversible } = markovEquivalenceClass(g);
        const always = s.edges.map((e) => [e.from, e.to] as [string, string]).filter(([a, b]) => brute.every((d) => d.some(([x, y]) => x === a && y === b)));
        expect(compelled.map((e) => e.join("->")).sort()).toEqual(always.map((e) => e.join("->")).sort());
        expect(compelled.length + reversible.length).toBe(s.edges.length);
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it("refuses graphs with latent variables or <-> edges (their class is a PAG)", () => {
    expect(() => markovEquivalenceClass(graph("dag { a -> b a <-> b }"))).toThrow(/PAG/);
    expect(() => markovEquivalenceClass(graph("dag { u [latent] u -> a u -> b }"))).toThrow(/PAG/);
  });
});
