// The panel's "Testable implications" against the CLI's `causal-studio graph --json` on the same
// files (the sample models, a DAGitty file, a graph with more statements than the panel lists), and
// against textbook DAGs worked by hand: a chain, a fork, a collider, the front door (none).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphCommand } from "../cli/graph-command";
import { readGraphSource } from "./graph-source";
import { implicationsForPanel, PANEL_IMPLICATIONS } from "./implications-for-panel";

const SAMPLES = join(__dirname, "..", "..", "samples");
const DIR = mkdtempSync(join(tmpdir(), "cs-implications-"));

function write(name: string, text: string): string {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
}

async function cli(file: string): Promise<{ name: string; impliedIndependencies: { x: string; y: string; given: string[] }[] }[]> {
  let out = "";
  const code = await graphCommand([file, "--json"], { stdout: (t) => void (out += t), stderr: () => undefined, cwd: DIR });
  expect(code).toBe(0);
  return (JSON.parse(out) as { models: { name: string; impliedIndependencies: { x: string; y: string; given: string[] }[] }[] }).models;
}

function panel(file: string, index = 0) {
  const model = readGraphSource(readFileSync(file, "utf8"), file).models[index];
  return implicationsForPanel(model, index);
}

/** A 60-variable chain v0 -> v1 -> ... -> v59: every pair two or more steps apart is one statement. */
const chain = `dag {\n${Array.from({ length: 59 }, (_, i) => `  v${i} -> v${i + 1}`).join("\n")}\n}\n`;

describe("testable implications in the panel = the CLI's", () => {
  const files = [
    join(SAMPLES, "wrong-graph", "model.causal.ts"),
    join(SAMPLES, "misspecification", "linear.causal.ts"),
    join(SAMPLES, "learn-from-data", "model.causal.ts"),
    join(SAMPLES, "frontdoor", "model.causal.ts"),
    write("confounded.dagitty", "dag { A -> X -> Y; A -> Y; B -> A; C -> X; U [latent]; U -> B; U -> Y }"),
    write("chain.dagitty", chain),
  ];
  it.each(files)("%s", async (file) => {
    const models = await cli(file);
    expect(models.length).toBeGreaterThan(0);
    for (const [i, m] of models.entries()) {
      const p = panel(file, i);
      expect(p.model).toBe(m.name);
      expect(p.total).toBe(m.impliedIndependencies.length);
      expect(p.items).toEqual(m.impliedIndependencies.slice(0, PANEL_IMPLICATIONS));
      expect(p.error).toBeUndefined();
    }
  });

  it("a large graph lists the first 50 and counts the rest: C(60, 2) - 59 = 1711 for the 60-chain", () => {
    const p = panel(join(DIR, "chain.dagitty"));
    expect(p.total).toBe((60 * 59) / 2 - 59);
    expect(p.items).toHaveLength(PANEL_IMPLICATIONS);
    // By hand: v2 ⊥ v0 | v1 is the first (v2 is the first variable with an earlier non-adjacent one).
    expect(p.items[0]).toEqual({ x: "v2", y: "v0", given: ["v1"] });
    // Every statement of a chain conditions on the one variable just before the later of the two.
    for (const i of p.items) expect(i.given).toEqual([`v${Number(i.x.slice(1)) - 1}`]);
  });
});

describe("testable implications of textbook DAGs, by hand", () => {
  const of = (text: string) => implicationsForPanel(readGraphSource(text, "g.dagitty").models[0], 0);

  it("chain X -> M -> Y: Y ⊥ X | M, and nothing else", () => {
    expect(of("dag { X -> M -> Y }")).toMatchObject({ total: 1, items: [{ x: "Y", y: "X", given: ["M"] }] });
  });

  it("fork A <- C -> B: A ⊥ B | C", () => {
    const p = of("dag { C -> A; C -> B }");
    expect(p.total).toBe(1);
    expect([p.items[0].x, p.items[0].y].sort()).toEqual(["A", "B"]);
    expect(p.items[0].given).toEqual(["C"]);
  });

  it("collider A -> C <- B: A ⊥ B with nothing given (conditioning on C would open the path)", () => {
    const p = of("dag { A -> C; B -> C }");
    expect(p.total).toBe(1);
    expect([p.items[0].x, p.items[0].y].sort()).toEqual(["A", "B"]);
    expect(p.items[0].given).toEqual([]);
  });

  it("front door smoking -> tar -> cancer with a latent genotype on smoking and cancer: no independence to test", () => {
    const p = of("dag { genotype [latent]; genotype -> smoking; genotype -> cancer; smoking -> tar -> cancer }");
    expect(p).toMatchObject({ total: 0, items: [] });
    expect(p.error).toBeUndefined();
  });

  it("a directed cycle (mid-edit) lists nothing and says why", () => {
    const p = of("dag { A -> B -> C -> A }");
    expect(p.items).toEqual([]);
    expect(p.error).toMatch(/directed cycle .*: no implications to test until it is acyclic\.$/);
  });
});
