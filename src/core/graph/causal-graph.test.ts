import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { CausalGraph } from "./causal-graph";
import { toDot } from "./export/to-dot";
import { toMermaid } from "./export/to-mermaid";
import { findCycle } from "./find-cycle";
import type { GraphData } from "./types";

const data: GraphData = {
  nodes: [{ id: "U", latent: true }, { id: "X", roles: ["exposure"] }, { id: "Y" }],
  edges: [
    { from: "U", to: "X", kind: "directed" },
    { from: "X", to: "Y", kind: "directed" },
    { from: "X", to: "Y", kind: "directed" },
    { from: "Y", to: "Z", kind: "bidirected" },
  ],
};

describe("CausalGraph", () => {
  it("indexes parents, children, spouses, ancestors and descendants", () => {
    const g = CausalGraph.from(data);
    expect(g.nodeIds).toEqual(["U", "X", "Y", "Z"]);
    expect(g.edges).toHaveLength(3); // duplicate merged, Z added from its edge
    expect(g.parents("Y")).toEqual(["X"]);
    expect(g.children("U")).toEqual(["X"]);
    expect(g.spouses("Z")).toEqual(["Y"]);
    expect([...g.ancestors(["Y"])].sort()).toEqual(["U", "X", "Y"]);
    expect([...g.descendants(["U"])].sort()).toEqual(["U", "X", "Y"]);
    expect(g.isLatent("U")).toBe(true);
    expect(g.has("Q")).toBe(false);
    expect(CausalGraph.from(g.toData()).toData()).toEqual(g.toData());
  });

  it("throws unknown-variable for unknown ids and cycle for cyclic analyses", () => {
    const g = CausalGraph.from(data);
    try {
      g.parents("nope");
      expect.unreachable();
    } catch (e) {
      expect((e as CausalError).diagnostic.code).toBe("unknown-variable");
      expect((e as CausalError).diagnostic.message).toContain('"nope"');
    }
    const cyclic = CausalGraph.from({ nodes: [], edges: [{ from: "a", to: "b", kind: "directed" }, { from: "b", to: "a", kind: "directed" }] });
    expect(() => cyclic.requireAcyclic()).toThrowError(/a -> b -> a|b -> a -> b/);
  });
});

describe("findCycle", () => {
  it("returns the cycle as a node list, or undefined", () => {
    const edge = (from: string, to: string) => ({ from, to, kind: "directed" as const });
    expect(findCycle({ nodes: [], edges: [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d")] })).toEqual(["a", "b", "c"]);
    expect(findCycle({ nodes: [], edges: [edge("a", "a")] })).toEqual(["a"]);
    expect(findCycle({ nodes: [], edges: [edge("a", "b"), { from: "b", to: "a", kind: "bidirected" }] })).toBeUndefined();
  });
});

describe("export", () => {
  it("writes Graphviz dot with dashed latents and bidirected edges", () => {
    const dot = toDot(data);
    expect(dot).toContain('"U" [style=dashed]');
    expect(dot).toContain('"Y" -> "Z" [dir=both, style=dashed];');
    expect(dot).toContain('"X" -> "Y";');
  });

  it("writes a Mermaid flowchart with dotted bidirected edges", () => {
    const m = toMermaid({ nodes: [{ id: 'a "b"', latent: true }, { id: "c" }], edges: [{ from: 'a "b"', to: "c", kind: "bidirected" }] });
    expect(m).toBe('flowchart TD\n  n0["a #quot;b#quot;"]\n  n1["c"]\n  n0 <-.-> n1\n  classDef latent stroke-dasharray: 5 5\n  class n0 latent\n');
  });
});
