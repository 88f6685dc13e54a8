// The local Markov basis and the other implication lists (implications.ts), checked against
// independent answers: every statement is a d-separation by the fast d-separation code and by path
// enumeration (testing/brute-force.ts); on DAGs the basis is exactly X ⊥ ND(X) \ Pa(X) | Pa(X) for each
// X with something outside its parents to be independent of, with ND from the brute-force descendants;
// "minimal" lists every minimal separating set of every non-adjacent pair, as brute force over subsets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { bruteDSeparated, descendantsOf, minimalOnly, smallGraph, subsets, toData } from "../testing/brute-force";
import { randomDag } from "../../../../test/support/random-dag";
import { allMinimalSeparations } from "./all-minimal-separations";
import { dSeparated } from "./d-separated";
import { impliedIndependencies } from "./implied-independencies";
import { implications, implicationStream, type ImplicationKind } from "./implications";
import { localMarkovBasis } from "./local-markov-basis";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("local Markov basis", () => {
  it("by hand: B -> A -> X -> Y, A -> Y, C -> X", () => {
    expect(localMarkovBasis(graph("dag { B -> A; A -> X; X -> Y; A -> Y; C -> X }")).map((s) => [s.x, sorted(s.y), sorted(s.given)])).toEqual(
      expect.arrayContaining([["A", ["C"], ["B"]], ["X", ["B"], ["A", "C"]], ["Y", ["B", "C"], ["A", "X"]]]),
    );
    // B and C (the roots) each have the other as their only non-descendant: one statement each, given nothing.
    const roots = localMarkovBasis(graph("dag { B -> A; A -> X; X -> Y; A -> Y; C -> X }")).filter((s) => s.given.length === 0);
    expect(roots.map((s) => [s.x, s.y])).toEqual(expect.arrayContaining([["B", ["C"]]]));
  });

  it("a complete DAG implies nothing; a chain implies one statement per variable from the third on", () => {
    expect(localMarkovBasis(graph("dag { A -> B; A -> C; B -> C }"))).toEqual([]);
    expect(localMarkovBasis(graph("dag { A -> B -> C -> D }"))).toEqual([
      { x: "C", y: ["A"], given: ["B"] },
      { x: "D", y: ["A", "B"], given: ["C"] },
    ]);
  });

  it("on random DAGs: one statement per variable with ND \\ Pa non-empty, exactly ND \\ Pa | Pa, each a d-separation (fast and brute force)", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 8 }), (s) => {
        const g = CausalGraph.from(toData(s));
        const basis = localMarkovBasis(g);
        const byX = new Map(basis.map((b) => [b.x, b]));
        expect(byX.size).toBe(basis.length);
        for (const x of s.ids) {
          const desc = descendantsOf(s, x);
          const pa = s.edges.filter((e) => e.to === x).map((e) => e.from);
          const rest = s.ids.filter((v) => !desc.has(v) && !pa.includes(v));
          const b = byX.get(x);
          if (!rest.length) expect(b).toBeUndefined();
          else expect([sorted(b!.y), sorted(b!.given)]).toEqual([sorted(rest), sorted(pa)]);
        }
        for (const b of basis) {
          expect(dSeparated(g, [b.x], b.y, b.given)).toBe(true);
          expect(bruteDSeparated(s, [b.x], b.y, b.given)).toBe(true);
        }
      }),
      { seed: 1313, numRuns: 200 },
    );
  });

  it("with latents and hidden common causes: statements among observed variables, each a true d-separation in the original graph, y ∪ given = the observed non-descendants", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 8, bidirected: true, latent: true }), (s) => {
        const g = CausalGraph.from(toData(s));
        const basis = localMarkovBasis(g);
        expect(new Set(basis.map((b) => b.x)).size).toBe(basis.length);
        for (const b of basis) {
          const names = [b.x, ...b.y, ...b.given];
          expect(names.some((v) => s.latent.has(v))).toBe(false);
          expect(new Set(names).size).toBe(names.length);
          const desc = descendantsOf(s, b.x);
          expect(sorted([...b.y, ...b.given])).toEqual(sorted(s.ids.filter((v) => !desc.has(v) && !s.latent.has(v))));
          expect(dSeparated(g, [b.x], b.y, b.given)).toBe(true);
          expect(bruteDSeparated(s, [b.x], b.y, b.given)).toBe(true);
        }
      }),
      { seed: 1315, numRuns: 200 },
    );
  });

  it("2,000 random nodes finish", () => {
    const g = CausalGraph.from(randomDag(2000, 99));
    const list = implications(g, "basis", 10);
    expect(list.statements).toHaveLength(10);
    expect(list.total).toBeGreaterThan(1900);
    expect(list.total).toBeLessThanOrEqual(2000);
    expect(localMarkovBasis(g)).toHaveLength(list.total!);
  }, 120_000);
});

describe("all minimal separations (--implications minimal)", () => {
  it("every minimal separating set of every non-adjacent observed pair, as brute force over subsets finds them", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true }), (s) => {
        const g = CausalGraph.from(toData(s));
        const got = new Map<string, string[][]>();
        for (const i of allMinimalSeparations(g)) {
          const key = sorted([i.x, i.y]).join("|");
          got.set(key, [...(got.get(key) ?? []), sorted(i.given)]);
        }
        const observed = s.ids.filter((v) => !s.latent.has(v));
        for (const [a, i] of observed.entries()) {
          for (const b of observed.slice(a + 1)) {
            const others = observed.filter((v) => v !== i && v !== b);
            const separating = subsets(others).filter((z) => bruteDSeparated(s, [i], [b], z));
            const key = sorted([i, b]).join("|");
            expect(minimalOnly(got.get(key) ?? [])).toEqual(minimalOnly(separating));
            expect((got.get(key) ?? []).length).toBe(minimalOnly(separating).length);
          }
        }
      }),
      { seed: 1317, numRuns: 150 },
    );
  });
});

describe("implications(): capped lists and counts", () => {
  it("each kind's first k are its stream's first k; pairwise keeps the old list, one name in y", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true }), fc.nat({ max: 6 }), (s, k) => {
        const g = CausalGraph.from(toData(s));
        for (const kind of ["basis", "pairwise", "minimal"] as ImplicationKind[]) {
          const all = [...implicationStream(g, kind)];
          const first = implications(g, kind, k);
          expect(first.statements).toEqual(all.slice(0, k));
          expect(first.complete).toBe(all.length <= k);
          if (first.total !== null) expect(first.total).toBe(all.length);
          else expect(kind === "minimal" && all.length > k).toBe(true);
        }
        expect(implications(g, "pairwise").statements).toEqual(impliedIndependencies(g).map((i) => ({ x: i.x, y: [i.y], given: i.given })));
      }),
      { seed: 1319, numRuns: 100 },
    );
  });
});
