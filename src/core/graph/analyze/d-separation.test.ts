import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalError } from "../../errors/diagnostic";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import { bruteDSeparated, smallGraph, subsets, toData } from "../testing/brute-force";
import { dSeparated } from "./d-separated";
import { firstImpliedIndependencies, impliedIndependencies } from "./implied-independencies";
import { implications } from "./implications";
import { paths } from "./paths";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

describe("d-separation", () => {
  it("chains, forks and colliders", () => {
    const chain = graph("dag { A -> B -> C }");
    expect(dSeparated(chain, ["A"], ["C"], [])).toBe(false);
    expect(dSeparated(chain, ["A"], ["C"], ["B"])).toBe(true);
    const fork = graph("dag { A <- B -> C }");
    expect(dSeparated(fork, ["A"], ["C"], ["B"])).toBe(true);
    const collider = graph("dag { A -> B <- C; B -> D }");
    expect(dSeparated(collider, ["A"], ["C"], [])).toBe(true);
    expect(dSeparated(collider, ["A"], ["C"], ["B"])).toBe(false);
    expect(dSeparated(collider, ["A"], ["C"], ["D"])).toBe(false); // descendant of a collider opens it
  });

  it("treats bidirected edges as hidden common causes (m-separation)", () => {
    const g = graph("dag { A <-> B; B <-> C }");
    expect(dSeparated(g, ["A"], ["C"], [])).toBe(true);
    expect(dSeparated(g, ["A"], ["C"], ["B"])).toBe(false);
    expect(dSeparated(g, ["A"], ["B"], ["C"])).toBe(false);
  });

  it("throws unknown-variable naming the node", () => {
    const g = graph("dag { A -> B }");
    expect(() => dSeparated(g, ["A"], ["Q"], [])).toThrowError(CausalError);
    expect(() => dSeparated(g, ["A"], ["Q"], [])).toThrowError(/"Q"/);
  });

  it("agrees with path enumeration on random ADMGs", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true }), fc.nat(), (s, seed) => {
        const g = CausalGraph.from(toData(s));
        const [x, y] = [s.ids[seed % s.ids.length], s.ids[(seed + 1) % s.ids.length]];
        const rest = s.ids.filter((v) => v !== x && v !== y);
        for (const z of subsets(rest)) expect(dSeparated(g, [x], [y], z)).toBe(bruteDSeparated(s, [x], [y], z));
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});

describe("paths", () => {
  it("lists every path with its status", () => {
    const g = graph("dag { X <- U -> M <- V -> Y; X -> Y }");
    const ps = paths(g, "X", "Y", []);
    expect(ps.map((p) => [p.nodes.join(""), p.open])).toEqual(expect.arrayContaining([["XY", true], ["XUMVY", false]]));
    expect(paths(g, "X", "Y", ["M"]).find((p) => p.nodes.length === 5)!.open).toBe(true);
  });

  it("open paths exist exactly when not d-separated", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true }), fc.nat(), fc.nat(), (s, a, mask) => {
        const g = CausalGraph.from(toData(s));
        const [x, y] = [s.ids[a % s.ids.length], s.ids[(a + 1) % s.ids.length]];
        const z = s.ids.filter((v, i) => v !== x && v !== y && mask & (1 << i));
        expect(paths(g, x, y, z).some((p) => p.open)).toBe(!dSeparated(g, [x], [y], z));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe("implied independencies", () => {
  it("lists one statement per non-adjacent pair of a DAG, with a minimal separating set", () => {
    const g = graph("dag { A -> B -> C; A -> D -> C; E -> D }");
    const list = impliedIndependencies(g);
    const key = (x: string, y: string) => [x, y].sort().join("");
    expect(list.map((i) => key(i.x, i.y)).sort()).toEqual(["AC", "AE", "BD", "BE", "CE"].sort());
    expect(list.find((i) => key(i.x, i.y) === "AE")!.given).toEqual([]);
    expect(list.find((i) => key(i.x, i.y) === "AC")!.given.sort()).toEqual(["B", "D"]);
  });

  it("every statement holds, pairs of a DAG are covered once, and each set is minimal (random graphs with latents)", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true }), (s) => {
        const g = CausalGraph.from(toData(s));
        const list = impliedIndependencies(g);
        for (const { x, y, given } of list) {
          expect(s.latent.has(x) || s.latent.has(y) || given.some((v) => s.latent.has(v))).toBe(false);
          expect(bruteDSeparated(s, [x], [y], given)).toBe(true);
          for (const v of given) expect(bruteDSeparated(s, [x], [y], given.filter((w) => w !== v))).toBe(false);
        }
        const pairs = list.map((i) => [i.x, i.y].sort().join("|"));
        expect(new Set(pairs).size).toBe(pairs.length);
        if (s.latent.size === 0 && !s.edges.some((e) => e.kind === "bidirected")) {
          const adjacent = new Set(s.edges.map((e) => [e.from, e.to].sort().join("|")));
          const expected = s.ids.flatMap((a, i) => s.ids.slice(i + 1).map((b) => [a, b].sort().join("|"))).filter((p) => !adjacent.has(p));
          expect(pairs.sort()).toEqual(expected.sort());
        }
      }),
      { seed: 3, numRuns: 150 },
    );
  });

  it("ADMGs: every pair of observed variables that some set separates has its statement (brute force over all subsets, random graphs with latents)", () => {
    // Z1 -> W1 <-> W2: Z1 is in W2's ordered blanket (a parent of its district) yet separated from it by the empty set.
    expect(impliedIndependencies(graph("dag { Z1 -> W1 <-> W2 }")).map((i) => [i.x, i.y, i.given])).toEqual([["W2", "Z1", []]]);
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true }), (s) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        const listed = new Set(impliedIndependencies(CausalGraph.from(toData(s))).map((i) => [i.x, i.y].sort().join("|")));
        for (let i = 0; i < observed.length; i++) {
          for (let j = i + 1; j < observed.length; j++) {
            const [a, b] = [observed[i], observed[j]];
            const others = observed.filter((v) => v !== a && v !== b);
            const separable = subsets(others).some((z) => bruteDSeparated(s, [a], [b], z));
            expect(listed.has([a, b].sort().join("|"))).toBe(separable);
          }
        }
      }),
      { seed: 11, numRuns: 250 },
    );
  });

  it("[selected] nodes are in every conditioning set: a pair is listed iff some set containing them separates it, each set minimal among those (brute force, every kind)", () => {
    // Selection on a common effect s of x and y: x ⊥ y holds, but not in the selected population.
    expect(implications(graph("dag { x -> s <- y s [selected] }"), "basis").statements).toEqual([]);
    expect(implications(graph("dag { x -> m -> y s [selected] m -> s }"), "basis")).toMatchObject({ kind: "pairwise", selection: ["s"], statements: [{ x: "y", y: ["x"], given: ["m", "s"] }] });
    fc.assert(
      fc.property(smallGraph({ maxNodes: 6, bidirected: true, latent: true, minNodes: 3 }), fc.nat(), (s, k) => {
        const observed = s.ids.filter((v) => !s.latent.has(v));
        if (observed.length < 3) return;
        const sel = observed[k % observed.length];
        const data = toData(s);
        data.nodes = data.nodes.map((n) => (n.id === sel ? { ...n, roles: ["selected" as const] } : n));
        const g = CausalGraph.from(data);
        const rest = observed.filter((v) => v !== sel);
        for (const kind of ["basis", "pairwise", "minimal"] as const) {
          const list = implications(g, kind).statements;
          for (const st of list) {
            expect(st.given).toContain(sel);
            expect(bruteDSeparated(s, [st.x], st.y, st.given)).toBe(true);
            for (const v of st.given) if (v !== sel) expect(bruteDSeparated(s, [st.x], st.y, st.given.filter((w) => w !== v))).toBe(false);
          }
          const listed = new Set(list.map((i) => [i.x, ...i.y].sort().join("|")));
          for (let i = 0; i < rest.length; i++) {
            for (let j = i + 1; j < rest.length; j++) {
              const others = rest.filter((v) => v !== rest[i] && v !== rest[j]);
              const separable = subsets(others).some((z) => bruteDSeparated(s, [rest[i]], [rest[j]], [...z, sel]));
              expect(listed.has([rest[i], rest[j]].sort().join("|"))).toBe(separable);
            }
          }
        }
      }),
      { seed: 19, numRuns: 150 },
    );
  });

  it("the first k statements (the DAG panel's list) are the full list's first k, and the count is its length", () => {
    fc.assert(
      fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true }), fc.nat({ max: 8 }), (s, k) => {
        const g = CausalGraph.from(toData(s));
        const all = impliedIndependencies(g);
        const first = firstImpliedIndependencies(g, k);
        expect(first.total).toBe(all.length);
        expect(first.list).toEqual(all.slice(0, k));
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});
