/**
 * The interventional-fidelity and posterior-predictive reports as rows and plots of the diagnosis
 * report (diagnosis-report.ts), for core/io/diagnose-job.ts.
 */
import type { DiagnoseCheck, DiagnosisPlot, DiagnosisReport } from "./diagnosis-report";
import type { InterventionalFidelityReport } from "./interventional-fidelity";
import type { PosteriorPredictiveReport } from "./posterior-predictive";

/** The report as rows and plots of the diagnosis report (DiagnoseCheck kind "interventional-fidelity", one plot per variable). */
export function interventionalFidelityDiagnosis(report: InterventionalFidelityReport): { checks: DiagnoseCheck[]; plots: DiagnosisPlot[]; skipped: DiagnosisReport["skipped"] } {
  const checks = report.comparisons.map((c): DiagnoseCheck => ({
    kind: "interventional-fidelity", variable: c.variable, input: c.intervened, statisticName: c.statisticName, statistic: c.statistic, df: [...c.df],
    p: c.p, log10P: c.log10P, pAdjusted: c.pAdjusted, log10PAdjusted: c.log10PAdjusted, effect: { ...c.effect }, verdict: c.verdict,
    text: `${c.variable}  ${c.test === "mean" ? "mean" : "distribution"} under do(${c.intervention})  ${c.text}`, ...(c.range ? { range: c.range } : {}),
  }));
  const plots = report.plots.map((p): DiagnosisPlot => ({
    kind: "interventional-fidelity", id: `interventional-fidelity-${p.variable}`, variable: p.variable,
    title: `${p.variable}: observed mean under each intervention in "${report.column}" against the model's do-prediction (${Math.round(report.level * 100)}% intervals)`,
    rows: p.rows.map((r) => ({ ...r })), verdict: p.verdict,
  }));
  const skipped = report.skipped.map((s) => ({ check: "interventional-fidelity", ...(s.variable ?? s.intervened ? { variable: s.variable ?? s.intervened } : {}), reason: s.reason }));
  return { checks, plots, skipped };
}

/**
 * The report as rows and plots of the diagnosis report: a "posterior-predictive" row and plot per
 * discrepancy statistic (a correlation's second variable in `input`), and one model-level
 * "held-out-likelihood" row (no variable; its effect is held-out minus in-sample log-likelihood per
 * row, in nats, with its 95% interval).
 */
export function posteriorPredictiveDiagnosis(report: PosteriorPredictiveReport): { checks: DiagnoseCheck[]; plots: DiagnosisPlot[]; skipped: DiagnosisReport["skipped"] } {
  const checks = report.tests.map((t): DiagnoseCheck => ({
    kind: "posterior-predictive", variable: t.variable, ...(t.other ? { input: t.other } : {}), statisticName: t.statistic === "correlation" ? "corr" : t.statistic, statistic: t.observed, df: [],
    p: t.p, log10P: t.log10P, pAdjusted: t.pAdjusted, log10PAdjusted: t.log10PAdjusted,
    effect: { kind: "z of the data's value in the replicates' distribution", estimate: t.z, lower: null, upper: null, level: null }, verdict: t.verdict,
    text: `${t.variable}  predictive check of ${t.label}  ${t.text}`, ...(t.range ? { range: t.range } : {}),
  }));
  const plots = report.tests.map((t): DiagnosisPlot => ({
    kind: "posterior-predictive", id: `posterior-predictive-${t.statistic}-${t.variable}${t.other ? `-${t.other}` : ""}`, variable: t.variable,
    title: `${t.label}: the data's value against ${report.replicates} data sets replicated from the model`, statistic: t.label, observed: t.observed, replicated: [...t.replicated], p: t.p, verdict: t.verdict,
  }));
  const h = report.heldOut;
  if (h) {
    const half = 1.959963984540054 * h.differenceSE;
    checks.push({
      kind: "held-out-likelihood", statisticName: "z", statistic: h.z, df: [], p: h.p, log10P: h.log10P, pAdjusted: h.p, log10PAdjusted: h.log10P,
      effect: { kind: "held-out minus in-sample log-likelihood per row (nats)", estimate: -h.difference, lower: -h.difference - half, upper: -h.difference + half, level: 0.95 },
      verdict: h.verdict, text: `held-out log-likelihood  ${h.text}`,
    });
  }
  const skipped = report.skipped.map((s) => ({ check: "posterior-predictive", ...(s.variable ? { variable: s.variable } : {}), reason: s.reason }));
  return { checks, plots, skipped };
}
