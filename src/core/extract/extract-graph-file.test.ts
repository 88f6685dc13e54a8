import { describe, expect, it } from "vitest";
import { extractGraphFile } from "./extract-graph-file";
import { graphFileKind } from "./graph-file-kind";

describe("extractGraphFile", () => {
  it("dispatches on the extension", () => {
    expect(graphFileKind("a/b.causal.ts")).toBe("typescript");
    expect(graphFileKind("B.DAGITTY")).toBe("dagitty");
    expect(graphFileKind("x.py")).toBeUndefined();
    expect(extractGraphFile("", "x.py").diagnostics[0].code).toBe("invalid-argument");
  });

  it("reads a .dagitty file as one model without mechanisms", () => {
    const text = "dag {\n  U [latent]\n  Z -> X -> Y\n  U -> X\n  U -> Y\n}\n";
    const { models, diagnostics } = extractGraphFile(text, "/p/iv.dagitty");
    expect(diagnostics).toEqual([]);
    expect(models).toHaveLength(1);
    const m = models[0];
    expect(m.name).toBe("iv");
    expect(m.variables.map((v) => [v.name, v.latent, v.parents.map((p) => p.name)])).toEqual(
      expect.arrayContaining([["U", true, []], ["X", false, expect.arrayContaining(["Z", "U"])], ["Y", false, expect.arrayContaining(["X", "U"])]]),
    );
    expect(m.variables.every((v) => v.mechanismText === "")).toBe(true);
    expect(m.range.end.offset).toBe(text.length);
  });

  it("reads a .causal.ts file statically", () => {
    const { models } = extractGraphFile(`scm("m").variable("a", () => 1).variable("b", ({ a }) => a)`, "m.causal.ts");
    expect(models[0].graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["a->b"]);
  });

  it("passes DAGitty syntax errors through with ranges", () => {
    const { diagnostics } = extractGraphFile("dag {\n  X -> \n}\n", "bad.dagitty");
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0].range?.file).toBe("bad.dagitty");
  });
});
