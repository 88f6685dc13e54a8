import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { bernoulli } from "../distributions/bernoulli";
import { normal } from "../distributions/normal";
import { poisson } from "../distributions/poisson";
import { sigmoid } from "../distributions/sigmoid";
import { scm } from "../dsl/scm";

const m = scm("smoking and cancer")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.8 : 0.2))
  .variable("tar", ({ smoking }) => bernoulli(smoking ? 0.9 : 0.1))
  .variable("cancer", ({ tar, genotype }) => bernoulli(sigmoid(0.8 * tar + genotype - 2)));

function code(f: () => unknown): string {
  try { f(); } catch (e) { if (e instanceof CausalError) return e.diagnostic.code; throw e; }
  return "no error";
}

describe("queries are immutable values", () => {
  it("do and condition return new queries", () => {
    const q = m.do({ smoking: 1 });
    const r = q.condition({ tar: 1 });
    expect(q.evidence).toEqual({});
    expect(r.interventions).toEqual({ smoking: 1 });
    expect(r.evidence).toEqual({ tar: 1 });
  });
});

describe("exact and sampled answers agree", () => {
  const within = (exact: number, e: { value: number; standardError: number }) => expect(Math.abs(e.value - exact)).toBeLessThan(4 * e.standardError);
  it("observational, interventional, conditional", () => {
    for (const q of [m.do({}), m.do({ smoking: 0 }), m.condition({ cancer: 1 }), m.do({ tar: 1 }).condition({ smoking: 0 })]) {
      const ex = q.prob({ smoking: 1, cancer: 1 });
      expect(ex.standardError).toBe(0);
      const s = q.prob({ smoking: 1, cancer: 1 }, { method: "sampling", samples: 40_000, seed: 2 });
      if (ex.value === 0) expect(s.value).toBe(0);
      else within(ex.value, s);
    }
  });
  it("counterfactuals (twin network vs multi-world likelihood weighting)", () => {
    const cf = m.counterfactual({ given: { smoking: 1, cancer: 1 }, do: { smoking: 0 } });
    within(cf.prob({ cancer: 1 }).value, cf.prob({ cancer: 1 }, { method: "sampling", samples: 40_000, seed: 3 }));
    const ett = m.worlds({ t: { smoking: 1 }, c: { smoking: 0 } }).given({ smoking: 1 });
    const f = (w: { t: { cancer: number }; c: { cancer: number } }) => w.t.cancer - w.c.cancer;
    within(ett.mean(f).value, ett.mean(f, { method: "sampling", samples: 40_000, seed: 4 }));
  });
  it("sample() with discrete evidence draws from the conditional distribution", () => {
    const cols = m.condition({ cancer: 1 }).sample(20_000, { seed: 9 });
    expect(cols.cancer.every((c) => c === 1)).toBe(true);
    const p = m.condition({ cancer: 1 }).prob({ smoking: 1 }).value;
    const freq = cols.smoking.reduce((s, x) => s + x, 0) / 20_000;
    expect(Math.abs(freq - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / 20_000));
  });
  it("sample() under do fixes the intervened column and is reproducible by seed", () => {
    const a = m.do({ tar: 0 }).sample(100, { seed: 5 }), b = m.do({ tar: 0 }).sample(100, { seed: 5 });
    expect(a.tar.every((x) => x === 0)).toBe(true);
    expect(Array.from(a.cancer)).toEqual(Array.from(b.cancer));
    expect(Object.keys(a)).toEqual(["genotype", "smoking", "tar", "cancer"]);
  });
});

describe("the design brief's mixed model", () => {
  it("P(cancer | do(smoking = 1), tar = 2) = (sigmoid(-0.4) + sigmoid(0.6)) / 2: under do, tar says nothing about genotype", () => {
    const mixed = scm("smoking and cancer")
      .latent("genotype", () => bernoulli(0.5))
      .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.8 : 0.2))
      .variable("tar", ({ smoking }) => normal(smoking ? 3 : 0, 1))
      .variable("cancer", ({ tar, genotype }) => bernoulli(sigmoid(0.8 * tar + genotype - 2)));
    const e = mixed.do({ smoking: 1 }).condition({ tar: 2 }).prob({ cancer: 1 }, { samples: 40_000, seed: 6 });
    expect(e.method).toBe("likelihood weighting");
    expect(Math.abs(e.value - (sigmoid(-0.4) + sigmoid(0.6)) / 2)).toBeLessThan(4 * e.standardError);
  });
});

describe("method selection", () => {
  it("auto is exact on finite discrete models and samples otherwise", () => {
    expect(m.prob({ cancer: 1 }).method).toBe("variable elimination");
    const counts = scm("counts").variable("k", () => poisson(2)).variable("y", ({ k }) => bernoulli(k > 2 ? 0.9 : 0.1));
    const e = counts.prob({ y: 1 }, { samples: 20_000 });
    expect(e.method).toBe("ancestral sampling");
    // P(k > 2) = 1 - e^-2 (1 + 2 + 2)
    const pk = 1 - Math.exp(-2) * 5;
    expect(Math.abs(e.value - (0.9 * pk + 0.1 * (1 - pk)))).toBeLessThan(4 * e.standardError);
  });
});

describe("bad input", () => {
  it("unknown variables", () => {
    expect(code(() => m.do({ smoke: 1 } as never))).toBe("unknown-variable");
    expect(code(() => m.prob({ nope: 1 } as never))).toBe("unknown-variable");
    expect(code(() => m.prob((v) => (v as Record<string, number>).nope === 1))).toBe("unknown-variable");
    expect(code(() => m.mean("nope" as never))).toBe("unknown-variable");
    expect(code(() => m.ate({ treatment: "smoke" as never, outcome: "cancer" }))).toBe("unknown-variable");
    expect(code(() => m.worlds({ a: { nope: 1 } as never }))).toBe("unknown-variable");
    expect(code(() => m.worlds({ factual: { smoking: 1 } }))).toBe("invalid-argument");
  });
  it("impossible evidence, exact and sampled", () => {
    const never = scm("never").variable("x", () => bernoulli(0)).variable("y", ({ x }) => bernoulli(x ? 0.5 : 0.2));
    expect(code(() => never.condition({ x: 1 }).prob({ y: 1 }))).toBe("impossible-evidence");
    expect(code(() => never.condition({ x: 1 }).prob({ y: 1 }, { method: "sampling", samples: 100 }))).toBe("impossible-evidence");
    expect(code(() => never.condition({ x: 2 }).prob({ y: 1 }))).toBe("outside-support");
    expect(code(() => m.do({ smoking: 1 }).condition({ smoking: 0 }).prob({ cancer: 1 }))).toBe("impossible-evidence");
  });
  it("invalid options and values", () => {
    expect(code(() => m.prob({ cancer: 1 }, { samples: 0 }))).toBe("invalid-argument");
    expect(code(() => m.prob({ cancer: 1 }, { method: "magic" as never }))).toBe("invalid-argument");
    expect(code(() => m.do({ smoking: NaN }))).toBe("invalid-argument");
  });
  it("sample() refuses evidence on a continuous variable", () => {
    const g = scm("g").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(x, 1));
    expect(code(() => g.condition({ y: 0.3 }).sample(10))).toBe("unsupported-query");
  });
});
