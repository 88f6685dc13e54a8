import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TextEdit } from "../../errors/diagnostic";
import type { GraphData, GraphNode } from "../types";
import { dagittyEdgeEdits } from "./edge-edits";
import { parseDagitty } from "./parse-dagitty";
import { printDagitty } from "./print-dagitty";

const edges = (g: GraphData) => g.edges.map((e) => `${e.from}${e.kind === "directed" ? "->" : "<->"}${e.to}`).sort();

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset).reduce((t, e) => t.slice(0, e.range.start.offset) + e.newText + t.slice(e.range.end.offset), text);
}

/** Graph data without source ranges, for comparisons. */
function strip(g: GraphData): GraphData {
  return {
    nodes: g.nodes.map(({ range, declarationRange, ...rest }) => rest),
    edges: g.edges.map(({ range, ...rest }) => rest),
  };
}

describe("parseDagitty", () => {
  it("reads attributes, chains, reversed and bidirected edges, groups, quoted names, comments and bb", () => {
    const text = `dag {
  bb="0,0,1,1"
  // a comment
  X [exposure,pos="0.5,-1"]
  Y [outcome, label="the outcome"]
  "my var" [latent]; U [unobserved]
  /* block
     comment */
  X -> M -> Y <- Z
  {A B} -> X
  X <-> Y
  C -> {D -> E}
}`;
    const { graph, diagnostics } = parseDagitty(text, "g.dag");
    expect(diagnostics).toEqual([]);
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(node("X")).toMatchObject({ roles: ["exposure"], position: { x: 0.5, y: -1 } });
    expect(node("Y")).toMatchObject({ roles: ["outcome"], attributes: { label: "the outcome" } });
    expect(node("my var").latent).toBe(true);
    expect(node("U").latent).toBe(true);
    expect(edges(graph)).toEqual(["A->X", "B->X", "C->D", "C->E", "D->E", "M->Y", "X->M", "X<->Y", "Z->Y"].sort());
    expect(node("X").range).toMatchObject({ file: "g.dag", start: { line: 4, column: 2 }, end: { line: 4, column: 3 } });
    const xm = graph.edges.find((e) => e.from === "X" && e.to === "M")!;
    expect(xm.range).toMatchObject({ start: { line: 9, column: 2 }, end: { line: 9, column: 8 } });
    expect(graph.edges.every((e) => e.range) && graph.nodes.every((n) => n.range)).toBe(true);
  });

  it("accepts bare statements without the dag { } wrapper", () => {
    expect(edges(parseDagitty("{x m} -> y").graph)).toEqual(["m->y", "x->y"]);
  });

  it("reports malformed text with line and column and keeps the rest", () => {
    const { graph, diagnostics } = parseDagitty("dag {\n  A -> ;\n  B -> C\n  D [pos=\"1\"]\n  E ] F\n}");
    expect(edges(graph)).toContain("B->C");
    expect(diagnostics.length).toBeGreaterThanOrEqual(3);
    expect(diagnostics.every((d) => d.range && d.range.start.line >= 1)).toBe(true);
    expect(diagnostics[0].range!.start.line).toBe(2);
    expect(parseDagitty("dag { A -> B").diagnostics[0].message).toMatch(/Missing }/);
  });

  it("reports a cycle, listing it", () => {
    const { diagnostics } = parseDagitty("dag { a -> b -> c -> a; c -> d }");
    const cycle = diagnostics.find((d) => d.code === "cycle")!;
    expect(cycle.message).toContain("a -> b -> c -> a");
    expect(cycle.range!.start.offset).toBe(6);
  });

  it("warns about undirected edges and leaves them out", () => {
    const { graph, diagnostics } = parseDagitty("pdag { a -- b; b -> c }");
    expect(edges(graph)).toEqual(["b->c"]);
    expect(diagnostics.some((d) => d.severity === "warning" && /not supported/.test(d.message))).toBe(true);
  });

  it("never throws on arbitrary text", () => {
    const alphabet = fc.constantFrom(..."dag{}[]-><@;,=\"'#/* \nxyz0.".split(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(""))), (text) => {
        const r = parseDagitty(text);
        expect(Array.isArray(r.graph.nodes)).toBe(true);
      }),
      { seed: 1, numRuns: 2000 },
    );
  });
});

const idArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,6}$/),
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !/[\n\r]/.test(s)),
);

const graphArb: fc.Arbitrary<GraphData> = fc.uniqueArray(idArb, { minLength: 1, maxLength: 6 }).chain((ids) =>
  fc.record({
    nodes: fc.tuple(...ids.map((id) =>
      fc.record({
        roles: fc.subarray(["exposure", "outcome", "adjusted", "selected"] as const),
        latent: fc.boolean(),
        position: fc.option(fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.double({ min: -10, max: 10, noNaN: true }).map((y) => (Object.is(y, -0) ? 0 : y)) }), { nil: undefined }),
        label: fc.option(fc.string({ maxLength: 8 }).filter((s) => !/[\n\r]/.test(s)), { nil: undefined }),
      }).map(({ roles, latent, position, label }): GraphNode => ({
        id,
        ...(roles.length ? { roles: [...roles] } : {}),
        ...(latent ? { latent: true } : {}),
        ...(position ? { position } : {}),
        ...(label !== undefined ? { attributes: { label } } : {}),
      })),
    )),
    edges: fc.uniqueArray(fc.tuple(fc.nat(ids.length - 1), fc.nat(ids.length - 1), fc.boolean()), { selector: ([a, b, d]) => (d ? `${a}>${b}` : `${Math.min(a, b)}-${Math.max(a, b)}`) })
      .map((es) => es.filter(([a, b, d]) => (d ? a < b : a !== b)).map(([a, b, d]) => ({ from: ids[a], to: ids[b], kind: d ? ("directed" as const) : ("bidirected" as const) }))),
  }),
);

describe("printDagitty", () => {
  it("round-trips: parse(print(g)) equals g", () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        const { graph, diagnostics } = parseDagitty(printDagitty(g));
        expect(diagnostics).toEqual([]);
        expect(strip(graph)).toEqual(g);
      }),
      { seed: 17, numRuns: 500 },
    );
  });
});

describe("dagittyEdgeEdits", () => {
  const file = "dag {\n    A [exposure]\n    A -> B -> C\n    {D E} -> C\n    F -> G\n}\n";

  it("adds a statement before the closing brace with the file's indentation", () => {
    const edits = dagittyEdgeEdits(file, { op: "add", from: "C", to: "F", kind: "directed" });
    expect(apply(file, edits)).toBe(file.replace("    F -> G\n", "    F -> G\n    C -> F\n"));
    expect(dagittyEdgeEdits(file, { op: "add", from: "A", to: "B", kind: "directed" })).toEqual([]);
    expect(apply("dag{a->b}", dagittyEdgeEdits("dag{a->b}", { op: "add", from: "b", to: "c", kind: "bidirected" }))).toBe("dag{a->b b <-> c }");
  });

  it("removes a two-node statement with its line, an arrow from a chain, or an edge from a group", () => {
    // F and G are named nowhere else, so they stay as declarations; a statement whose names live on elsewhere goes with its line.
    expect(apply(file, dagittyEdgeEdits(file, { op: "remove", from: "F", to: "G", kind: "directed" }))).toBe(file.replace("    F -> G\n", "    F; G\n"));
    const tri = "dag {\n  a -> b\n  b -> c\n  a -> c\n}\n";
    expect(apply(tri, dagittyEdgeEdits(tri, { op: "remove", from: "a", to: "b", kind: "directed" }))).toBe("dag {\n  b -> c\n  a -> c\n}\n");
    const chain = apply(file, dagittyEdgeEdits(file, { op: "remove", from: "A", to: "B", kind: "directed" }));
    expect(chain).toContain("A; B -> C");
    const group = apply(file, dagittyEdgeEdits(file, { op: "remove", from: "D", to: "C", kind: "directed" }));
    expect(edges(parseDagitty(group).graph)).toEqual(edges(parseDagitty(file).graph).filter((e) => e !== "D->C"));
  });

  it("edits always produce the requested graph (property)", () => {
    fc.assert(
      fc.property(graphArb, fc.nat(), fc.nat(), fc.boolean(), (g, a, b, directed) => {
        const text = printDagitty(g);
        const ids = g.nodes.map((n) => n.id);
        const [from, to] = [ids[a % ids.length], ids[b % ids.length]];
        if (from === to) return;
        const kind = directed ? "directed" : "bidirected";
        const before = parseDagitty(text).graph;
        const added = parseDagitty(apply(text, dagittyEdgeEdits(text, { op: "add", from, to, kind }))).graph;
        const key = directed ? `${from}->${to}` : null;
        if (key) expect(edges(added)).toContain(key);
        const removed = parseDagitty(apply(text, dagittyEdgeEdits(text, { op: "remove", from, to, kind }))).graph;
        const gone = (e: string) => e === `${from}<->${to}` || e === `${to}<->${from}`;
        expect(edges(removed)).toEqual(edges(before).filter((e) => !(directed ? e === `${from}->${to}` : gone(e))));
        expect(removed.nodes.map((n) => n.id).sort()).toEqual(before.nodes.map((n) => n.id).sort());
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});

describe("DAGitty syntax as DAGitty users write it (issue 15)", () => {
  const nodes = (g: GraphData) => g.nodes.map((n) => n.id).sort();
  const errors = (text: string) => parseDagitty(text).diagnostics.filter((d) => d.severity === "error");

  it("a named header (dag G {, digraph \"my g\" {) names the graph; its words are not variables", () => {
    for (const text of ["dag G { a -> b }", "digraph G {\n  a -> b\n}", 'dag "my g" { a -> b }', "pdag G { a -> b }"]) {
      const r = parseDagitty(text);
      expect(errors(text)).toEqual([]);
      expect(nodes(r.graph)).toEqual(["a", "b"]);
      expect(edges(r.graph)).toEqual(["a->b"]);
    }
  });

  it("dot's graph [bb=\"…\"] statement is a graph attribute, not a variable named graph", () => {
    const r = parseDagitty('dag {\n  graph [bb="0,0,1,1", rankdir=LR]\n  a -> b\n}');
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(nodes(r.graph)).toEqual(["a", "b"]);
    // A variable may still be called graph where it is one.
    expect(nodes(parseDagitty("dag { graph -> b }").graph)).toEqual(["b", "graph"]);
  });

  it("the one-letter attributes e, o, a, s mark roles and u, l mark latent variables", () => {
    const r = parseDagitty("dag {\n  x [e]\n  y [o]\n  z [a]\n  w [s]\n  u1 [u]\n  u2 [l]\n  x -> y <- z; w -> y; u1 -> x; u2 -> y\n}");
    expect(r.diagnostics).toEqual([]);
    const byId = Object.fromEntries(r.graph.nodes.map((n) => [n.id, n]));
    expect(byId.x.roles).toEqual(["exposure"]);
    expect(byId.y.roles).toEqual(["outcome"]);
    expect(byId.z.roles).toEqual(["adjusted"]);
    expect(byId.w.roles).toEqual(["selected"]);
    expect([byId.u1.latent, byId.u2.latent, byId.x.latent]).toEqual([true, true, undefined]);
  });

  it("x <-> x is accepted (an info, the edge left out), as DAGitty accepts it", () => {
    const r = parseDagitty("dag { x <-> x; x -> y }");
    expect(errors("dag { x <-> x; x -> y }")).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ severity: "info", message: expect.stringContaining("x <-> x joins a variable to itself") }]);
    expect(edges(r.graph)).toEqual(["x->y"]);
  });
});
