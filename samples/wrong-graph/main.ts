/**
 * The model's graph against data.csv: every independence the graph implies (model.causal.ts)
 * tested by a partial correlation (Fisher z), Holm-adjusted, from the data's covariance matrix
 * computed by SQL in DuckDB (localTestsFromStatistics), and the same tests on the rows in memory
 * (localTests) beside them. The one implication the omitted edge exercise -> heart breaks fails;
 * the rest pass.
 *   causal-studio run samples/wrong-graph/main.ts
 */
import { join } from "node:path";
import { type Figure, type LocalTestsReport, localTests, localTestsFromStatistics, openStatistics, readTable } from "causal-studio";
import model from "./model.causal";

export const ALPHA = 0.05;

export interface WrongGraphReport { rows: number; sql: LocalTestsReport; memory: LocalTestsReport }

export async function diagnose(file = join(__dirname, "data.csv")): Promise<WrongGraphReport> {
  const stats = await openStatistics(file);
  try {
    const sql = await localTestsFromStatistics(model, stats, { alpha: ALPHA });
    const memory = localTests(model, await readTable(file), { alpha: ALPHA });
    return { rows: stats.rowCount, sql, memory };
  } finally {
    stats.close();
  }
}

const p10 = (l: number) => (l < -3 ? `1e${Math.round(l)}` : (10 ** l).toFixed(3));

export function formatReport(r: WrongGraphReport): string {
  const lines = [`data.csv: ${r.rows} rows; ${r.sql.tests.length} implications of the graph, Fisher z, Holm-adjusted at alpha ${ALPHA} (SQL statistics)`];
  const width = Math.max(...r.sql.tests.map((t) => t.text.length));
  for (const t of r.sql.tests) {
    const e = t.effect;
    lines.push(`  ${t.verdict.padEnd(4)} ${t.text.padEnd(width)}  r ${e.estimate.toFixed(3).padStart(6)} [${e.lower.toFixed(3)}, ${e.upper.toFixed(3)}]  p ${p10(t.log10P).padStart(7)}  Holm ${p10(t.log10PAdjusted).padStart(7)}`);
  }
  const same = r.sql.tests.every((t, i) => r.memory.tests[i]?.text === t.text && r.memory.tests[i].verdict === t.verdict && Math.abs(r.memory.tests[i].statistic - t.statistic) < 1e-9 * Math.max(1, Math.abs(t.statistic)));
  lines.push(`in memory (localTests on the rows): ${same ? "the same statistics (to 1e-9) and verdicts" : "DIFFERENT"}`);
  const failed = r.sql.tests.filter((t) => t.verdict === "fail").map((t) => `${t.implication.x} - ${t.implication.y}`);
  lines.push(`flagged: ${failed.join(", ") || "nothing"} (the pair to mark on the DAG: an edge or a common cause between them is missing)`);
  return lines.join("\n");
}

/** Each implication's partial correlation with its 95% interval, by verdict (DAGitty's local-tests plot, as bars). */
export function figures(r: WrongGraphReport): Figure[] {
  const bars = (verdict: string) => r.sql.tests.filter((t) => t.verdict === verdict).map((t) => ({ label: t.text, value: t.effect.estimate, lo: t.effect.lower, hi: t.effect.upper }));
  return [{
    id: "local-tests", title: "The graph's implied independencies against data.csv: partial correlations (0 = independent)",
    caption: `${r.rows} rows; Fisher z with 95% intervals, Holm-adjusted at alpha ${ALPHA}; a failing implication points at a missing edge or common cause.`,
    x: { label: "implication" }, y: { label: "partial correlation" },
    marks: [
      ...(["fail", "warn", "pass"] as const).map((v) => ({ kind: "bar" as const, series: v, bars: bars(v) })).filter((m) => m.bars.length),
      { kind: "rule", axis: "y", value: 0 },
    ],
  }];
}

export async function main(): Promise<{ figures: Figure[] }> {
  const r = await diagnose();
  console.log(formatReport(r));
  return { figures: figures(r) };
}
