import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CausalGraph } from "../causal-graph";
import { parseDagitty } from "../dagitty/parse-dagitty";
import type { GraphData } from "../types";
import type { Expr } from "./expression";
import { identify } from "./identify";
import { createRng } from "../../random/rng";

const graph = (text: string) => CausalGraph.from(parseDagitty(text).graph);

describe("identify: textbook cases", () => {
  it("bow arc is not identifiable, with the hedge as witness", () => {
    const r = identify(graph("dag { X -> Y; X <-> Y }"), ["Y"], ["X"]);
    expect(r).toMatchObject({ identifiable: false, hedge: { f: ["X", "Y"], fPrime: ["Y"] } });
  });

  it("front-door gives Pearl's formula", () => {
    const r = identify(graph("dag { smoking -> tar -> cancer; smoking <-> cancer }"), ["cancer"], ["smoking"]);
    expect(r.identifiable && r.formula.text).toBe("sum_{tar} P(tar | smoking) sum_{smoking'} P(smoking') P(cancer | smoking', tar)");
    expect(r.identifiable && r.formula.latex).toContain("\\sum_{\\mathit{tar}}");
  });

  it("front-door with an explicit latent confounder is projected first", () => {
    const r = identify(graph("dag { genotype [latent]; genotype -> smoking; genotype -> cancer; smoking -> tar -> cancer }"), ["cancer"], ["smoking"]);
    expect(r.identifiable && r.formula.text).toBe("sum_{tar} P(tar | smoking) sum_{smoking'} P(smoking') P(cancer | smoking', tar)");
  });

  it("napkin is identifiable (a ratio), back-door graphs use the adjustment formula", () => {
    const napkin = identify(graph("dag { W1 -> W2 -> X -> Y; W1 <-> X; W1 <-> Y }"), ["Y"], ["X"]);
    expect(napkin.identifiable && napkin.formula.text).toBe("(sum_{W1} P(W1) P(X | W1, W2) P(Y | W1, W2, X)) / (sum_{W1'} P(W1') P(X | W1', W2))");
    const bd = identify(graph("dag { Z -> X -> Y; Z -> Y }"), ["Y"], ["X"]);
    expect(bd).toMatchObject({ identifiable: true, adjustmentSet: ["Z"], formula: { text: "sum_{Z} P(Y | Z, X) P(Z)" } });
  });

  it("classic non-identifiable graphs fail", () => {
    for (const text of ["dag { X -> Z -> Y; X <-> Z }", "dag { X -> Z -> Y; X <-> Z; Z <-> Y }", "dag { X -> Y; Z -> Y; X <-> Z; Z <-> Y }"]) {
      expect(identify(graph(text), ["Y"], ["X"]).identifiable, text).toBe(false);
    }
  });
});

/** Exact numeric check: an identified formula, evaluated on the observational distribution, equals the truth. */
function mulberry(seed: number): () => number {
  const r = createRng(seed);
  return () => r.next();
}

function binaryModel(data: GraphData, seed: number) {
  const ids = data.nodes.map((n) => n.id);
  const n = ids.length;
  const rand = mulberry(seed);
  const parents = ids.map((id) => data.edges.filter((e) => e.to === id).map((e) => ids.indexOf(e.from)));
  const cpt = parents.map((ps) => Array.from({ length: 1 << ps.length }, () => 0.1 + 0.8 * rand()));
  const joint = (doing: Map<number, number>): Float64Array => {
    const table = new Float64Array(1 << n);
    for (let cfg = 0; cfg < 1 << n; cfg++) {
      let p = 1;
      for (let v = 0; v < n && p > 0; v++) {
        const val = (cfg >> v) & 1;
        if (doing.has(v)) {
          p *= val === doing.get(v) ? 1 : 0;
          continue;
        }
        let k = 0;
        parents[v].forEach((pa, j) => (k |= ((cfg >> pa) & 1) << j));
        p *= val ? cpt[v][k] : 1 - cpt[v][k];
      }
      table[cfg] = p;
    }
    return table;
  };
  const marginal = (table: Float64Array, fixed: Map<number, number>): number => {
    let s = 0;
    for (let cfg = 0; cfg < table.length; cfg++) {
      let ok = true;
      for (const [v, val] of fixed) if (((cfg >> v) & 1) !== val) ok = false;
      if (ok) s += table[cfg];
    }
    return s;
  };
  return { ids, joint, marginal };
}

function evaluate(e: Expr, env: Map<string, { variable: string; value: number }>, p: (fixed: Map<string, number>) => number): number {
  const lookup = (name: string) => env.get(name)!;
  switch (e.kind) {
    case "one":
      return 1;
    case "prob": {
      const all = new Map<string, number>();
      const given = new Map<string, number>();
      for (const v of e.vars) all.set(lookup(v).variable, lookup(v).value);
      for (const v of e.given) {
        all.set(lookup(v).variable, lookup(v).value);
        given.set(lookup(v).variable, lookup(v).value);
      }
      return p(all) / p(given);
    }
    case "product":
      return e.factors.reduce((acc, f) => acc * evaluate(f, env, p), 1);
    case "fraction":
      return evaluate(e.num, env, p) / evaluate(e.den, env, p);
    case "sum": {
      let total = 0;
      for (let mask = 0; mask < 1 << e.over.length; mask++) {
        const inner = new Map(env);
        e.over.forEach((o, i) => inner.set(o.name, { variable: o.variable, value: (mask >> i) & 1 }));
        total += evaluate(e.body, inner, p);
      }
      return total;
    }
  }
}

describe("identify: identified formulas are numerically exact on random binary models", () => {
  it.each([true, false])("matches the interventional distribution computed from the mutilated model (preferAdjustment %s)", (preferAdjustment) => {
    let identified = 0;
    let hedges = 0;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 7 }), fc.nat(), fc.nat(), (n, seed, pick) => {
        const rand = mulberry(seed);
        const ids = Array.from({ length: n }, (_, i) => `v${i}`);
        const edges = [];
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rand() < 0.5) edges.push({ from: ids[i], to: ids[j], kind: "directed" as const });
        const latent = new Set(ids.filter(() => rand() < 0.3));
        const data: GraphData = { nodes: ids.map((id) => ({ id, latent: latent.has(id) })), edges };
        const observed = ids.filter((id) => !latent.has(id));
        if (observed.length < 2) return;
        const x = observed[pick % (observed.length - 1)];
        const ys = observed.filter((v) => ids.indexOf(v) > ids.indexOf(x)).slice(0, 1 + (pick % 2));
        if (ys.length === 0) return;
        const r = identify(CausalGraph.from(data), ys, [x], { preferAdjustment });
        if (!r.identifiable) {
          hedges++;
          if (!("hedge" in r)) throw new Error(`no hedge without selection: ${r.reason}`);
          const { f, fPrime } = r.hedge;
          expect(fPrime.length).toBeGreaterThan(0);
          expect(fPrime.every((v) => f.includes(v))).toBe(true);
          return;
        }
        identified++;
        const model = binaryModel(data, seed ^ 0x9e3779b9);
        const obs = model.joint(new Map());
        const index = (id: string) => model.ids.indexOf(id);
        const pObs = (fixed: Map<string, number>) => model.marginal(obs, new Map([...fixed].map(([k, v]) => [index(k), v])));
        for (let xv = 0; xv < 2; xv++) {
          const truthTable = model.joint(new Map([[index(x), xv]]));
          for (let mask = 0; mask < 1 << ys.length; mask++) {
            const env = new Map<string, { variable: string; value: number }>([[x, { variable: x, value: xv }]]);
            ys.forEach((y, i) => env.set(y, { variable: y, value: (mask >> i) & 1 }));
            const truth = model.marginal(truthTable, new Map(ys.map((y, i) => [index(y), (mask >> i) & 1])));
            expect(evaluate(r.expression, env, pObs)).toBeCloseTo(truth, 10);
          }
        }
      }),
      { seed: 2024, numRuns: 300 },
    );
    expect(identified).toBeGreaterThan(100);
    expect(hedges).toBeGreaterThan(5);
  });
});
