import { describe, expect, it } from "vitest";
import { CausalError } from "../errors/diagnostic";
import { bernoulli } from "../distributions/bernoulli";
import { normal, normalColumns } from "../distributions/normal";
import { isModel, scm } from "./scm";

function thrown(f: () => unknown): CausalError {
  try { f(); } catch (e) { if (e instanceof CausalError) return e; throw e; }
  throw new Error("expected a CausalError");
}

const m = scm("smoking and cancer")
  .latent("genotype", () => bernoulli(0.5))
  .variable("smoking", ({ genotype }) => bernoulli(genotype ? 0.8 : 0.2))
  .variable("tar", ({ smoking }) => normal(smoking ? 3 : 0, 1))
  .variable("cancer", ({ tar, genotype }) => bernoulli(1 / (1 + Math.exp(-(0.8 * tar + genotype - 2)))));

describe("scm builder", () => {
  it("lists variables in declaration order with their declared parents", () => {
    expect(m.name).toBe("smoking and cancer");
    expect(m.variables).toEqual([
      { name: "genotype", latent: true, parents: [] },
      { name: "smoking", latent: false, parents: ["genotype"] },
      { name: "tar", latent: false, parents: ["smoking"] },
      { name: "cancer", latent: false, parents: ["tar", "genotype"] },
    ]);
    expect(isModel(m)).toBe(true);
    expect(isModel({ name: "x" })).toBe(false);
  });

  it("draws the graph from the declared parents, latent nodes marked", () => {
    const g = m.graph();
    expect(g.nodes.map((n) => [n.id, n.latent ?? false])).toEqual([["genotype", true], ["smoking", false], ["tar", false], ["cancer", false]]);
    expect(g.edges.map((e) => `${e.from}->${e.to}`)).toEqual(["genotype->smoking", "smoking->tar", "tar->cancer", "genotype->cancer"]);
  });

  it("is immutable: declaring on a builder leaves the original unchanged", () => {
    const a = scm("a").variable("x", () => normal(0, 1));
    const b = a.variable("y", ({ x }) => normal(x, 1));
    expect(a.variables.map((v) => v.name)).toEqual(["x"]);
    expect(b.variables.map((v) => v.name)).toEqual(["x", "y"]);
  });

  it("rejects a duplicate name at once, with the caller's location", () => {
    const e = thrown(() => scm("d").variable("x", () => normal(0, 1)).variable("x", () => normal(0, 1)));
    expect(e.diagnostic.code).toBe("duplicate-name");
    expect(e.message).toContain('"x" twice');
    expect(e.diagnostic.range?.file).toContain("scm.test.ts");
  });

  it(".param and .confounded refusals point at their own call's line, not the line that called the code around it", () => {
    /** The line this is called from, read from a stack trace as callerRange reads it. */
    const here = (): number => Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split("\n")[2].trim())![1]);
    const lineOf = (e: CausalError) => e.diagnostic.range?.start.line;
    let line = 0;
    const badParam = thrown(() => { line = here(); scm("p").param("a", Number.NaN); });
    expect(lineOf(badParam)).toBe(line);
    const badPair = thrown(() => { line = here(); scm("c").variable("x", () => normal(0, 1)).confounded("x", "x"); });
    expect(lineOf(badPair)).toBe(line);
  });

  it("reports a parent declared later and an unknown parent when the model is used", () => {
    const later = scm("l")
      // @ts-expect-error b is not declared before a
      .variable("a", ({ b }) => normal(b, 1))
      .variable("b", () => normal(0, 1));
    const e = thrown(() => later.graph());
    expect(e.diagnostic.code).toBe("parent-declared-later");
    expect(e.message).toContain('"b"');
    expect(e.diagnostic.range?.file).toContain("scm.test.ts");
    // @ts-expect-error nope is not a variable
    const unknown = scm("u").variable("a", ({ nope }) => normal(nope, 1));
    expect(unknown.check().map((d) => d.code)).toEqual(["unknown-parent"]);
    expect(thrown(() => unknown.prob({ a: 1 })).diagnostic.code).toBe("unknown-parent");
  });

  it("makes reading an undeclared variable a run-time error naming both", () => {
    const sneaky = scm("s")
      .variable("x", () => bernoulli(0.5))
      .variable("z", () => bernoulli(0.5))
      .variable("y", ({ x }) => bernoulli(x ? 0.9 : 0.1))
      .variable("w", (v) => bernoulli((v as unknown as Record<string, number>)["z"] ? 0.5 : 0.2));
    expect(sneaky.variables.find((v) => v.name === "w")!.parents).toEqual(["z"]);
    const reads = scm("r")
      .variable("x", () => bernoulli(0.5))
      .variable("z", () => bernoulli(0.5))
      .variable("y", (p: Record<string, number>) => { const key = "z"; return bernoulli(p[key] ? 0.9 : 0.1); });
    const e = thrown(() => reads.prob({ y: 1 }));
    expect(e.diagnostic.code).toBe("undeclared-parent-read");
    expect(e.message).toContain('"y" reads "z"');
    const ghost = scm("g").variable("x", () => bernoulli(0.5)).variable("y", (p: Record<string, number>) => bernoulli(p["gho" + "st"] ? 1 : 0));
    expect(thrown(() => ghost.sample(3)).message).toContain("not a variable of the model");
  });

  it("names the variable, the parameter and the value of an invalid parameter", () => {
    const bad = scm("b").variable("x", () => normal(0, 1)).variable("y", ({ x }) => normal(0, x));
    const e = thrown(() => bad.sample(100, { seed: 1 }));
    expect(e.diagnostic.code).toBe("invalid-parameter");
    expect(e.message).toMatch(/variable "y" \(when x = -?[\d.e-]+\): normal: parameter sigma = /);
  });

  it("requires mechanisms to return a distribution", () => {
    const bad = scm("b").variable("x", (() => 3) as never);
    expect(thrown(() => bad.sample(1)).message).toContain("wrap a deterministic value in delta");
  });
});

describe(".confounded(a, b): hidden confounding without a mechanism", () => {
  const iv = scm("iv")
    .variable("z", () => bernoulli(0.5))
    .variable("x", ({ z }) => bernoulli(z ? 0.8 : 0.2))
    .variable("y", ({ x }) => normal(x, 1))
    .confounded("x", "y");

  it("adds a bidirected edge to the graph", () => {
    expect(iv.graph().edges).toContainEqual({ from: "x", to: "y", kind: "bidirected" });
    expect(iv.graph().edges.filter((e) => e.kind === "directed")).toHaveLength(2);
  });

  it("refuses queries with a message that says how to make the model runnable", () => {
    const thrown = (() => { try { iv.do({ x: 1 }).mean("y"); } catch (e) { return e; } })();
    expect(thrown).toBeInstanceOf(CausalError);
    expect((thrown as CausalError).diagnostic.code).toBe("unsupported-query");
    expect((thrown as CausalError).diagnostic.message).toContain("x <-> y");
    expect((thrown as CausalError).diagnostic.notes?.[0]).toContain(".latent(");
  });

  it("rejects unknown and identical names", () => {
    const m = scm("m").variable("a", () => normal(0, 1)).variable("b", () => normal(0, 1));
    // @ts-expect-error "c" is not a variable of the model
    expect(() => m.confounded("a", "c")).toThrow(/"c", which is not declared/);
    expect(() => m.confounded("a", "a")).toThrow(/two different variables/);
  });
});

describe("params and vectorized mechanisms in the builder", () => {
  const rows = scm("rows").param("slope", 2).variable("x", () => normal(1, 1)).variable("y", ({ x }, { slope }) => normal(slope * x, 0.5));
  const vec = scm("vec").param("slope", 2).variable("x", () => normal(1, 1)).variable("y", ({ x }, { slope }) => normalColumns(x.map((v) => slope * v), 0.5), { vectorized: true });

  it("a query reads the param's initial value: E[y | do(x = 3)] = slope * 3", () => {
    expect(rows.do({ x: 3 }).mean("y", { samples: 20_000, seed: 1 }).value).toBeCloseTo(6, 1);
    expect(rows.params).toEqual([{ name: "slope", init: 2 }]);
  });

  it("the vectorized twin answers with the very same digits (same seed, same draws)", () => {
    for (const q of [(mm: typeof rows | typeof vec) => mm.mean("y", { seed: 3, samples: 5000 }), (mm: typeof rows | typeof vec) => mm.condition({ y: 2 }).mean("x", { seed: 4, samples: 5000 })]) {
      expect(q(vec).value).toBe(q(rows).value);
    }
  });

  it("rejects a bad param: non-finite initial value, duplicate name; and bad options", () => {
    expect(thrown(() => scm("m").param("a", NaN)).diagnostic.message).toMatch(/param "a" needs a finite initial value/);
    expect(thrown(() => scm("m").param("a", 1).param("a", 2)).diagnostic.code).toBe("duplicate-name");
    // @ts-expect-error options must be { vectorized: true }
    expect(thrown(() => scm("m").variable("x", () => normal(0, 1), { vectorized: false })).diagnostic.message).toMatch(/must be \{ vectorized: true \}/);
  });
});

describe("toSpec on the model", () => {
  it("is the observational query as plain data, the same as the empty query's", () => {
    const m2 = scm("m").variable("x", () => bernoulli(0.3)).variable("y", ({ x }) => normal(x, 1));
    expect(m2.toSpec("x", 1)).toEqual({ kind: "single", counterfactual: false, do: {}, given: {}, target: "x", value: 1 });
    expect(m2.toSpec("y")).toEqual(m2.condition({}).toSpec("y"));
  });
});

describe("withParams: a model with fitted or loaded parameter values", () => {
  const m3 = scm("m").param("slope", 2).param("w", Float64Array.of(1, 1)).variable("x", () => normal(0, 1)).variable("y", ({ x }, { slope, w }) => normal(slope * x + w[1], 1));
  it("every query uses the new values: E[y | do(x = 3)] = slope * 3 + w[1], exactly as a model declared with them", () => {
    const fitted = m3.withParams({ slope: -1.5, w: Float64Array.of(0, 4) });
    const declared = scm("m").param("slope", -1.5).param("w", Float64Array.of(0, 4)).variable("x", () => normal(0, 1)).variable("y", ({ x }, { slope, w }) => normal(slope * x + w[1], 1));
    const q = (mm: typeof m3) => mm.do({ x: 3 }).mean("y", { seed: 5, samples: 20_000 });
    expect(q(fitted).value).toBe(q(declared).value);
    expect(q(fitted).value).toBeCloseTo(-4.5 + 4, 1);
    expect(fitted.params).toEqual([{ name: "slope", init: -1.5 }, { name: "w", init: Float64Array.of(0, 4) }]);
    expect(m3.params[0].init).toBe(2); // the original is unchanged
  });
  it("refuses an unknown param and a value of the wrong shape", () => {
    expect(thrown(() => m3.withParams({ slop: 1 })).diagnostic.message).toBe('model "m" has no param "slop" (its params: slope, w)');
    expect(thrown(() => m3.withParams({ w: 3 })).diagnostic.message).toBe('param "w" of model "m" is a vector of 2, but the value given is a number');
    expect(thrown(() => m3.withParams({ w: Float64Array.of(1, 2, 3) })).diagnostic.message).toMatch(/vector of 2, but the value given is a vector of 3/);
  });
});

describe("param constraints", () => {
  it("are checked at declaration and by withParams, and listed with the params", () => {
    const m4 = scm("c").param("sd", 1, { constraint: "positive" }).param("p", Float64Array.of(0.2, 0.8), { constraint: "simplex" }).variable("x", (_v, { sd }) => normal(0, sd));
    expect(m4.params).toEqual([{ name: "sd", init: 1, constraint: "positive" }, { name: "p", init: Float64Array.of(0.2, 0.8), constraint: "simplex" }]);
    expect(thrown(() => scm("c").param("sd", -1, { constraint: "positive" })).diagnostic.message).toBe('param "sd" must be positive, but its initial value is not: -1 is not positive');
    expect(thrown(() => m4.withParams({ sd: 0 })).diagnostic.message).toBe('param "sd" of model "c" must be positive: 0 is not positive');
    expect(thrown(() => m4.withParams({ p: Float64Array.of(0.5, 0.6) })).diagnostic.message).toMatch(/must be a simplex .*: the entries sum to 1.1, not 1/);
    expect(m4.withParams({ sd: 2.5 }).params[0].init).toBe(2.5);
  });
});
