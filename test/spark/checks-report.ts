/**
 * For the engine tests (src/core/data/table-source.test.ts on DuckDB, test/spark on Spark SQL): the numbers and
 * verdicts the SQL-backed checks produce from one StatisticsProvider, gathered as plain data, and a
 * comparison of two such reports (numbers to a relative tolerance, everything else exactly).
 * Two data sets: the misspecification sample (x, y, env: Steinhardt's y = x^2 in five environments)
 * and a mixed one for the local tests (continuous a -> b -> c with a missing a -> c edge, discrete u -> v -> w).
 */
import { expect } from "vitest";
import { environmentStabilityFromStatistics } from "../../src/core/criticism/environment-stability-sql";
import { invarianceFromStatistics } from "../../src/core/criticism/invariance-sql";
import { localTestsFromStatistics } from "../../src/core/criticism/local-tests-sql";
import { reweightingSweep } from "../../src/core/criticism/reweighting-sweep";
import type { StatisticsProvider } from "../../src/core/criticism/statistics-provider";
import { model } from "../../src/core/criticism/steinhardt.test-util";
import { parseDagitty } from "../../src/core/graph/dagitty/parse-dagitty";
import { createRng } from "../../src/core/random/rng";

/** Continuous a -> b -> c (a -> c too when `extra`), discrete u -> v -> w (3, 2, 3 levels). */
export function mixedCsv(seed: number, n: number, extra: number): string {
  const rng = createRng(seed), lines = ["a,b,c,u,v,w"];
  const pick = (p: number[]) => { const r = rng.next(); let s = 0; for (let k = 0; k < p.length; k++) { s += p[k]; if (r < s) return k; } return p.length - 1; };
  for (let i = 0; i < n; i++) {
    const a = 10 + rng.normal(), b = 0.8 * a + rng.normal(), c = -0.6 * b + extra * a + rng.normal();
    const u = pick([0.3, 0.3, 0.4]), v = rng.next() < [0.2, 0.5, 0.8][u] ? 1 : 0, w = pick(v ? [0.2, 0.3, 0.5] : [0.5, 0.3, 0.2]);
    lines.push([a, b, c].map((t) => t.toFixed(6)).concat([u, v, w].map(String)).join(","));
  }
  return lines.join("\n") + "\n";
}

export const MIXED_GRAPH = "dag { a -> b -> c  u -> v -> w }";

type Plain = number | string | boolean | null | Plain[] | { [k: string]: Plain };

const arr = (m: Float64Array) => Array.from(m);

/** The statistics and verdicts of the checks on the misspecification data (`env`) and the mixed data (`mixed`). */
export async function checksReport(env: StatisticsProvider, mixed: StatisticsProvider): Promise<Record<string, Plain>> {
  const moments = (rs: Awaited<ReturnType<StatisticsProvider["moments"]>>) => rs.map((g) => ({ group: g.group, n: g.n, m: g.m.map(arr), sumW2: g.sumW2 }));
  const counts = await mixed.counts(["u", "v", "w"]);
  const order = counts.keys.map((_, i) => i).sort((i, j) => counts.keys[i].join(",").localeCompare(counts.keys[j].join(",")));
  const graph = parseDagitty(MIXED_GRAPH).graph!;
  const local = await localTestsFromStatistics(graph, mixed);
  const stability: Record<string, Plain> = {}, sweeps: Record<string, Plain> = {}, invariance: Record<string, Plain> = {};
  for (const [name, features] of [["line", ({ x }: { x: number }) => ({ x })], ["quadratic", ({ x }: { x: number }) => ({ x, x2: x * x })]] as const) {
    const m = model(features);
    const s = (await environmentStabilityFromStatistics(m, env, { environment: "env", alpha: 0.01 })).mechanisms[0];
    stability[name] = {
      verdict: s.verdict, loeoFlagged: s.loeoFlagged,
      chow: { statistic: s.chow.statistic, df: s.chow.df, log10P: s.chow.log10P, verdict: s.chow.verdict },
      environments: s.environments.map((e) => ({ environment: e.environment, coef: e.coef, upper: e.upper, loeoRmse: e.loeoRmse, inDistributionRmse: e.inDistributionRmse, loeoRatio: e.loeoRatio })),
    };
    const inv = (await invarianceFromStatistics(m, env, { environment: "env", alpha: 0.01 })).mechanisms[0];
    invariance[name] = {
      verdict: inv.full.verdict, statement: inv.statement, invariantFeatures: inv.invariantFeatures,
      full: { meanF: inv.full.meanF, meanDf: inv.full.meanDf, spreadChiSquare: inv.full.spreadChiSquare, log10P: inv.full.log10P, log10PAdjusted: inv.full.log10PAdjusted },
      subsets: inv.subsets.map((t) => ({ features: t.features, meanF: t.meanF, spreadChiSquare: t.spreadChiSquare, log10P: t.log10P, accepted: t.accepted })),
    };
    const p = (await reweightingSweep(m, env, { alpha: 0.01 })).mechanisms[0].parents[0];
    sweeps[name] = {
      test: { statistic: p.test.statistic, df: p.test.df, log10P: p.test.log10P, verdict: p.test.verdict },
      drift: { change: p.drift.change, lower: p.drift.lower, upper: p.drift.upper, at: p.drift.at },
      coef: p.points.map((pt) => pt.coef),
    };
  }
  return {
    rows: [env.rowCount, mixed.rowCount],
    kinds: [...env.names, ...mixed.names].map((n) => { const k = (env.names.includes(n) ? env : mixed).kind(n); return `${n}:${k.kind}${k.levels ? `[${k.levels.join("|")}]` : ""}`; }),
    distinct: { u: await mixed.distinct("u", 10), env: await env.distinct("env", 10) },
    counts: { keys: order.map((i) => counts.keys[i]), counts: order.map((i) => counts.counts[i]) },
    moments: {
      byEnvironmentTilted: moments(await env.moments({ columns: ["x", "y"], groupBy: "env", weights: [{ kind: "one" }, { kind: "tilt", column: "x", centre: 0.8, scale: 1.3, t: -0.5 }] })),
      indicatorsShifted: moments(await mixed.moments({ columns: ["a", "c"], indicators: [{ column: "u", value: 0 }, { column: "u", value: 2 }], shift: Float64Array.of(10, -2, 0.3, 0.4) })),
      computedFeatures: moments(await env.moments({ columns: ["x", "y"], features: { count: 2, of: (r) => Float64Array.of(r.x * r.x, r.y) }, groupBy: "env" })),
    },
    localTests: {
      skipped: local.skipped.map((s) => JSON.stringify(s)),
      tests: local.tests.map((t) => ({ text: t.text, method: t.method, statistic: t.statistic, df: t.df, log10P: t.log10P, log10PAdjusted: t.log10PAdjusted, estimate: t.effect.estimate, lower: t.effect.lower, upper: t.effect.upper, verdict: t.verdict })),
      failing: local.tests.filter((t) => t.verdict === "fail").map((t) => t.text),
    },
    stability, sweeps, invariance,
  };
}

/**
 * The figures whose value depends on the order the rows are summed in by more than 1e-9 relative:
 * the well-specified quadratic's drift Wald statistic (a test of fits that barely differ, at t = -1,
 * 0, 1) moves by up to 1.5e-8 when DuckDB sums the same rows shuffled (table-source.test.ts measures
 * it), so no engine that sums in another order can match it to 1e-9. Compared at 1e-7.
 */
export const ORDER_SENSITIVE: Readonly<Record<string, number>> = {
  "report.sweeps.quadratic.test.statistic": 1e-7,
  "report.sweeps.quadratic.test.log10P": 1e-7,
};

/**
 * |a - b| <= tol * max(|a|, |b|) for every number (integers exactly), everything else equal;
 * `looser` gives some paths their own tolerance. Returns how many numbers were compared and the
 * worst relative difference outside `looser` (and inside it).
 */
export function expectSameReport(got: Plain, want: Plain, tol: number, looser: Readonly<Record<string, number>> = {}, path = "report"): { compared: number; worst: number; worstLooser: number } {
  const out = { compared: 0, worst: 0, worstLooser: 0 };
  const walk = (a: Plain, b: Plain, at: string) => {
    if (typeof a === "number" && typeof b === "number") {
      out.compared++;
      if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 31 && Math.abs(b) < 2 ** 31 && a === b) return;
      const scale = Math.max(Math.abs(a), Math.abs(b));
      const rel = scale === 0 ? 0 : Math.abs(a - b) / scale, limit = looser[at] ?? tol;
      if (at in looser) out.worstLooser = Math.max(out.worstLooser, rel); else out.worst = Math.max(out.worst, rel);
      expect(rel <= limit, `${at}: ${a} vs ${b} (relative ${rel.toExponential(2)} > ${limit})`).toBe(true);
      return;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
      expect(Array.isArray(a) && Array.isArray(b) && a.length === (b as Plain[]).length, `${at}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`).toBe(true);
      (a as Plain[]).forEach((x, i) => walk(x, (b as Plain[])[i], `${at}[${i}]`));
      return;
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
      expect(Object.keys(a).sort(), `${at}: keys`).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(a)) walk(a[k], b[k], `${at}.${k}`);
      return;
    }
    expect(a, at).toEqual(b);
  };
  walk(got, want, path);
  return out;
}
