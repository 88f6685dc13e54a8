/**
 * From a diagnosis's checks to what a user reads first: a verdict and one plain sentence per
 * variable (its mechanism), per edge (parent -> child) and per violated implication. Written once
 * here for the CLI, the diagnostics panel, the DAG's colouring and the Problems panel.
 *
 * A variable's verdict is the worst verdict of the checks of its mechanism; a local test concerns
 * the graph (a pair), not one mechanism, so it colours the pair (`violated`), not the nodes. An
 * edge's verdict is the worst of the checks that name its parent as the input (curvature in that
 * parent, drift when it is reweighted, interventions on it); "untested" where none does.
 */
import type { DiagnoseCheck, DiagnosisPlot, EdgeEvidence, VariableEvidence, ViolatedImplication } from "./diagnosis-report";
import { type Verdict, worstVerdict } from "./verdict";

export interface SummaryInput {
  /** The model's variables in declaration order, with parents, the parent each learned feature reads, and source ranges. */
  variables: { name: string; latent: boolean; parents: readonly string[]; featureParents?: Readonly<Record<string, string>>; range?: DiagnoseCheck["range"] }[];
  checks: readonly DiagnoseCheck[];
  plots: readonly DiagnosisPlot[];
  skipped: readonly { check: string; variable?: string; reason: string }[];
}

const VERDICT_ORDER: Record<Verdict | "untested", number> = { fail: 0, warn: 1, pass: 2, untested: 3 };

export function summariseDiagnosis(input: SummaryInput): { variables: VariableEvidence[]; edges: EdgeEvidence[]; violated: ViolatedImplication[] } {
  const { checks } = input;
  const variables: VariableEvidence[] = input.variables.map((v, order): VariableEvidence & { order: number } => {
    const mine = checks.map((c, i) => [c, i] as const).filter(([c]) => c.kind !== "local-test" && c.variable === v.name);
    const plots = input.plots.filter((p) => "variable" in p && p.variable === v.name).map((p) => p.id);
    const where = v.range ? { range: v.range } : {};
    if (!mine.length) {
      const reasons = input.skipped.filter((s) => s.variable === v.name).map((s) => s.reason);
      const sentence = v.latent
        ? `${v.name} is latent: no column holds it, so no check sees its mechanism directly${reasons.length ? ` (${reasons[0]})` : ""}.`
        : v.parents.length === 0 && !reasons.length
          ? `${v.name} has no parents: its mechanism is its distribution in the data, and the checks here test mechanisms with inputs.`
          : `No check ran on the mechanism of ${v.name}${reasons.length ? `: ${dedupe(reasons).join("; ")}` : ""}.`;
      return { variable: v.name, ...where, verdict: "untested", sentence, checks: [], plots, order };
    }
    const verdict = worstVerdict(mine.map(([c]) => c.verdict));
    const bad = mine.filter(([c]) => c.verdict === verdict && verdict !== "pass").map(([c]) => finding(c));
    const sentence = verdict === "fail"
      ? `The data contradict the mechanism of ${v.name}: ${dedupe(bad).join("; ")}.`
      : verdict === "warn"
        ? `Weak evidence against the mechanism of ${v.name} (not significant after the multiplicity correction): ${dedupe(bad).join("; ")}.`
        : `No check found a problem with the mechanism of ${v.name} (${mine.length} ${mine.length === 1 ? "check" : "checks"} passed).`;
    return { variable: v.name, ...where, verdict, sentence, checks: mine.map(([, i]) => i), plots, order };
  }).sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || a.order - b.order).map(({ order: _order, ...v }) => v);

  const edges: EdgeEvidence[] = [];
  for (const v of input.variables) {
    for (const p of v.parents) {
      const about = checks.map((c, i) => [c, i] as const).filter(([c]) => c.kind !== "local-test" && c.variable === v.name && c.input !== undefined && (c.input === p || v.featureParents?.[c.input] === p));
      if (!about.length) {
        edges.push({ from: p, to: v.name, verdict: "untested", sentence: `No check looked at ${p} → ${v.name} on its own.`, checks: [] });
        continue;
      }
      const verdict = worstVerdict(about.map(([c]) => c.verdict));
      const bad = about.filter(([c]) => c.verdict === verdict && verdict !== "pass").map(([c]) => finding(c));
      const sentence = verdict === "pass"
        ? `How ${v.name} responds to ${p} held up under ${about.length} ${about.length === 1 ? "check" : "checks"}.`
        : `How ${v.name} responds to ${p} is ${verdict === "fail" ? "contradicted by the data" : "in doubt"}: ${dedupe(bad).join("; ")}.`;
      edges.push({ from: p, to: v.name, verdict, sentence, checks: about.map(([, i]) => i) });
    }
  }

  const violated: ViolatedImplication[] = [];
  checks.forEach((c, i) => {
    if (c.kind !== "local-test" || !c.pair || c.verdict === "pass") return;
    const { x, y, given } = c.pair;
    const cond = given.length ? ` given ${given.join(", ")}` : "";
    const sentence = `The graph says ${x} and ${y} are independent${cond}, but the data ${c.verdict === "fail" ? "show" : "hint at"} a dependence (p ${pText(c.log10P!)}, Holm ${pText(c.log10PAdjusted!)}${c.effect ? `; ${effectName(c.effect.kind)} ${num(c.effect.estimate)}` : ""}): an edge or a common cause between them may be missing.`;
    violated.push({ x, y, given: [...given], verdict: c.verdict, sentence, check: i });
  });
  return { variables, edges, violated };
}

/** A short clause for one failing or warning check. */
function finding(c: DiagnoseCheck): string {
  const p = c.log10PAdjusted !== null ? ` (Holm p ${pText(c.log10PAdjusted)})` : "";
  switch (c.kind) {
    case "residual-reset": return `its residuals curve against its fitted value${p}`;
    case "residual-input-curvature": return `its residuals curve in ${c.input}${p}`;
    case "residual-breusch-pagan": return `its noise spread changes with its inputs${p}`;
    case "chow": return `its coefficients differ between environments${p}`;
    case "loeo": return `fitted without one environment it predicts that environment ${num(c.statistic)}× worse than in-distribution`;
    case "invariance": return `its residuals are not the same in every environment${p}`;
    case "reweighting-drift": return `its prediction moves by ${num(c.effect?.estimate ?? NaN)} when ${c.input}'s distribution is shifted${p}`;
    case "interventional-fidelity": return `its do-predictions miss the interventional data${c.input ? ` on ${c.input}` : ""}${p}`;
    case "posterior-predictive": return `data replicated from the model do not reproduce ${c.text.split("  ")[1] ?? "a statistic of the data"}${p}`;
    case "held-out-likelihood": return `it fits held-out rows worse than the rows it was fitted on`;
    case "local-test": return `a local test fails${p}`;
  }
}

function effectName(kind: string): string {
  return kind === "partial-correlation" ? "partial r" : kind === "cramers-v" ? "Cramér's V" : kind === "canonical-correlation" ? "canonical r" : kind;
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** A number for the report: 3 significant digits, no exponent below 1e6. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2);
  return a >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

/** A number for a label or a sentence: 3 significant digits without trailing zeros ("2", "-1.5", "0.125"), an exponent outside [1e-3, 1e5). */
export function shortNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : Number(x.toPrecision(3)).toString();
}

/** A p-value from its log10: plain above 1e-4, else as a power of ten (exact, never floored). */
export function pText(log10P: number): string {
  if (log10P >= -4) return (10 ** log10P).toPrecision(2);
  return `10^${log10P.toFixed(1)}`;
}
