import { describe, expect, it } from "vitest";
import { applyTextEdits } from "../core/extract/text-edits";
import { extractModels } from "../core/extract/extract-models";
import { graphDiagnostics, graphFixes } from "./graph-fixes";

const FILE = "/w/wages.causal.ts";
const AFTER_REMOVAL = `import { normal, scm } from "causal-studio";
export default scm("wages")
  .variable("experience", () => normal(10, 3))
  .variable("education", () => normal(12, 2))
  .variable("wage", ({ education }) => normal(2 * education + 0.5 * experience, 1));
`;

describe("graphDiagnostics and graphFixes", () => {
  it("reports the stale use and its quick fix puts the edge back", () => {
    const ds = graphDiagnostics(AFTER_REMOVAL, FILE);
    expect(ds.map((d) => d.message)).toEqual(["wage's mechanism still reads experience, which is no longer one of its parents"]);
    const at = ds[0].range!.start.offset;
    expect(AFTER_REMOVAL.slice(at, at + "experience".length)).toBe("experience");
    const [fix] = graphFixes(AFTER_REMOVAL, FILE, "undeclared-parent-read", at);
    expect(fix.title).toBe("Keep the edge experience → wage (declare experience as a parent of wage)");
    const fixed = applyTextEdits(AFTER_REMOVAL, fix.edits);
    expect(fixed).toContain(`.variable("wage", ({ education, experience }) =>`);
    expect(graphDiagnostics(fixed, FILE)).toEqual([]);
    expect(extractModels(fixed).models[0].graph.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["education->wage", "experience->wage"]);
  });

  it("a stale read of a later variable is fixed by moving it up and declaring it; a cyclic one gets no fix", () => {
    const later = `scm("m").variable("smoking", () => bernoulli(genotype ? 0.1 : 0.9)).variable("genotype", () => bernoulli(0.5))`;
    const [d] = graphDiagnostics(later, FILE);
    const [fix] = graphFixes(later, FILE, d.code, d.range!.start.offset);
    expect(fix.title).toBe("Move genotype above smoking and declare it as a parent");
    expect(applyTextEdits(later, fix.edits)).toBe(`scm("m").variable("genotype", () => bernoulli(0.5)).variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.1 : 0.9))`);
    const cyclic = `scm("m").variable("smoking", () => bernoulli(tar ? 0.1 : 0.9)).variable("tar", ({ smoking }) => bernoulli(smoking))`;
    const [c] = graphDiagnostics(cyclic, FILE);
    expect(graphFixes(cyclic, FILE, c.code, c.range!.start.offset)).toEqual([]);
  });

  it("a destructured parent declared later: move its declaration, or (cycle) say why not and offer nothing", () => {
    const legal = `scm("m").variable("smoking", ({ genotype }) => bernoulli(genotype)).variable("genotype", () => bernoulli(0.5))`;
    const [d] = graphDiagnostics(legal, FILE);
    expect(d.code).toBe("parent-declared-later");
    const [fix] = graphFixes(legal, FILE, d.code, d.range!.start.offset);
    expect(fix.title).toBe("Move the declaration of genotype above smoking");
    expect(graphDiagnostics(applyTextEdits(legal, fix.edits), FILE)).toEqual([]);
    const cyclic = `scm("m").variable("smoking", ({ tar }) => bernoulli(tar)).variable("tar", ({ smoking }) => bernoulli(smoking))`;
    const [c] = graphDiagnostics(cyclic, FILE);
    expect(c.notes?.[0]).toMatch(/^adding tar → smoking would create a cycle smoking → tar → smoking/);
    expect(graphFixes(cyclic, FILE, c.code, c.range!.start.offset)).toEqual([]);
  });

  it("leaves DAGitty files to their parser", () => {
    expect(graphDiagnostics("dag { a -> b }", "/w/g.dagitty")).toEqual([]);
  });
});
