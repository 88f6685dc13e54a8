/**
 * Diagnoses two mechanisms for y on data.csv (y = x^2 + noise in five environments, truth.ts): the
 * line (linear.causal.ts) and the quadratic (quadratic.causal.ts). Five checks each:
 *   drift       the reweighting sweep (x reweighted by exp(t (x - mean) / sd), t in [-1, 1]; a Wald drift test)
 *   chow        Chow's coefficient-equality F across the env column's five levels
 *   invariance  ICP's residual-invariance test (means and spreads equal across environments)
 *   loeo        leave-one-environment-out RMSE against in-distribution RMSE (flag above 2x)
 *   curvature   Ramsey's RESET on the residuals of the pooled fit
 * Drift, Chow and LOEO read only sufficient statistics, computed by SQL in DuckDB over the CSV
 * (openStatistics); invariance and curvature read the rows (readTable). Prints the report beside
 * the figures of shared/notes/seeds.md section h:
 *   causal-studio run samples/misspecification/main.ts
 */
import { join } from "node:path";
import {
  environmentStabilityFromStatistics, invariance, openStatistics, readTable, residualChecks, reweightingSweep, trainModel, type Figure, type Verdict,
} from "causal-studio";
import linear from "./linear.causal";
import quadratic from "./quadratic.causal";

export const ALPHA = 0.01;

/** seeds.md section h (n = 500 per environment, noise sd 0.1), for comparison. */
export const SEEDS = {
  slopes: [1.04, 3.01, -0.99, 0.26, 4.08],
  intercepts: [-0.19, -2.17, -0.16, 1.05, -3.93],
  chowF: { linear: 663, quadratic: 1.7 },
  loeoLinear: [1.37, 0.71, 0.95, 2.23, 2.68],
  loeoQuadratic: 0.1,
};

export interface CheckLine { check: "drift" | "chow" | "invariance" | "loeo" | "curvature"; verdict: Verdict; detail: string }

export interface ModelDiagnosis {
  model: string;
  verdict: Verdict;
  checks: CheckLine[];
  environments: { name: string; intercept: number; slope: number; loeoRmse: number; inDistributionRmse: number }[];
  chowF: number;
  chowLog10P: number;
  driftLog10P: number;
  /** The last coefficient (the line's slope, the quadratic's x2) under the sweep's extreme tilts, t = -1 and t = 1. */
  sweepLastCoef: [number, number];
}

export interface MisspecificationReport { rows: number; sqlPath: string; models: ModelDiagnosis[] }

const fmt = (v: number, d = 2) => (Math.abs(v) < 0.5 * 10 ** -d ? (0).toFixed(d) : v.toFixed(d));
const p10 = (l: number) => (l < -3 ? `1e${Math.round(l)}` : fmt(10 ** l, 3));

export async function diagnose(file = join(__dirname, "data.csv")): Promise<MisspecificationReport> {
  const stats = await openStatistics(file);
  try {
    const table = await readTable(file);
    const models: ModelDiagnosis[] = [];
    for (const [name, m] of [["line", linear], ["quadratic", quadratic]] as const) {
      const stab = (await environmentStabilityFromStatistics(m, stats, { environment: "env", alpha: ALPHA })).mechanisms[0];
      const sweep = (await reweightingSweep(m, stats, { alpha: ALPHA })).mechanisms[0].parents[0];
      const inv = invariance(m, table, { environment: "env", alpha: ALPHA }).mechanisms[0];
      const trained = await trainModel(m, table);
      const res = residualChecks(m, table, { params: trained.params, alpha: ALPHA }).mechanisms[0];
      const reset = res.tests.find((t) => t.test === "reset")!;
      const worstLoeo = stab.environments.reduce((a, e) => (e.loeoRatio > a.loeoRatio ? e : a));
      const checks: CheckLine[] = [
        { check: "drift", verdict: sweep.test.verdict, detail: `Wald ${fmt(sweep.test.statistic, 1)} on ${sweep.test.df} df, p ${p10(sweep.test.log10P)}; prediction moves ${fmt(sweep.drift.change)} [${fmt(sweep.drift.lower)}, ${fmt(sweep.drift.upper)}] at x = ${fmt(sweep.drift.at)} between t = -1 and 1` },
        { check: "chow", verdict: stab.chow.verdict, detail: `F ${fmt(stab.chow.statistic, 1)} on (${stab.chow.df.join(", ")}) df, p ${p10(stab.chow.log10P)}` },
        { check: "invariance", verdict: inv.full.verdict, detail: inv.statement },
        { check: "loeo", verdict: stab.loeoFlagged ? "fail" : "pass", detail: `worst ${worstLoeo.environment}: held-out RMSE ${fmt(worstLoeo.loeoRmse, 3)} vs in-distribution ${fmt(worstLoeo.inDistributionRmse, 3)} (${fmt(worstLoeo.loeoRatio, 1)}x; flag above 2x)` },
        { check: "curvature", verdict: reset.verdict, detail: `RESET F ${fmt(reset.statistic, 1)}, p ${p10(reset.log10P)}` },
      ];
      models.push({
        model: name,
        verdict: checks.some((c) => c.verdict === "fail") ? "fail" : checks.some((c) => c.verdict === "warn") ? "warn" : "pass",
        checks,
        environments: stab.environments.map((e) => ({ name: e.environment, intercept: e.coef[0], slope: e.coef[1], loeoRmse: e.loeoRmse, inDistributionRmse: e.inDistributionRmse })),
        chowF: stab.chow.statistic, chowLog10P: stab.chow.log10P, driftLog10P: sweep.test.log10P,
        sweepLastCoef: [sweep.points[0].coef.at(-1)!, sweep.points[sweep.points.length - 1].coef.at(-1)!],
      });
    }
    return { rows: stats.rowCount, sqlPath: "sql", models };
  } finally {
    stats.close();
  }
}

export function formatReport(r: MisspecificationReport): string {
  const lines = [`data.csv: ${r.rows} rows, five environments (alpha ${ALPHA}; drift, chow and loeo from SQL sufficient statistics)`];
  for (const m of r.models) {
    lines.push("", `${m.model}: ${m.verdict.toUpperCase()}`);
    for (const c of m.checks) lines.push(`  ${c.verdict.padEnd(4)} ${c.check.padEnd(10)} ${c.detail}`);
  }
  const [line, quad] = r.models;
  lines.push("", "line per environment        here: intercept  slope  LOEO RMSE | seeds.md: intercept  slope  LOEO RMSE");
  line.environments.forEach((e, k) => {
    lines.push(`  ${e.name.padEnd(9)}                 ${fmt(e.intercept).padStart(9)} ${fmt(e.slope).padStart(6)} ${fmt(e.loeoRmse).padStart(10)} |           ${fmt(SEEDS.intercepts[k]).padStart(9)} ${fmt(SEEDS.slopes[k]).padStart(6)} ${fmt(SEEDS.loeoLinear[k]).padStart(10)}`);
  });
  lines.push(`quadratic LOEO RMSE: ${quad.environments.map((e) => fmt(e.loeoRmse, 3)).join(", ")} | seeds.md: about ${SEEDS.loeoQuadratic} everywhere`);
  lines.push(`Chow F: line ${fmt(line.chowF, 0)}, quadratic ${fmt(quad.chowF, 2)} | seeds.md: ${SEEDS.chowF.linear} and ${SEEDS.chowF.quadratic}`);
  lines.push(`under the reweighting sweep, t = -1 and t = 1: the line's slope ${fmt(line.sweepLastCoef[0])} and ${fmt(line.sweepLastCoef[1])}; the quadratic's x2 coefficient ${fmt(quad.sweepLastCoef[0], 3)} and ${fmt(quad.sweepLastCoef[1], 3)}`);
  return lines.join("\n");
}

/** The line's slope per environment beside the notes' values, and both models' held-out error per environment (the run panel and `run --plots` draw them). */
export function figures(r: MisspecificationReport): Figure[] {
  const [line, quad] = r.models;
  const names = line.environments.map((e) => e.name);
  return [
    {
      id: "slope-per-environment", title: "The line's slope differs by environment: y = x² has slope 2x, so each environment's fit picks up its own mean of x",
      caption: "Fitted here on data.csv (least squares per environment) beside seeds.md section h's values from an independent simulation.",
      x: { label: "environment" }, y: { label: "slope of y on x" },
      marks: [
        { kind: "bar", series: "fitted here", bars: line.environments.map((e) => ({ label: e.name, value: e.slope })) },
        { kind: "bar", series: "seeds.md", bars: names.map((n, k) => ({ label: n, value: SEEDS.slopes[k] })) },
      ],
    },
    {
      id: "loeo-rmse", title: "Leave one environment out: the line's error on the held-out environment, the quadratic's stays at the noise",
      caption: `RMSE on each environment when fitted on the other four; the noise sd is ${SEEDS.loeoQuadratic}.`,
      x: { label: "held-out environment" }, y: { label: "RMSE" },
      marks: [
        { kind: "bar", series: line.model, bars: line.environments.map((e) => ({ label: e.name, value: e.loeoRmse })) },
        { kind: "bar", series: quad.model, bars: quad.environments.map((e) => ({ label: e.name, value: e.loeoRmse })) },
        { kind: "rule", axis: "y", value: SEEDS.loeoQuadratic, label: "noise sd" },
      ],
    },
  ];
}

export async function main(): Promise<{ figures: Figure[] }> {
  const r = await diagnose();
  console.log(formatReport(r));
  return { figures: figures(r) };
}
