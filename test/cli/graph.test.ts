// `causal-studio graph`, run in-process on .dagitty and .causal.ts fixtures. Expected sets are
// the textbook answers for these small graphs (M-bias: adjust for nothing; IV: Z is an
// instrument and the effect is not identifiable; front door: the front-door formula).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dagittyText, randomDag } from "../support/random-dag";
import { ensureModelRunner, fixture, runCli } from "./run-cli";

const BIG = mkdtempSync(join(tmpdir(), "cs-graph-big-"));
function bigDag(n: number, seed: number): { file: string; data: ReturnType<typeof randomDag> } {
  const data = randomDag(n, seed);
  const file = join(BIG, `random-${n}.dagitty`);
  writeFileSync(file, dagittyText(data));
  return { file, data };
}

describe("causal-studio graph", () => {
  it("M-bias: the empty set is the only minimal adjustment set; roles give exposure and outcome", async () => {
    const r = await runCli("graph", fixture("mbias.dagitty"), "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const m = out.models[0];
    expect(m.exposures).toEqual(["X"]);
    expect(m.outcomes).toEqual(["Y"]);
    expect(m.adjustmentSets).toEqual([[]]);
    const pairs = m.impliedIndependencies.map((i: { x: string; y: string; given: string[] }) => [[i.x, i.y].sort().join(" "), i.given]);
    expect(pairs).toContainEqual(["A B", []]);
    expect(m.nodes.find((n: { id: string }) => n.id === "M").parents.sort()).toEqual(["A", "B"]);
  });

  it("IV with a latent confounder: Z is an instrument, no adjustment set, and a hedge", async () => {
    const r = await runCli("graph", fixture("iv.dagitty"), "--exposure", "X", "--outcome", "Y", "--identify");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("iv: 4 variables (1 latent), 4 edges");
    expect(r.stdout).toMatch(/Minimal adjustment sets for X -> Y:\n {2}none: the effect is not identifiable by covariate adjustment/);
    expect(r.stdout).toMatch(/Instruments for X -> Y:\n {2}Z\n/);
    expect(r.stdout).toMatch(/Identification: not identifiable: /);
  });

  it("reads a .causal.ts model statically and identifies the front-door effect", async () => {
    const r = await runCli("graph", fixture("smoking.causal.ts"), "--exposure", "smoking", "--outcome", "cancer", "--identify", "--json");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).models[0];
    expect(m.name).toBe("smoking and cancer");
    expect(m.nodes.map((n: { id: string; latent: boolean }) => [n.id, n.latent])).toEqual([["genotype", true], ["smoking", false], ["tar", false], ["cancer", false]]);
    expect(m.edges).toHaveLength(4);
    expect(m.adjustmentSets).toEqual([]);
    expect(m.identification.identifiable).toBe(true);
    expect(m.identification.formula.text).toContain("P(tar | smoking)");
  });

  it("--identify with [selected]: the formula from selected data when the selection is ignorable, else 'not shown recoverable'", async () => {
    const ignorable = join(BIG, "selected-ok.dagitty");
    writeFileSync(ignorable, "dag {\nX [exposure]\nY [outcome]\nS [selected]\nC -> X -> Y\nC -> Y\nW -> S\n}\n");
    const ok = (await runCli("graph", ignorable, "--identify", "--no-independencies")).stdout;
    expect(ok).toContain("Identification: sum_{C} P(Y | C, X, S) P(C | S)\n  (from data selected on S, every row with S = 1: Y ⊥ S given the exposure and the set, and the set ⊥ S)");
    expect(ok).toContain("Canonical adjustment set: { S, C, W }"); // An(X, Y, S): the forced node and its causes
    const biased = join(BIG, "selected-biased.dagitty");
    writeFileSync(biased, "dag {\nX [exposure]\nY [outcome]\nS [selected]\nC -> X -> Y\nC -> Y\nX -> S\n}\n");
    const r = JSON.parse((await runCli("graph", biased, "--identify", "--json")).stdout).models[0];
    expect(r.identification).toMatchObject({ identifiable: false, selection: ["S"] });
    expect((await runCli("graph", biased, "--identify")).stdout).toContain("Identification: not shown recoverable from data selected on S");
  });

  it("prints the summary with mechanisms", async () => {
    const r = await runCli("graph", fixture("confounded.causal.ts"), "--exposure", "X", "--outcome", "Y");
    expect(r.stdout).toContain("  Y <- X, Z   ~ bernoulli(0.1 + 0.5 * X + 0.3 * Z)");
    expect(r.stdout).toMatch(/Minimal adjustment sets for X -> Y:\n {2}\{ Z \}\n/);
  });

  it.each([
    ["dagitty", /^dag \{/],
    ["dot", /^digraph/],
    ["mermaid", /^flowchart/],
  ])("exports --to %s", async (to, re) => {
    const r = await runCli("graph", fixture("confounded.causal.ts"), "--to", to);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(re);
    expect(r.stdout).toContain("X");
  });

  it("round-trips a model through --to dagitty", async () => {
    const r = await runCli("graph", fixture("iv.dagitty"), "--to", "dagitty");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const p = join(mkdtempSync(join(tmpdir(), "cs-")), "again.dagitty");
    writeFileSync(p, r.stdout);
    const a = JSON.parse((await runCli("graph", fixture("iv.dagitty"), "--json")).stdout).models[0];
    const b = JSON.parse((await runCli("graph", p, "--json")).stdout).models[0];
    expect(b.nodes.map((n: object) => ({ ...n, line: 0 }))).toEqual(a.nodes.map((n: object) => ({ ...n, line: 0 })));
    expect(b.edges).toEqual(a.edges);
  });

  it("prints warnings but succeeds; static errors fail with file:line:col and run nothing", async () => {
    const w = await runCli("graph", fixture("warn.causal.ts"));
    expect(w.code).toBe(0);
    expect(w.stderr).toContain("warn.causal.ts:5:19: warning: the parents of \"b\" cannot be read statically");
    const e = await runCli("graph", fixture("bad/unknown-parent.causal.ts"));
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('bad/unknown-parent.causal.ts:8:23: error: "tar" reads "smokng"');
    expect(e.stderr).toContain("    .variable(\"tar\", ({ smokng }) => normal(smokng ? 3 : 0, 1));\n                        ^^^^^^\n");
    const d = await runCli("graph", fixture("bad/broken.dagitty"));
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/^bad\/broken\.dagitty:4:1: error: /);
  });

  it("rejects unknown variables (exit 1) and bad usage (exit 2)", async () => {
    const r = await runCli("graph", fixture("confounded.causal.ts"), "--exposure", "x", "--outcome", "Y");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--exposure names "x", which is not a variable of model "confounded". Did you mean "X"?');
    expect((await runCli("graph")).code).toBe(2);
    expect((await runCli("graph", fixture("iv.dagitty"), "--to", "png")).code).toBe(2);
    expect((await runCli("graph", fixture("iv.dagitty"), "--identify")).code).toBe(2);
    expect((await runCli("graph", fixture("nope.dagitty"))).code).toBe(1);
  });
});

describe("causal-studio graph on large DAGs (issue 13 item 2: the old per-pair list took 81 s at 800 nodes)", () => {
  it("800 random nodes: --json lists the local Markov basis, one statement per variable with something to be independent of", async () => {
    const { file, data } = bigDag(800, 13);
    const r = await runCli("graph", file, "--json");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).models[0];
    expect(m.implications).toMatchObject({ kind: "basis", complete: true });
    const xs = m.impliedIndependencies.map((i: { x: string }) => i.x);
    expect(new Set(xs).size).toBe(xs.length);
    expect(m.implications.total).toBe(xs.length);
    // By a plain depth-first search per variable: X has a statement iff ND(X) \ Pa(X) is non-empty, and it is ND \ Pa | Pa.
    const parents = new Map(data.nodes.map((v) => [v.id, data.edges.filter((e) => e.to === v.id).map((e) => e.from).sort()]));
    const children = new Map(data.nodes.map((v) => [v.id, data.edges.filter((e) => e.from === v.id).map((e) => e.to)]));
    const descendants = (x: string) => {
      const seen = new Set([x]);
      const stack = [x];
      while (stack.length) for (const c of children.get(stack.pop()!)!) if (!seen.has(c)) seen.add(c), stack.push(c);
      return seen;
    };
    const byX = new Map<string, { y: string[]; given: string[] }>(m.impliedIndependencies.map((i: { x: string; y: string[]; given: string[] }) => [i.x, i]));
    for (const v of data.nodes) {
      const d = descendants(v.id);
      const rest = data.nodes.map((w) => w.id).filter((w) => !d.has(w) && !parents.get(v.id)!.includes(w)).sort();
      if (!rest.length) expect(byX.has(v.id)).toBe(false);
      else expect([[...byX.get(v.id)!.y].sort(), [...byX.get(v.id)!.given].sort()]).toEqual([rest, parents.get(v.id)]);
    }
  }, 20_000);

  it("2,000 random nodes finish (text and JSON); the text shows \"N of M shown\"", async () => {
    const { file } = bigDag(2000, 7);
    const t = await runCli("graph", file);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Implied conditional independencies \(local Markov basis, 50 of \d{4} shown; --json lists all\):/);
    const j = JSON.parse((await runCli("graph", file, "--json")).stdout).models[0];
    expect(j.implications.kind).toBe("basis");
    expect(j.impliedIndependencies.length).toBe(j.implications.total);
  }, 120_000);

  it("--implications pairwise on 800 nodes is capped: the first --max-implications statements, and how many there are", async () => {
    const { file } = bigDag(800, 13);
    const r = await runCli("graph", file, "--json", "--implications", "pairwise", "--max-implications", "100");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).models[0];
    expect(m.impliedIndependencies).toHaveLength(100);
    expect(m.implications).toMatchObject({ kind: "pairwise", shown: 100, complete: false });
    expect(m.implications.total).toBeGreaterThan(300_000);
    for (const i of m.impliedIndependencies) expect(i.y).toHaveLength(1);
  }, 20_000);

  it("--implications pairwise|minimal on M-bias (A -> M <- B, A -> X -> Y <- B): the pairs by hand; bad values are usage errors", async () => {
    const text = (await runCli("graph", fixture("mbias.dagitty"), "--implications", "pairwise")).stdout;
    expect(text).toMatch(/Implied conditional independencies \(one per non-adjacent pair, \d+\):/);
    const minimal = JSON.parse((await runCli("graph", fixture("mbias.dagitty"), "--implications", "minimal", "--json")).stdout).models[0];
    expect(minimal.implications).toMatchObject({ kind: "minimal", complete: true });
    const ab = minimal.impliedIndependencies.filter((i: { x: string; y: string[] }) => [i.x, ...i.y].sort().join() === "A,B");
    expect(ab.map((i: { given: string[] }) => i.given)).toEqual([[]]);
    for (const bad of [["--implications", "all"], ["--max-implications", "0"], ["--no-independencies", "--implications", "basis"]]) {
      expect((await runCli("graph", fixture("mbias.dagitty"), ...bad)).code).toBe(2);
    }
  });

  it("--max-sets: a back-door ladder with 3^k minimal sets lists the first N and counts the rest ('N of M', 'N of at least M')", async () => {
    // Rung i is the path x <- a_i <- b_i <- c_i -> y: any one of a_i, b_i, c_i blocks it, so there are 3^k minimal sets.
    const ladder = (k: number) => {
      const file = join(BIG, `ladder-${k}.dagitty`);
      const rungs = Array.from({ length: k }, (_, i) => `x <- a${i} <- b${i} <- c${i} -> y`);
      writeFileSync(file, `dag {\nx [exposure]\ny [outcome]\nx -> y\n${rungs.join("\n")}\n}\n`);
      return file;
    };
    const four = await runCli("graph", ladder(4), "--no-independencies", "--max-sets", "5");
    expect(four.stdout).toContain("Minimal adjustment sets for x -> y (5 of 81 shown; --max-sets N lists more):");
    const j = JSON.parse((await runCli("graph", ladder(4), "--no-independencies", "--json")).stdout).models[0];
    expect(j.adjustmentSets).toHaveLength(81);
    expect(j.adjustment).toEqual({ kind: "minimal", forced: [], shown: 81, total: 81, atLeast: 81, complete: true });
    for (const set of j.adjustmentSets) expect(set.map((v: string) => v.slice(1)).sort()).toEqual(["0", "1", "2", "3"]);
    // 3^12 = 531,441 sets: the first 3 are listed and 100,003 counted, not all of them enumerated.
    const twelve = JSON.parse((await runCli("graph", ladder(12), "--no-independencies", "--json", "--max-sets", "3")).stdout).models[0];
    expect(twelve.adjustmentSets).toHaveLength(3);
    expect(twelve.adjustment).toEqual({ kind: "minimal", forced: [], shown: 3, total: null, atLeast: 100_003, complete: false });
    expect((await runCli("graph", ladder(4), "--max-sets", "0")).code).toBe(2);
    // --all-sets: every non-empty subset of a rung's three nodes blocks it, so 7^2 = 49 valid sets on two rungs, 9 minimal.
    const all = JSON.parse((await runCli("graph", ladder(2), "--no-independencies", "--json", "--all-sets", "--max-sets", "all")).stdout).models[0];
    expect(all.adjustment).toEqual({ kind: "all", forced: [], shown: 49, total: 49, atLeast: 49, complete: true });
    expect(new Set(all.adjustmentSets.map((z: string[]) => z.join(","))).size).toBe(49);
    const allText = (await runCli("graph", ladder(2), "--no-independencies", "--all-sets", "--max-sets", "4")).stdout;
    expect(allText).toContain("Adjustment sets (all, not only minimal) for x -> y (4 of 49 shown; --max-sets N lists more):");
    expect(allText).toContain("  { a0, b0, c0, a1, b1, c1 }");
    const noRoles = join(BIG, "no-roles.dagitty");
    writeFileSync(noRoles, "dag {\na -> b\n}\n");
    const refused = await runCli("graph", noRoles, "--all-sets");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--all-sets needs --exposure and --outcome/);
  }, 60_000);

  it("--equivalence: Pearl's sprinkler has 3 equivalent DAGs, the arrows into wet compelled; with a latent the reason instead", async () => {
    const file = join(BIG, "sprinkler.dagitty");
    writeFileSync(file, "dag {\nseason -> sprinkler -> wet -> slippery\nseason -> rain -> wet\n}\n");
    const text = (await runCli("graph", file, "--equivalence", "--no-independencies")).stdout;
    expect(text).toContain("Markov equivalence class (3 DAGs imply the same independencies):");
    expect(text).toContain("  reversible (these arrows cannot be learned from observational data): season - sprinkler, season - rain");
    const j = JSON.parse((await runCli("graph", file, "--equivalence", "--json")).stdout).models[0];
    expect(j.equivalence).toMatchObject({ compelled: [["sprinkler", "wet"], ["wet", "slippery"], ["rain", "wet"]], reversible: [["season", "sprinkler"], ["season", "rain"]], dags: 3, atLeast: 3 });
    // The three: the graph, and season's arrows turned one at a time (both together would make season a collider).
    expect(j.equivalence.listed).toEqual([[], expect.anything(), expect.anything()]);
    expect(new Set(j.equivalence.listed.slice(1).map(JSON.stringify))).toEqual(new Set([JSON.stringify([["season", "sprinkler"]]), JSON.stringify([["season", "rain"]])]));
    expect(text).toContain("  each DAG, by the graph's arrows it reverses:\n    the graph itself\n    reverses season -> ");
    expect(JSON.parse((await runCli("graph", fixture("mbias.dagitty"), "--json")).stdout).models[0].equivalence).toBeUndefined();
    const latent = join(BIG, "latent.dagitty");
    writeFileSync(latent, "dag {\nu [latent]\nu -> a\nu -> b\na -> b\n}\n");
    expect((await runCli("graph", latent, "--equivalence", "--no-independencies")).stdout).toMatch(/Markov equivalence class: not drawn: .*PAG/);
  });

  it("reads .lavaan model syntax and prints --to lavaan and --to bnlearn; a graph bnlearn cannot hold is refused at its line", async () => {
    const file = join(BIG, "democracy.lavaan");
    writeFileSync(file, "# measurement\nind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2\ndem60 ~ ind60\ny1 ~~ y2\n");
    const j = JSON.parse((await runCli("graph", file, "--json", "--exposure", "ind60", "--outcome", "dem60")).stdout).models[0];
    expect(j.name).toBe("democracy");
    expect(j.nodes.filter((n: { latent: boolean }) => n.latent).map((n: { id: string }) => n.id)).toEqual(["ind60", "dem60"]);
    expect(j.edges).toContainEqual({ from: "y1", to: "y2", kind: "bidirected" });
    expect(j.adjustmentSets).toEqual([[]]);
    const lavaan = await runCli("graph", file, "--to", "lavaan");
    expect(lavaan.stdout).toContain("ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2\n# regressions\ndem60 ~ ind60\n");
    const bn = await runCli("graph", file, "--to", "bnlearn");
    expect(bn.code).toBe(1);
    expect(bn.stderr).toMatch(/democracy\.lavaan:5:1: error: a bnlearn model string holds a DAG only: "y1 <-> y2"/);
    expect((await runCli("graph", fixture("mbias.dagitty"), "--to", "bnlearn")).stdout).toBe("[X|A][Y|B:X][A][M|A:B][B]\n");
  });

  it("--moments: a linear-Gaussian model's covariance and total effects in closed form (Joe's model: var y = 0.9^2 + 0.4^2 + 1); others refused by name", async () => {
    await ensureModelRunner();
    const r = await runCli("graph", fixture("joe.causal.ts"), "--moments", "--json");
    expect(r.stderr).toBe("");
    const m = JSON.parse(r.stdout).moments;
    expect(m.variables).toEqual(["x", "h", "y"]);
    expect(m.covariance[2][2]).toBeCloseTo(1.97, 12);
    expect(m.covariance[1][2]).toBeCloseTo(0.85, 12);
    expect(m.totalEffect[2][0]).toBeCloseTo(0.9, 12);
    expect((await runCli("graph", fixture("joe.causal.ts"), "--moments")).stdout).toContain("  y  0.9  0.4    1");
    const refused = await runCli("graph", fixture("confounded.causal.ts"), "--moments");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has no closed-form moments: "Z" is not linear-Gaussian/);
    expect((await runCli("graph", fixture("mbias.dagitty"), "--moments")).code).toBe(2);
  }, 60_000);

  it("the canonical adjustment set, and --direct-effect's single-door sets (a mediator m confounded with y by u must be held with u)", async () => {
    const file = join(BIG, "direct.dagitty");
    writeFileSync(file, "dag {\nx [exposure]\ny [outcome]\nx -> m -> y\nx -> y\nu -> m\nu -> y\nc -> x\nc -> y\n}\n");
    const j = JSON.parse((await runCli("graph", file, "--json", "--direct-effect", "--no-independencies")).stdout).models[0];
    expect(j.adjustmentSets).toEqual([["c"]]);
    expect(j.canonicalAdjustmentSet).toEqual(["u", "c"]);
    expect(j.directEffect).toEqual({ sets: [["m", "u", "c"]], complete: true });
    const text = (await runCli("graph", file, "--direct-effect", "--no-independencies")).stdout;
    expect(text).toContain("Canonical adjustment set: { u, c }\nAdjustment sets for the direct effect x -> y (single-door criterion):\n  { m, u, c }");
    const noEdge = JSON.parse((await runCli("graph", fixture("mbias.dagitty"), "--json", "--direct-effect", "--exposure", "A", "--outcome", "Y")).stdout).models[0];
    expect(noEdge.directEffect.reason).toMatch(/no edge A -> Y/);
    expect((await runCli("graph", file, "--direct-effect", "--exposure", "x,c")).code).toBe(2);
  });

  it("--markov-blanket: parents, children and the children's other parents (M-bias); unknown names are errors", async () => {
    const text = (await runCli("graph", fixture("mbias.dagitty"), "--markov-blanket", "M,X", "--no-independencies")).stdout;
    expect(text).toContain("Markov blanket of M: { A, B }");
    expect(text).toContain("Markov blanket of X: { Y, A, B }");
    expect(JSON.parse((await runCli("graph", fixture("mbias.dagitty"), "--markov-blanket", "M", "--json")).stdout).models[0].markovBlankets).toEqual({ M: ["A", "B"] });
    const bad = await runCli("graph", fixture("mbias.dagitty"), "--markov-blanket", "Q");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--markov-blanket names "Q"/);
  });

  it("--no-independencies skips them", async () => {
    const { file } = bigDag(800, 13);
    const r = await runCli("graph", file, "--json", "--no-independencies");
    const m = JSON.parse(r.stdout).models[0];
    expect(m.impliedIndependencies).toEqual([]);
    expect(m.implications).toEqual({ kind: "none", total: 0, shown: 0, complete: true });
    expect((await runCli("graph", file, "--no-independencies")).stdout).not.toContain("Implied conditional independencies");
  }, 20_000);
});

describe("causal-studio (top level)", () => {
  it("prints help and version, and rejects unknown commands with exit 2", async () => {
    const h = await runCli("--help");
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("Usage: causal-studio <command>");
    expect((await runCli("query", "--help")).stdout).toContain("--pns X Y");
    expect((await runCli("graph", "--help")).stdout).toContain("--to dagitty|dot|mermaid");
    expect((await runCli("graph", "--help")).stdout).toContain("--implications basis|pairwise|minimal");
    expect((await runCli("run", "--help")).stdout).toContain("Usage: causal-studio run");
    expect((await runCli("--version")).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const u = await runCli("frobnicate");
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('unknown command "frobnicate"');
    expect((await runCli()).code).toBe(2);
  });

  it("runs a script: main() gets its arguments and its return value is the exit code", async () => {
    expect((await runCli("run", fixture("script.ts"), "--alpha", "1")).code).toBe(3);
    expect((await runCli("run", fixture("script.ts"))).code).toBe(4);
    const bad = await runCli("run", fixture("bad/throws.causal.ts"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/throws\.causal\.ts:4:9: error: /);
  });
});
