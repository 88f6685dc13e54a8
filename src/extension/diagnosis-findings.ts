/**
 * A diagnosis's findings as Problems-panel entries: one per mechanism that failed (warning) or
 * warned (information), on the variable's declaration, with the plain sentence and the strongest
 * statistic; and one per violated implication (warning), on the declaration of the pair's second
 * variable. Passing and untested mechanisms add nothing. Pure (core Diagnostics): the host converts
 * them and widens each point range to its line.
 */
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import type { Diagnostic } from "../core/errors/diagnostic";

export function diagnosisFindings(report: DiagnosisReport): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rangeOf = new Map(report.variables.map((v) => [v.variable, v.range]));
  const data = report.data.file.split(/[\\/]/).pop() ?? report.data.file;
  for (const v of report.variables) {
    if (v.verdict !== "fail" && v.verdict !== "warn") continue;
    const strongest = v.checks.map((i) => report.checks[i]).filter((c) => c.verdict === v.verdict)
      .sort((a, b) => (a.log10PAdjusted ?? 0) - (b.log10PAdjusted ?? 0))[0];
    out.push({
      code: "diagnosis", severity: v.verdict === "fail" ? "warning" : "info",
      message: `${v.sentence} (diagnosed on ${data}, ${report.data.rows.toLocaleString("en-US")} rows)`,
      ...(v.range ? { range: v.range } : {}),
      ...(strongest ? { notes: [`strongest: ${strongest.text}`] } : {}),
    });
  }
  for (const x of report.violated) {
    const range = rangeOf.get(x.y) ?? rangeOf.get(x.x);
    out.push({ code: "diagnosis", severity: x.verdict === "fail" ? "warning" : "info", message: `${x.sentence} (diagnosed on ${data})`, ...(range ? { range } : {}), notes: [report.checks[x.check].text] });
  }
  return out;
}
