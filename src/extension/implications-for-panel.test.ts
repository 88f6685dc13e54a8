// The panel's "Testable implications" against the CLI's `causal-studio graph --json` on the same
// files (the sample models, a DAGitty file, a graph with more statements than the panel lists), and
// against textbook DAGs worked by hand: a chain, a fork, a collider, the front door (none).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphCommand } from "../cli/graph-command";
import { readGraphSource } from "./graph-source";
import { CausalGraph, impliedIndependencies } from "../core/graph/index";
import { dagittyText, randomDag } from "../../test/support/random-dag";
import { implicationsForPanel, implicationsForPanelAsync, PANEL_IMPLICATIONS, PANEL_PAIRWISE_MAX_NODES } from "./implications-for-panel";

const SAMPLES = join(__dirname, "..", "..", "samples");
const DIR = mkdtempSync(join(tmpdir(), "cs-implications-"));

function write(name: string, text: string): string {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
}

type CliModel = { name: string; impliedIndependencies: { x: string; y: string[]; given: string[] }[]; implications: { total: number } };
async function cli(file: string): Promise<CliModel[]> {
  let out = "";
  const code = await graphCommand([file, "--json"], { stdout: (t) => void (out += t), stderr: () => undefined, cwd: DIR });
  expect(code).toBe(0);
  return (JSON.parse(out) as { models: CliModel[] }).models;
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
      expect(p.total).toBe(m.implications.total);
      expect(p.kind).toBe("basis");
      expect(p.items).toEqual(m.impliedIndependencies.slice(0, PANEL_IMPLICATIONS));
      expect(p.error).toBeUndefined();
    }
  });

  it("a large graph lists the first 50 and counts the rest: the 60-chain's basis is v2 … v59, one statement each", () => {
    const p = panel(join(DIR, "chain.dagitty"));
    expect(p.total).toBe(58);
    expect(p.items).toHaveLength(PANEL_IMPLICATIONS);
    // By hand: v_k ⊥ v0 … v_(k-2) | v_(k-1) (the Markov property of a chain).
    expect(p.items[0]).toEqual({ x: "v2", y: ["v0"], given: ["v1"] });
    for (const i of p.items) {
      const k = Number(i.x.slice(1));
      expect(i).toEqual({ x: `v${k}`, y: Array.from({ length: k - 1 }, (_, j) => `v${j}`), given: [`v${k - 1}`] });
    }
  });
});

describe("the per-pair lists for the panel, on request (implicationsForPanelAsync)", () => {
  const model = (text: string) => readGraphSource(text, "g.dagitty").models[0];

  it("pairwise: the old list's first 50 and its full count (1711 for the 60-chain), each given the one variable before the later", async () => {
    const p = (await implicationsForPanelAsync(model(chain), 0, "pairwise"))!;
    expect(p).toMatchObject({ kind: "pairwise", total: (60 * 59) / 2 - 59 });
    expect(p.items).toEqual(impliedIndependencies(CausalGraph.from(model(chain).graph)).slice(0, PANEL_IMPLICATIONS).map((i) => ({ ...i, y: [i.y] })));
    for (const i of p.items) expect(i.given).toEqual([`v${Number(i.x.slice(1)) - 1}`]);
  });

  it("yields to the event loop while it works, stops when aborted, and drops graphs beyond the size limit with a note", async () => {
    const big = model(dagittyText(randomDag(600, 5)));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const p = (await implicationsForPanelAsync(big, 0, "pairwise"))!;
    clearInterval(timer);
    expect(p.items).toHaveLength(PANEL_IMPLICATIONS);
    expect(p.total).toBeGreaterThan(100_000);
    expect(ticks).toBeGreaterThan(0);
    const abort = new AbortController();
    const pending = implicationsForPanelAsync(big, 0, "pairwise", { signal: abort.signal });
    abort.abort();
    expect(await pending).toBeUndefined();
    const huge = model(dagittyText(randomDag(PANEL_PAIRWISE_MAX_NODES + 1, 6, 1)));
    const dropped = (await implicationsForPanelAsync(huge, 0, "minimal"))!;
    expect(dropped).toMatchObject({ kind: "minimal", items: [], total: 0 });
    expect(dropped.note).toMatch(/^Not listed for 3001 variables .*--implications minimal/);
  }, 60_000);

  it("minimal: the first 50, and a note that the rest were not counted", async () => {
    const p = (await implicationsForPanelAsync(model(chain), 0, "minimal"))!;
    expect(p.items).toHaveLength(PANEL_IMPLICATIONS);
    expect(p.note).toMatch(/^The first 50 shown; more not counted/);
    // In a chain each non-adjacent pair has exactly one minimal separator: any one variable between them.
    expect(p.items[0]).toEqual({ x: "v2", y: ["v0"], given: ["v1"] });
    expect(p.items.slice(1, 3).map((i) => i.given[0]).sort()).toEqual(["v1", "v2"]);
    for (const i of p.items) {
      const [a, b] = [Number(i.y[0].slice(1)), Number(i.x.slice(1))];
      expect(i.given).toHaveLength(1);
      expect(Number(i.given[0].slice(1))).toBeGreaterThan(a);
      expect(Number(i.given[0].slice(1))).toBeLessThan(b);
    }
  });
});

describe("testable implications of textbook DAGs, by hand", () => {
  const of = (text: string) => implicationsForPanel(readGraphSource(text, "g.dagitty").models[0], 0);

  it("chain X -> M -> Y: Y ⊥ X | M, and nothing else", () => {
    expect(of("dag { X -> M -> Y }")).toMatchObject({ total: 1, items: [{ x: "Y", y: ["X"], given: ["M"] }] });
  });

  it("fork A <- C -> B: A ⊥ B | C and B ⊥ A | C (each is the other's only non-descendant outside its parents)", () => {
    const p = of("dag { C -> A; C -> B }");
    expect(p.total).toBe(2);
    expect(p.items.map((i) => [i.x, ...i.y]).sort()).toEqual([["A", "B"], ["B", "A"]]);
    for (const i of p.items) expect(i.given).toEqual(["C"]);
  });

  it("collider A -> C <- B: A ⊥ B with nothing given, both ways (conditioning on C would open the path)", () => {
    const p = of("dag { A -> C; B -> C }");
    expect(p.total).toBe(2);
    expect(p.items.map((i) => [i.x, ...i.y]).sort()).toEqual([["A", "B"], ["B", "A"]]);
    for (const i of p.items) expect(i.given).toEqual([]);
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
