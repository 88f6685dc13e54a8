// webview/render/relatives.ts is pure: checked here in Node. A selected node's ancestors and descendants
// (tinted in the panel, listed on hover) agree with brute-force reachability on random DAGs, ignore <-> edges,
// and stay fast and stack-safe on big graphs; the hover cuts long lists.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { GraphUpdate } from "../../src/protocol/messages";
import { relatives } from "../../webview/render/relatives";
import { tooltipText } from "../../webview/render/tooltip";

type Graph = Pick<GraphUpdate, "nodes" | "edges">;
const graph = (ids: string[], edges: [string, string, ("directed" | "bidirected")?][]): Graph => ({
  nodes: ids.map((id) => ({ id })),
  edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? "directed" })),
});

/** A random DAG: arrows only from earlier to later in a random order, listed in another order; some <-> edges. */
const randomDag = fc.integer({ min: 1, max: 12 }).chain((n) => fc.record({
  order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
  listed: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
  arrows: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
  spouses: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n }),
})).map(({ order, listed, arrows, spouses }) => {
  const name = (i: number) => `v${order[i]}`;
  return graph(listed.map(name), [
    ...arrows.filter(([a, b]) => a < b).map(([a, b]) => [name(a), name(b)] as [string, string]),
    ...spouses.filter(([a, b]) => a !== b).map(([a, b]) => [name(a), name(b), "bidirected"] as [string, string, "bidirected"]),
  ]);
});

/** reach[a][b]: a directed path a -> … -> b (Warshall's transitive closure). */
function closure(g: Graph): boolean[][] {
  const ids = g.nodes.map((n) => n.id);
  const reach = ids.map((a) => ids.map((b) => g.edges.some((e) => e.kind === "directed" && e.from === a && e.to === b)));
  for (let k = 0; k < ids.length; k++) for (let i = 0; i < ids.length; i++) for (let j = 0; j < ids.length; j++) reach[i][j] ||= reach[i][k] && reach[k][j];
  return reach;
}

describe("webview relatives (ancestors, descendants)", () => {
  it("gives a node's ancestors and descendants in node order, ignoring <-> edges", () => {
    const kin = relatives(graph(["U", "X", "M", "Y", "Z"], [["U", "X"], ["U", "Y"], ["X", "M"], ["M", "Y"], ["Z", "M", "bidirected"]]));
    expect(kin.ancestors("Y")).toEqual(["U", "X", "M"]);
    expect(kin.descendants("U")).toEqual(["X", "M", "Y"]);
    expect(kin.ancestors("M")).toEqual(["U", "X"]);
    expect(kin.descendants("M")).toEqual(["Y"]);
    expect([kin.ancestors("Z"), kin.descendants("Z")]).toEqual([[], []]);
    expect(kin.ancestors("gone")).toEqual([]);
  });

  it("never lists a node as its own relative, even on a directed cycle", () => {
    const kin = relatives(graph(["A", "B", "C"], [["A", "B"], ["B", "C"], ["C", "A"]]));
    expect(kin.ancestors("A")).toEqual(["B", "C"]);
    expect(kin.descendants("A")).toEqual(["B", "C"]);
  });

  it("agrees with brute-force reachability on random DAGs", () => {
    fc.assert(fc.property(randomDag, (g) => {
      const kin = relatives(g);
      const reach = closure(g);
      const ids = g.nodes.map((n) => n.id);
      ids.forEach((v, i) => {
        expect(kin.ancestors(v)).toEqual(ids.filter((_, j) => reach[j][i]));
        expect(kin.descendants(v)).toEqual(ids.filter((_, j) => reach[i][j]));
      });
    }), { numRuns: 300 });
  });

  it("answers on a 20,000-node chain (no recursion to overflow) and a 2,000-node graph in milliseconds", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    const long = relatives(graph(chain, chain.slice(1).map((id, i) => [chain[i], id])));
    expect(long.ancestors("c19999")).toHaveLength(19_999);
    expect(long.descendants("c0")).toHaveLength(19_999);
    const ids = Array.from({ length: 2_000 }, (_, i) => `n${i}`);
    const edges = ids.flatMap((id, i) => [1, 7, 31].filter((d) => i + d < ids.length).map((d) => [id, ids[i + d]] as [string, string]));
    const t0 = performance.now();
    const kin = relatives(graph(ids, edges));
    expect(kin.descendants("n0")).toHaveLength(1_999);
    expect(kin.ancestors("n1999")).toHaveLength(1_999);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it("the hover lists them, cutting a list of more than 8 names", () => {
    const ids = Array.from({ length: 12 }, (_, i) => String.fromCharCode(65 + i)); // A..L
    const g = { ...graph([...ids, "Y"], ids.map((id) => [id, "Y"])), source: "dagitty" as const };
    const lines = tooltipText({ id: "Y", blanket: ids.slice(0, 2) }, g, relatives(g)).split("\n");
    expect(lines.slice(2)).toEqual(["ancestors (12): A, B, C, D, E, F, G, H and 4 more", "descendants (0): none", "Markov blanket (2): A, B"]);
    expect(tooltipText({ id: "A" }, g, relatives(g)).split("\n")).toEqual(["A: observed", "parents: none (exogenous)", "ancestors (0): none", "descendants (1): Y"]);
  });
});
