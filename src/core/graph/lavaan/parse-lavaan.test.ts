// lavaan model syntax in and out: the documentation's examples parse to the graphs they describe,
// printing then reading any graph gives it back, and no input makes the reader throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalError } from "../../errors/diagnostic";
import { toBnlearn } from "../export/to-bnlearn";
import { toLavaan } from "../export/to-lavaan";
import { smallGraph, toData } from "../testing/brute-force";
import type { GraphData } from "../types";
import { parseLavaan } from "./parse-lavaan";

const arrows = (g: GraphData) => g.edges.filter((e) => e.kind === "directed").map((e) => `${e.from}->${e.to}`).sort();
const spouses = (g: GraphData) => g.edges.filter((e) => e.kind === "bidirected").map((e) => [e.from, e.to].sort().join("<->")).sort();
const latents = (g: GraphData) => g.nodes.filter((n) => n.latent).map((n) => n.id).sort();

describe("lavaan model syntax", () => {
  it("reads the tutorial's political democracy model: three latents, 11 indicators, 3 regressions, 6 residual covariances", () => {
    const { graph, diagnostics } = parseLavaan(`
      # measurement model
        ind60 =~ x1 + x2 + x3
        dem60 =~ y1 + y2 + y3 + y4
        dem65 =~ y5 + y6 + y7 + y8
      # regressions
        dem60 ~ ind60
        dem65 ~ ind60 + dem60
      # residual correlations
        y1 ~~ y5
        y2 ~~ y4 + y6
        y3 ~~ y7
        y4 ~~ y8
        y6 ~~ y8
    `);
    expect(diagnostics).toEqual([]);
    expect(latents(graph)).toEqual(["dem60", "dem65", "ind60"]);
    expect(arrows(graph)).toHaveLength(14);
    expect(arrows(graph)).toContain("ind60->dem65");
    expect(arrows(graph)).toContain("dem65->y8");
    expect(spouses(graph)).toEqual(["y1<->y5", "y2<->y4", "y2<->y6", "y3<->y7", "y4<->y8", "y6<->y8"]);
  });

  it("drops modifiers, intercepts, variances, defined parameters and constraints; ';' splits and a trailing '+' continues", () => {
    const { graph, diagnostics } = parseLavaan([
      "y ~ a*x1 + 0.5*x2 + NA*x3 + start(1)*x4 + c(b1, b2)*x5 + label(\"w\")*x6 ! a comment",
      "y ~ 1; x1 ~~ x1; x1 ~~ x2",
      "f := a*b",
      "a == b; b1 > 0",
      "z ~ y +",
      "    x1",
    ].join("\n"));
    expect(diagnostics).toEqual([]);
    expect(arrows(graph)).toEqual(["x1->y", "x1->z", "x2->y", "x3->y", "x4->y", "x5->y", "x6->y", "y->z"]);
    expect(spouses(graph)).toEqual(["x1<->x2"]);
    expect(graph.nodes.map((n) => n.id)).not.toContain("1");
  });

  it("errors point at the term: a missing term, a number for a name, a line with no operator", () => {
    const text = "y ~ 3x\nhello world\ny ~ x +";
    const { diagnostics } = parseLavaan(text, "m.lavaan");
    expect(diagnostics.map((d) => [d.severity, d.range?.start.line, d.range?.start.column])).toEqual([["error", 1, 4], ["error", 2, 0], ["error", 3, 7]]);
    expect(diagnostics[0].message).toMatch(/"3x" is not a variable name/);
    expect(diagnostics[1].message).toMatch(/not a lavaan formula/);
    expect(diagnostics[2].message).toMatch(/a term is missing/);
    expect(parseLavaan("y ~ x + + z").diagnostics[0].message).toMatch(/a term is missing/);
    expect(parseLavaan("y ~ y").diagnostics[0].code).toBe("cycle");
  });

  it("print then read gives the graph back: arrows, <-> edges and latents (random graphs, fast-check)", () => {
    fc.assert(fc.property(smallGraph({ maxNodes: 7, bidirected: true, latent: true }), (s) => {
      const data = toData(s);
      const measured = (l: string) => data.edges.some((e) => e.kind === "directed" && e.from === l && !s.latent.has(e.to));
      if ([...s.latent].some((l) => !measured(l))) {
        expect(() => toLavaan(data)).toThrow(CausalError);
        return;
      }
      const back = parseLavaan(toLavaan(data));
      expect(back.diagnostics).toEqual([]);
      expect(arrows(back.graph)).toEqual(arrows(data));
      expect(spouses(back.graph)).toEqual(spouses(data));
      expect(latents(back.graph)).toEqual([...s.latent].sort());
    }), { seed: 31, numRuns: 300 });
  });

  it("never throws on any text, and every range lies inside it (fuzz)", () => {
    const token = fc.constantFrom("y", "x1", "~", "=~", "~~", "+", "*", "0.5", "(", ")", ",", ";", "\n", "#", "!", "\"", "1", ":=", "<~", "|", " ", "c(a,b)", "..", "_x");
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(token, { maxLength: 40 }).map((t) => t.join(""))), (text) => {
      const { graph, diagnostics } = parseLavaan(text);
      for (const d of diagnostics) if (d.range) expect(d.range.end.offset).toBeLessThanOrEqual(text.length);
      for (const n of graph.nodes) expect(text).toContain(n.id);
    }), { seed: 7, numRuns: 1000 });
  });

  it("refuses names lavaan cannot read, by name", () => {
    expect(() => toLavaan({ nodes: [{ id: "blood pressure" }, { id: "y" }], edges: [{ from: "blood pressure", to: "y", kind: "directed" }] })).toThrow(/"blood pressure" is not a name lavaan can read/);
  });
});

describe("bnlearn model strings", () => {
  it("one bracket per node with its parents; <-> edges, latents and delimiters in names refused", () => {
    expect(toBnlearn({ nodes: [{ id: "a" }, { id: "b" }, { id: "c" }], edges: [{ from: "a", to: "b", kind: "directed" }, { from: "a", to: "c", kind: "directed" }, { from: "b", to: "c", kind: "directed" }] })).toBe("[a][b|a][c|a:b]\n");
    expect(() => toBnlearn({ nodes: [{ id: "a" }, { id: "b" }], edges: [{ from: "a", to: "b", kind: "bidirected" }] })).toThrow(/DAG only/);
    expect(() => toBnlearn({ nodes: [{ id: "u", latent: true }], edges: [] })).toThrow(/latent/);
    expect(() => toBnlearn({ nodes: [{ id: "a:b" }], edges: [] })).toThrow(/rename it/);
  });
});
