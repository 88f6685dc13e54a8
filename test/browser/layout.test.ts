// webview/layout.ts is pure: checked here in Node with ELK's bundled (main-thread) build.
import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { centre, readLayout, reuseLayout, structureKey, toElkGraph } from "../../webview/layout";

const elk = new ELK();
const graph = (edges: [string, string][], nodes?: string[], direction: "DOWN" | "RIGHT" = "DOWN") => ({
  nodes: (nodes ?? [...new Set(edges.flat())]).map((id) => ({ id })),
  edges: edges.map(([from, to]) => ({ from, to, kind: "directed" as const })),
  direction,
});

describe("webview layout", () => {
  it("places every cause above its effects (DOWN) or left of them (RIGHT)", async () => {
    const g = graph([["A", "B"], ["B", "C"], ["A", "C"], ["C", "D"]]);
    const down = readLayout(g, await elk.layout(toElkGraph(g, undefined)));
    for (const e of g.edges) expect(centre(down.nodes.get(e.from)!).y).toBeLessThan(centre(down.nodes.get(e.to)!).y);
    const r = { ...g, direction: "RIGHT" as const };
    const right = readLayout(r, await elk.layout(toElkGraph(r, undefined)));
    for (const e of g.edges) expect(centre(right.nodes.get(e.from)!).x).toBeLessThan(centre(right.nodes.get(e.to)!).x);
    expect(down.edges).toHaveLength(4);
    for (const e of down.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it("bidirected edges do not constrain layers and are paired with their nodes", async () => {
    const g = { ...graph([["A", "B"]], ["A", "B", "C"]), edges: [{ from: "A", to: "B", kind: "directed" as const }, { from: "C", to: "B", kind: "bidirected" as const }] };
    const elkGraph = toElkGraph(g, undefined);
    expect(elkGraph.edges).toHaveLength(1);
    const laid = readLayout(g, await elk.layout(elkGraph));
    expect(laid.edges.map((e) => e.kind)).toEqual(["directed", "bidirected"]);
  });

  it("the structure key ignores text and roles but not edges, latency or direction", () => {
    const g = graph([["A", "B"]]);
    const k = structureKey(g);
    expect(structureKey({ ...g, nodes: [{ id: "A", mechanism: "x" } as { id: string }, { id: "B" }] })).toBe(k);
    expect(structureKey({ ...g, edges: [...g.edges].reverse() })).toBe(k);
    expect(structureKey(graph([["B", "A"]], ["A", "B"]))).not.toBe(k);
    expect(structureKey({ ...g, nodes: [{ id: "A", latent: true } as { id: string }, { id: "B" }] })).not.toBe(k);
    expect(structureKey({ ...g, direction: "RIGHT" })).not.toBe(k);
  });

  it("feeds previous positions back: order along the layer follows the previous drawing", async () => {
    const g = graph([["A", "C"], ["B", "D"]]);
    const first = readLayout(g, await elk.layout(toElkGraph(g, undefined)));
    const swapped = new Map(first.nodes);
    const a = first.nodes.get("A")!;
    const b = first.nodes.get("B")!;
    swapped.set("A", { ...a, x: b.x });
    swapped.set("B", { ...b, x: a.x });
    const elkGraph = toElkGraph(g, swapped);
    expect(elkGraph.layoutOptions?.["elk.layered.crossingMinimization.semiInteractive"]).toBe("true");
    const order = elkGraph.children!.map((c) => c.id);
    expect(order.indexOf("B") < order.indexOf("A")).toBe(a.x < b.x);
  });

  it("reuses a layout for an edit that keeps the structure, dropping nothing", async () => {
    const g = graph([["A", "B"], ["B", "C"]]);
    const laid = readLayout(g, await elk.layout(toElkGraph(g, undefined)));
    const again = reuseLayout({ edges: [...g.edges].reverse() }, laid);
    expect(again.nodes).toBe(laid.nodes);
    expect(again.edges.map((e) => `${e.from}${e.to}`).sort()).toEqual(["AB", "BC"]);
  });
});
