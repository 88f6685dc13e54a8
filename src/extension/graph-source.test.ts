import { describe, expect, it } from "vitest";
import { GraphUpdate } from "../protocol/messages";
import { isGraphDocument, modelIndexAt, readGraphSource, toGraphUpdate, variableAt } from "./graph-source";
import { withLevels } from "./trained-levels";

const text = `import { scm, bernoulli, normal } from "causal-studio";
export default scm("front")
  .latent("U", () => bernoulli(0.5))
  .variable("X", ({ U }) => bernoulli(U ? 0.8 : 0.2))
  .variable("Y", ({ X, U }) => normal(X + U, 1));
export const second = scm("second").variable("A", () => bernoulli(0.1));
`;
const options = { direction: "DOWN" as const, editable: true };

describe("graph-source", () => {
  it("turns a model file into a valid graph message with ranges and mechanisms", () => {
    const source = readGraphSource(text, "/w/front.causal.ts");
    const update = toGraphUpdate(source, 0, options, "front.causal.ts");
    expect(GraphUpdate.parse(update)).toEqual(update);
    expect(update.title).toBe("front");
    expect(update.nodes.map((n) => [n.id, !!n.latent])).toEqual([["U", true], ["X", false], ["Y", false]]);
    expect(update.edges.map((e) => `${e.from}->${e.to}:${e.kind}`).sort()).toEqual(["U->X:directed", "U->Y:directed", "X->Y:directed"]);
    const x = update.nodes.find((n) => n.id === "X")!;
    expect(x.range?.line).toBe(4);
    expect(text.split("\n")[3].slice(x.range!.column, x.range!.endColumn)).toBe('"X"');
    expect(x.mechanism).toContain("bernoulli");
    expect(update.errors).toEqual([]);
  });

  it("reads a .bif network as a queryable source: finite supports, state names, the tables' shapes", () => {
    const bif = "network lawn { }\nvariable rain { type discrete [2] { yes, no }; }\nvariable wet { type discrete [2] { yes, no }; }\nprobability (rain) { table 0.2, 0.8; }\nprobability (wet | rain) { (yes) 0.9, 0.1; (no) 0.1, 0.9; }\n";
    expect(isGraphDocument({ fileName: "/w/lawn.bif", languageId: "bif" })).toBe(true);
    const source = readGraphSource(bif, "/w/lawn.bif");
    expect(source.kind).toBe("bif");
    const update = toGraphUpdate(source, 0, { direction: "DOWN", editable: false }, "lawn.bif");
    expect(GraphUpdate.parse(update)).toEqual(update);
    expect(update).toMatchObject({ title: "lawn", source: "bif", editable: false, errors: [] });
    expect(update.nodes[1]).toMatchObject({ id: "wet", distribution: "categorical", support: { kind: "finite", values: [0, 1] }, mechanism: "table { yes, no } × 2 parent configurations", range: { line: 3 } });
    const states = Object.fromEntries(source.models[0].variables.map((v) => [v.name, v.states!]));
    expect(withLevels(update.nodes, states).map((n) => n.levels)).toEqual([["yes", "no"], ["yes", "no"]]);
    const broken = toGraphUpdate(readGraphSource(bif.replace("0.2, 0.8", "0.2, 0.7"), "/w/lawn.bif"), 0, { direction: "DOWN", editable: false }, "lawn.bif");
    expect(broken.errors[0]).toMatchObject({ message: expect.stringContaining('the probabilities of "rain" sum to 0.9'), range: { line: 4 } });
  });

  it("picks the model under the cursor and the variable whose declaration holds it", () => {
    const source = readGraphSource(text, "/w/front.causal.ts");
    const inSecond = text.indexOf('"A"');
    expect(modelIndexAt(source, inSecond)).toBe(1);
    expect(modelIndexAt(source, 0)).toBe(0);
    expect(variableAt(source.models[0], text.indexOf("normal(X + U"))).toBe("Y");
    expect(variableAt(source.models[0], 3)).toBeNull();
  });

  it("caps big graphs and says how many nodes there were", () => {
    const lines = ['export default scm("big")', '  .variable("v0", () => normal(0, 1))'];
    for (let i = 1; i < 50; i++) lines.push(`  .variable("v${i}", ({ v${i - 1} }) => normal(v${i - 1}, 1))`);
    const source = readGraphSource(`${lines.join("\n")};`, "big.causal.ts");
    const update = toGraphUpdate(source, 0, { ...options, maxNodes: 20 }, "big.causal.ts");
    expect(update.nodes).toHaveLength(20);
    expect(update.totalNodes).toBe(50);
    expect(update.edges).toHaveLength(19);
    expect(update.edges.every((e) => Number(e.to.slice(1)) < 20)).toBe(true);
    expect(update.nodes.some((n) => n.blanket)).toBe(false); // a blanket may reach past the cap
  });

  it("gives each observed node its Markov blanket (parents, children, co-parents; collider paths through <-> edges and latents), none to latents or in a cyclic graph", () => {
    const blankets = (dagitty: string) => {
      const update = toGraphUpdate(readGraphSource(dagitty, "b.dagitty"), 0, options, "b.dagitty");
      expect(GraphUpdate.parse(update)).toEqual(update);
      return Object.fromEntries(update.nodes.map((n) => [n.id, n.blanket]));
    };
    expect(blankets("dag {\nA -> C\nB -> C\nC -> D\nE\n}")).toEqual({ A: ["C", "B"], B: ["A", "C"], C: ["A", "B", "D"], D: ["C"], E: [] }); // in the order the variables first appear
    // U confounds X and Y (X <-> Y once U is projected out); M's blanket reaches W along M -> Y <-> W.
    expect(blankets("dag {\nU [latent]\nU -> X\nU -> Y\nX -> M -> Y\nW <-> Y\nZ\n}"))
      .toEqual({ U: undefined, X: ["Y", "M", "W"], Y: ["X", "M", "W"], M: ["X", "Y", "W"], W: ["X", "Y", "M"], Z: [] });
    expect(blankets("dag {\nA -> B -> A\n}")).toEqual({ A: undefined, B: undefined });
  });

  it("a file with no model gives an error message and no nodes (the view keeps its last drawing)", () => {
    const update = toGraphUpdate(readGraphSource("const x = 1;\n", "notes.causal.ts"), 0, options, "notes.causal.ts");
    expect(update.nodes).toEqual([]);
    expect(update.editable).toBe(false);
    expect(update.errors[0].message).toMatch(/holds no scm\(\.\.\.\) model/);
  });

  it("a half-typed file still yields the variables read so far plus the parse error", () => {
    const half = 'export default scm("h")\n  .variable("a", () => normal(0, 1))\n  .variable("b", ({ a }) => normal(a, ';
    const update = toGraphUpdate(readGraphSource(half, "h.causal.ts"), 0, options, "h.causal.ts");
    expect(update.nodes.map((n) => n.id)).toContain("a");
    expect(GraphUpdate.safeParse(update).success).toBe(true);
  });

  it("reads DAGitty files, with bidirected edges", () => {
    const update = toGraphUpdate(readGraphSource("dag { X [exposure]\n Y [outcome]\n X -> Y\n X <-> Y }", "g.dagitty"), 0, options, "g.dagitty");
    expect(update.source).toBe("dagitty");
    expect(update.edges.map((e) => `${e.from}${e.kind === "directed" ? "->" : "<->"}${e.to}`).sort()).toEqual(["X->Y", "X<->Y"]);
    expect(update.nodes.find((n) => n.id === "X")?.roles).toEqual(["exposure"]);
  });
});
