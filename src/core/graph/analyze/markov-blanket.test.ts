// The Markov blanket against brute force: the smallest set of observed variables given which V is
// d-separated from every other observed variable (unique; checked over all subsets), on random graphs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { bruteDSeparated, smallGraph, subsets, toData } from "../testing/brute-force";
import { markovBlanket } from "./markov-blanket";

describe("Markov blanket", () => {
  it("a DAG: parents, children and the children's other parents; a <-> edge adds the spouse and its parents", () => {
    const g = CausalGraph.from(parseDagitty("dag { a -> v -> c <- b  d -> a  c -> e }").graph);
    expect(markovBlanket(g, "v").sort()).toEqual(["a", "b", "c"]);
    const m = CausalGraph.from(parseDagitty("dag { a -> v  v <-> s  p -> s  s -> q }").graph);
    expect(markovBlanket(m, "v").sort()).toEqual(["a", "p", "s"]);
  });

  it("is the smallest set that separates V from every other observed variable (brute force over all subsets, random graphs with latents and <->)", () => {
    fc.assert(fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true, minNodes: 2 }), fc.nat(), (s, k) => {
      const observed = s.ids.filter((x) => !s.latent.has(x));
      if (!observed.length) return;
      const v = observed[k % observed.length];
      const others = observed.filter((x) => x !== v);
      const separates = (z: string[]) => others.filter((w) => !z.includes(w)).every((w) => bruteDSeparated(s, [v], [w], z));
      const sufficient = subsets(others).filter(separates);
      const smallest = sufficient.reduce((a, b) => (b.length < a.length ? b : a));
      const got = markovBlanket(CausalGraph.from(toData(s)), v);
      expect(separates(got)).toBe(true);
      expect(got.length).toBe(smallest.length);
      // Every sufficient set contains it (it is the unique smallest).
      for (const z of sufficient) for (const w of got) expect(z).toContain(w);
    }), { seed: 41, numRuns: 300 });
  });
});
