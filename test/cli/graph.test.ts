// `causal-studio graph`, run in-process on .dagitty and .causal.ts fixtures. Expected sets are
// the textbook answers for these small graphs (M-bias: adjust for nothing; IV: Z is an
// instrument and the effect is not identifiable; front door: the front-door formula).
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli";

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

describe("causal-studio (top level)", () => {
  it("prints help and version, and rejects unknown commands with exit 2", async () => {
    const h = await runCli("--help");
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("Usage: causal-studio <command>");
    expect((await runCli("query", "--help")).stdout).toContain("--pns X Y");
    expect((await runCli("graph", "--help")).stdout).toContain("--to dagitty|dot|mermaid");
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
