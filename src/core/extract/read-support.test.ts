// readSupport: the support each family gives, read from the returned call, and agreement with the
// families' own inSupport on generated literal parameters; never throws on arbitrary text.
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { beta, bernoulli, categorical, delta, gamma, logNormal, normal, poisson, uniform, type Distribution } from "causal-studio";
import { extractModels } from "./extract-models";
import { readSupport, type Support } from "./read-support";

/** The support of the expression `text`, parsed on its own. */
function supportOfText(text: string): Support {
  const sf = ts.createSourceFile("e.ts", `(${text})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const st = sf.statements[0];
  return readSupport(st && ts.isExpressionStatement(st) ? st.expression : undefined);
}

/** Whether `x` lies in `s` (what the webview's picker accepts). */
function contains(s: Support, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  switch (s.kind) {
    case "binary": return x === 0 || x === 1;
    case "finite": return s.values.includes(x);
    case "integer": return Number.isInteger(x) && (s.min === undefined || x >= s.min);
    case "real":
      return (s.min === undefined || (s.exclusiveMin ? x > s.min : x >= s.min)) && (s.max === undefined || (s.exclusiveMax ? x < s.max : x <= s.max));
    case "constant":
    case "unknown":
      return true;
  }
}

describe("readSupport", () => {
  it.each<[string, Support]>([
    ["bernoulli(genotype ? 0.8 : 0.2)", { kind: "binary" }],
    ["categorical([0.2, 0.3, 0.5])", { kind: "finite", values: [0, 1, 2] }],
    ["categorical([p, 1 - p])", { kind: "finite", values: [0, 1] }],
    ["categorical(probs)", { kind: "integer", min: 0 }],
    ["categorical([...probs])", { kind: "integer", min: 0 }],
    ["categorical([])", { kind: "integer", min: 0 }],
    ["categorical(c ? [0.5, 0.5] : [0.1, 0.9])", { kind: "finite", values: [0, 1] }],
    ["categorical(c ? [0.5, 0.5] : [0.1, 0.2, 0.7])", { kind: "integer", min: 0 }],
    ["poisson(Math.exp(x))", { kind: "integer", min: 0 }],
    ["beta(2, 3)", { kind: "real", min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }],
    ["gamma(2, 1)", { kind: "real", min: 0, exclusiveMin: true }],
    ["logNormal(mu, 1)", { kind: "real", min: 0, exclusiveMin: true }],
    ["uniform(0, 10)", { kind: "real", min: 0, max: 10 }],
    ["uniform(-1.5, +2e1)", { kind: "real", min: -1.5, max: 20 }],
    ["uniform(a, 10)", { kind: "real", max: 10 }],
    ["uniform(lo, hi)", { kind: "real" }],
    ["uniform(3, 1)", { kind: "real" }],
    ["normal(smoking ? 3 : 0, 1)", { kind: "real" }],
    ["dist.normal(0, 1)", { kind: "real" }],
    ["(normal(0, 1) as Normal)", { kind: "real" }],
    ["delta(5)", { kind: "constant", value: 5 }],
    ["delta(-0.25)", { kind: "constant", value: -0.25 }],
    ["delta(a + b)", { kind: "constant" }],
    ["x ? normal(0, 1) : normal(1, 2)", { kind: "real" }],
    ["x ? normal(0, 1) : bernoulli(0.5)", { kind: "unknown" }],
    ["normalColumns(x.map((v) => 2 * v), 1)", { kind: "real" }],
    ["bernoulliColumns(p)", { kind: "binary" }],
    ["poissonColumns(rates)", { kind: "integer", min: 0 }],
    ["gammaColumns(2, rates)", { kind: "real", min: 0, exclusiveMin: true }],
    ["categoricalColumns(probs, 3)", { kind: "finite", values: [0, 1, 2] }],
    ["categoricalColumns(probs, k)", { kind: "integer", min: 0 }],
    ["uniformColumns(lo, hi)", { kind: "real" }],
    ["deltaColumns(x)", { kind: "constant" }],
    ["myColumns(1, 2)", { kind: "unknown" }],
    ["myFamily(1, 2)", { kind: "unknown" }],
    ["someDistribution", { kind: "unknown" }],
    ["0.5", { kind: "unknown" }],
  ])("%s", (text, expected) => {
    expect(supportOfText(text)).toEqual(expected);
  });

  it("is read for every variable by extractModels (unknown without a readable mechanism)", () => {
    const text = `export default scm("m")
      .latent("u", () => bernoulli(0.5))
      .variable("g", ({ u }) => categorical(u ? [0.1, 0.9] : [0.5, 0.5]))
      .variable("k", function ({ g }) { const r = g + 1; return poisson(r); })
      .variable("y", mechanismElsewhere)
      .variable("z");`;
    const m = extractModels(text).models[0];
    expect(m.variables.map((v) => [v.name, v.support])).toEqual([
      ["u", { kind: "binary" }],
      ["g", { kind: "finite", values: [0, 1] }],
      ["k", { kind: "integer", min: 0 }],
      ["y", { kind: "unknown" }],
      ["z", { kind: "unknown" }],
    ]);
  });

  it("learnable families: parents from the features function, support from the family and its literal options", () => {
    const text = `export default scm("m")
      .variable("x", () => normal(0, 1))
      .variable("t", logistic(({ x }) => ({ x })))
      .variable("y", linearGaussian(({ x, t: treated }) => ({ x, treated })))
      .variable("c", poissonLogLinear(({ y }) => ({ y })))
      .variable("s", softmax(({ x }) => ({ x }), { levels: 3 }))
      .variable("k", tabular(({ t }) => ({ t }), { levels: 2, featureLevels: { t: 2 } }))
      .variable("b", mlp(({ x, y }) => ({ x, y }), { hidden: [8], likelihood: "bernoulli" }))
      .variable("r", mlp(({ b }) => ({ b })))
      .variable("q", mlp(({ b }) => ({ b }), { likelihood: "categorical", levels: n }));`;
    const m = extractModels(text).models[0];
    expect(m.variables.map((v) => [v.name, v.parents.map((p) => p.name), v.support])).toEqual([
      ["x", [], { kind: "real" }],
      ["t", ["x"], { kind: "binary" }],
      ["y", ["x", "t"], { kind: "real" }],
      ["c", ["y"], { kind: "integer", min: 0 }],
      ["s", ["x"], { kind: "finite", values: [0, 1, 2] }],
      ["k", ["t"], { kind: "finite", values: [0, 1] }],
      ["b", ["x", "y"], { kind: "binary" }],
      ["r", ["b"], { kind: "real" }],
      ["q", ["b"], { kind: "integer", min: 0 }],
    ]);
    expect(extractModels(text).diagnostics).toEqual([]);
    expect(m.graph.edges.map((e) => `${e.from}->${e.to}`)).toContain("t->y");
  });

  it("agrees with each family's inSupport for literal parameters", () => {
    const x = fc.oneof(fc.integer({ min: -5, max: 12 }), fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(0, 1, 0.5, -1e-9, 1 + 1e-9));
    const p = fc.double({ min: 0.01, max: 0.99, noNaN: true });
    const pos = fc.double({ min: 0.1, max: 10, noNaN: true });
    const lit = (v: number) => (Object.is(v, -0) ? "0" : String(v));
    const family: fc.Arbitrary<[string, Distribution<number>]> = fc.oneof(
      p.map((q) => [`bernoulli(${lit(q)})`, bernoulli(q)] as [string, Distribution<number>]),
      fc.array(p, { minLength: 1, maxLength: 6 }).map((ws) => {
        const total = ws.reduce((a, b) => a + b, 0);
        const ps = ws.map((w) => w / total);
        return [`categorical([${ps.map(lit).join(", ")}])`, categorical(ps)] as [string, Distribution<number>];
      }),
      pos.map((r) => [`poisson(${lit(r)})`, poisson(r)] as [string, Distribution<number>]),
      fc.tuple(fc.double({ min: 1.5, max: 5, noNaN: true }), fc.double({ min: 1.5, max: 5, noNaN: true })).map(([a, b]) => [`beta(${lit(a)}, ${lit(b)})`, beta(a, b)] as [string, Distribution<number>]),
      fc.tuple(pos, pos).map(([a, b]) => [`gamma(${lit(a)}, ${lit(b)})`, gamma(a, b)] as [string, Distribution<number>]),
      fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), pos).map(([m, s]) => [`logNormal(${lit(m)}, ${lit(s)})`, logNormal(m, s)] as [string, Distribution<number>]),
      fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), pos).map(([a, w]) => [`uniform(${lit(a)}, ${lit(a + w)})`, uniform(a, a + w)] as [string, Distribution<number>]),
      fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), pos).map(([m, s]) => [`normal(${lit(m)}, ${lit(s)})`, normal(m, s)] as [string, Distribution<number>]),
      fc.double({ min: -10, max: 10, noNaN: true }).map((v) => [`delta(${lit(v)})`, delta(v)] as [string, Distribution<number>]),
    );
    fc.assert(fc.property(family, fc.array(x, { minLength: 1, maxLength: 8 }), ([text, d], xs) => {
      const s = supportOfText(text);
      expect(s.kind).not.toBe("unknown");
      for (const v of xs) expect(contains(s, v), `${v} in ${text}: ${JSON.stringify(s)}`).toBe(d.inSupport(v));
    }), { seed: 99, numRuns: 400 });
  });

  it("never throws on arbitrary source text, and returns one of the declared shapes", () => {
    const KINDS = ["binary", "finite", "integer", "real", "constant", "unknown"];
    const pieces = fc.constantFrom("categorical(", "uniform(", "delta(", "beta(", "normal(", "bernoulli(", "[", "]", "(", ")", ",", "...", "-", "+", "1", "0.5", "1e999", "x", "?", ":", " ", "as", "!", "<T>");
    const text = fc.oneof(fc.string({ maxLength: 120 }), fc.array(pieces, { maxLength: 30 }).map((ps) => ps.join("")));
    fc.assert(fc.property(text, (src) => {
      const sf = ts.createSourceFile("fuzz.ts", src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const visit = (n: ts.Node): void => {
        if (ts.isExpression(n)) {
          const s = readSupport(n);
          expect(KINDS).toContain(s.kind);
          if (s.kind === "finite") expect(s.values.length).toBeGreaterThan(0);
          for (const b of [(s as { min?: number }).min, (s as { max?: number }).max, (s as { value?: number }).value]) if (b !== undefined) expect(Number.isFinite(b)).toBe(true);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      expect(() => supportOfText(src)).not.toThrow();
    }), { seed: 2718, numRuns: 300 });
  });
});
