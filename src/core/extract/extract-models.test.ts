import { describe, expect, it } from "vitest";
import { positionAt } from "../errors/diagnostic";
import { extractModels } from "./extract-models";

const SMOKING = `import { scm, bernoulli, normal, sigmoid } from "causal-studio";

export default scm("smoking and cancer")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.8 : 0.2))
  .variable("tar", ({ smoking }) => normal(smoking ? 3 : 0, 1))
  .variable("cancer", ({ tar, genotype }) => bernoulli(sigmoid(0.8 * tar + genotype - 2)));
`;

const edgesOf = (text: string) => extractModels(text).models[0].graph.edges.map((e) => `${e.from}${e.kind === "directed" ? "->" : "<->"}${e.to}`);
const codesOf = (text: string) => extractModels(text).diagnostics.map((d) => d.code);
const slice = (text: string, r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset);

describe("extractModels", () => {
  it("reads the design brief's model: nodes, latent flag, edges, distributions", () => {
    const { models, diagnostics } = extractModels(SMOKING, "smoking.causal.ts");
    expect(diagnostics).toEqual([]);
    expect(models).toHaveLength(1);
    const m = models[0];
    expect(m.name).toBe("smoking and cancer");
    expect(m.graph.nodes.map((n) => [n.id, !!n.latent])).toEqual([["genotype", true], ["smoking", false], ["tar", false], ["cancer", false]]);
    expect(edgesOf(SMOKING)).toEqual(["genotype->smoking", "smoking->tar", "tar->cancer", "genotype->cancer"]);
    expect(m.variables.map((v) => v.distribution)).toEqual(["bernoulli", "bernoulli", "normal", "bernoulli"]);
    expect(m.graph.nodes[1].mechanism).toBe("bernoulli(genotype ? 0.8 : 0.2)");
    expect(slice(SMOKING, m.range)).toMatch(/^scm\("smoking and cancer"\)[\s\S]*- 2\)\)\)$/);
  });

  it("gives ranges: node = name literal, declaration = method..closing paren, edge = destructured name", () => {
    const m = extractModels(SMOKING, "f.causal.ts").models[0];
    const tar = m.variables[2];
    expect(slice(SMOKING, tar.nameRange)).toBe('"tar"');
    expect(slice(SMOKING, tar.declarationRange)).toBe('variable("tar", ({ smoking }) => normal(smoking ? 3 : 0, 1))');
    expect(tar.nameRange).toMatchObject({ file: "f.causal.ts", start: { line: 6, column: 12 }, end: { line: 6, column: 17 } });
    const edge = m.graph.edges.find((e) => e.to === "cancer" && e.from === "genotype")!;
    expect(slice(SMOKING, edge.range!)).toBe("genotype");
    expect(edge.range!.start.line).toBe(7);
  });

  it("handles aliases, defaults, string keys, function expressions and block bodies", () => {
    const text = `scm("m")
      .variable("a", function () { return uniform(0, 1); })
      .variable("b", ({ a: x, "c": _unused = 0 }) => normal(x, 1))
      .variable("c", () => delta(1))
      .variable("d", function ({ a, b = 2 }) { const k = () => { return 3; }; if (a) { return gamma(b, k()); } return poisson(1); });`;
    const { models, diagnostics } = extractModels(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["parent-declared-later"]);
    expect(models[0].graph.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["a->b", "a->d", "b->d"]);
    const d = models[0].variables[3];
    expect(d.distribution).toBe("gamma");
    expect(models[0].variables[0].distribution).toBe("uniform");
    expect(slice(text, models[0].variables[1].parents[0].range)).toBe("a");
  });

  it("reads .confounded(a, b) as a bidirected edge", () => {
    const text = `scm("iv").latent("u", () => normal(0, 1)).variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(x, 1)).confounded("x", "y")`;
    expect(edgesOf(text)).toEqual(["x->y", "x<->y"]);
    const e = extractModels(text).models[0].graph.edges[1];
    expect(slice(text, e.range!)).toBe('"x", "y"');
    expect(codesOf(`scm("m").variable("x", () => normal(0, 1)).confounded("x", "yy")`)).toEqual(["unknown-variable"]);
    expect(codesOf(`scm("m").variable("x", () => normal(0, 1)).confounded("x", "x")`)).toEqual(["invalid-argument"]);
  });

  it("reports an unknown parent with a suggestion, and leaves the edge out", () => {
    const text = `scm("m").variable("smoking", () => bernoulli(0.5)).variable("tar", ({ smokng }) => normal(smokng, 1))`;
    const { models, diagnostics } = extractModels(text, "x.causal.ts");
    expect(models[0].graph.edges).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "unknown-parent", severity: "error" });
    expect(diagnostics[0].message).toContain('Did you mean "smoking"?');
    expect(slice(text, diagnostics[0].range!)).toBe("smokng");
    expect(models[0].variables[1].parents.map((p) => p.name)).toEqual(["smokng"]);
  });

  it("reports a parent declared later with a note to move it, and self-reads as cycles", () => {
    const text = `scm("m").variable("a", ({ b }) => normal(b, 1)).variable("b", ({ b }) => normal(0, 1))`;
    const { models, diagnostics } = extractModels(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["parent-declared-later", "cycle"]);
    expect(diagnostics[0].notes).toEqual(['move the declaration of "b" above "a"']);
    expect(models[0].graph.edges).toEqual([]);
  });

  it("reports duplicates (keeping the first) and non-literal names", () => {
    const text = `const n = "z";\nscm("m").variable("a", () => normal(0, 1)).variable(n, () => normal(0, 1)).variable("a", () => normal(1, 1))`;
    const { models, diagnostics } = extractModels(text);
    expect(diagnostics.map((d) => d.code)).toEqual(["non-literal-name", "duplicate-name"]);
    expect(diagnostics[1].notes?.[0]).toBe("first declared at line 2, column 19");
    expect(models[0].variables.map((v) => v.mechanismText)).toEqual(["normal(0, 1)"]);
  });

  it("warns when parents cannot be read statically", () => {
    const cases = [
      `scm("m").variable("a", () => 1).variable("b", (v) => normal(v.a, 1))`,
      `scm("m").variable("a", () => 1).variable("b", ({ a, ...rest }) => normal(a, 1))`,
      `const f = () => 1; scm("m").variable("a", f)`,
    ];
    for (const c of cases) {
      const { diagnostics } = extractModels(c);
      expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["unreadable-parents", "warning"]]);
    }
    expect(edgesOf(cases[1])).toEqual(["a->b"]);
  });

  it("finds several models, namespaced scm, and survives half-typed code", () => {
    const text = `import * as cs from "causal-studio";
      export const a = cs.scm("one").variable("x", () => cs.normal(0, 1));
      export const b = scm("two").variable("y", () => bernoulli(0.5)).variable("z", ({ y, `;
    const { models } = extractModels(text);
    expect(models.map((m) => m.name)).toEqual(["one", "two"]);
    expect(models[0].variables[0].distribution).toBe("normal");
    expect(models[1].graph.edges.map((e) => e.from)).toEqual(["y"]);
    expect(codesOf(`scm("m").variable("x")`)).toEqual(["missing-mechanism"]);
    expect(extractModels("").models).toEqual([]);
  });

  it("truncates long mechanism texts for hovers", () => {
    const long = `scm("m").variable("x", () => normal(${"1 + ".repeat(40)}1, 1))`;
    const t = extractModels(long).models[0].variables[0].mechanismText;
    expect(t.length).toBe(80);
    expect(t.endsWith("…")).toBe(true);
  });

  it("uses line/column conventions of the diagnostics module (1-based line, 0-based column)", () => {
    const text = "\r\nscm('m')\n  .variable('q', () => 1)";
    const v = extractModels(text).models[0].variables[0];
    expect(v.nameRange.start).toEqual({ line: 3, column: 12, offset: 23 });
    expect(v.nameRange.end).toEqual(positionAt(text, 26));
  });
});
