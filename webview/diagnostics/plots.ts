/**
 * The diagnostics plots: one pure builder per DiagnosisPlot kind, drawn with Observable Plot into a
 * given `document` (the webview's, or a server-side DOM for `causal-studio diagnose --plots`, see
 * src/cli/plot-svg.ts). `plotFor` returns one standalone <svg>: a title (wrapped to the width), a
 * legend where colour carries meaning, the chart(s) (small multiples where the panels need their
 * own scales), and a caption that says what was left out (non-finite values are never drawn: they
 * are counted and named in the caption).
 *
 * Designs (DiagnosisPlot in src/core/criticism/diagnosis-report.ts has the data):
 * - local-tests: DAGitty's localTests plot: each implication's effect size as a dot with its interval,
 *   a zero line, coloured by verdict.
 * - residuals: standardized residual against the fitted value and against each input (small
 *   multiples), a binned-mean line (the curvature a linear fit leaves) and reference lines at 0, ±2.
 * - reweighting-sweep: the prediction against the parent's value, one line per tilt t (colour on t),
 *   t = 0 (the unweighted fit) drawn in the foreground colour on top.
 * - environment-coefficients: each coefficient's estimate ± interval per environment, one panel per
 *   coefficient (each with its own scale).
 * - loeo: per environment, the in-distribution RMSE (hollow) joined to the held-out RMSE (filled,
 *   red over the threshold), with a dashed tick at threshold × in-distribution.
 * - interventional-fidelity: per intervention, the observed mean ± interval above the model's
 *   do-prediction ± interval (coloured by that intervention's verdict).
 * - posterior-predictive: the histogram of the replicated discrepancy, the observed value as a rule,
 *   p in the title.
 * The webview's marks carry Plot's aria-labels ("dot", "rule", "line", "link", "tick", "rect"), which the tests count.
 */
import * as Plot from "@observablehq/plot";
import type { DiagnosisPlotDto, VerdictDto } from "../../src/protocol/diagnostics-messages";
import { asPanel, compose, emptyPanel, type Figure, formatNumber, isFinite, type LegendItem, notFinite, plural, type PlotForOptions, type PlotTheme, truncate } from "./figure";

export { formatNumber, LIGHT_PLOT_THEME, plotFileName, type PlotForOptions, type PlotTheme } from "./figure";

const verdictColor = (th: PlotTheme, v: VerdictDto) => (v === "fail" ? th.fail : v === "warn" ? th.warn : th.pass);
const verdictLegend = (th: PlotTheme, present: readonly VerdictDto[], what = ""): LegendItem[] =>
  (["fail", "warn", "pass"] as const).filter((v) => present.includes(v)).map((v) => ({ label: `${v}${what}`, color: verdictColor(th, v), shape: "dot" }));
const verdictLine = (v: VerdictDto) => `verdict: ${v}`;

/** Plot's options common to every chart: the theme's text colour, a transparent background, 10px text. */
function base(o: PlotForOptions, width: number, height: number) {
  return { document: o.document, width: Math.max(120, Math.round(width)), height: Math.round(height), style: { background: "transparent", color: o.theme.foreground, fontSize: "10px" } };
}

/** Left margin for band labels of `n` characters (at most 45% of the width). */
const bandMargin = (labels: string[], width: number) => Math.min(Math.floor(width * 0.45), 12 + 6 * Math.max(4, ...labels.map((l) => l.length)));

// ---- one builder per kind ----

function localTests(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "local-tests" }>): Figure {
  const th = o.theme;
  const rows = plot.rows.filter((r) => isFinite(r.estimate, r.lower, r.upper));
  const effects = [...new Set(rows.map((r) => r.effect))];
  const labels = rows.map((r) => r.label);
  const marginLeft = bandMargin(labels, o.width);
  const maxChars = Math.floor((marginLeft - 12) / 6);
  const panels = rows.length === 0 ? [emptyPanel(o.document, o.width, "No implication with a finite effect size", th)] : [asPanel(o.document, Plot.plot({
    ...base(o, o.width, 40 + 18 * rows.length), marginLeft, marginRight: 16,
    x: { label: effects.length === 1 ? `${effects[0]} (estimate with interval)` : "effect size (estimate with interval)", grid: true },
    y: { label: null, domain: labels, tickFormat: (d: string) => truncate(d, maxChars) },
    color: { domain: ["pass", "warn", "fail"], range: [th.pass, th.warn, th.fail] },
    marks: [
      Plot.ruleX([0], { stroke: th.muted, strokeDasharray: "4,3" }),
      Plot.ruleY(rows, { y: "label", x1: "lower", x2: "upper", stroke: "verdict", strokeWidth: 2 }),
      Plot.dot(rows, { y: "label", x: "estimate", fill: "verdict", r: 3.5 }),
    ],
  }), th)];
  return {
    title: plot.title, legend: verdictLegend(th, rows.map((r) => r.verdict)), panels,
    captions: [`${plural(rows.length, "implication")} of the graph; 0 = independent`, ...notFinite(plot.rows.length - rows.length, "implication", " (effect or interval)")],
  };
}

function residuals(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "residuals" }>): Figure {
  const th = o.theme;
  const sets = [{ label: `fitted ${plot.variable}`, values: plot.fitted }, ...plot.inputs.map((i) => ({ label: i.name, values: i.values }))];
  const columns = Math.max(1, Math.min(sets.length, Math.floor(o.width / 230)));
  const pw = Math.floor((o.width - 12 * (columns - 1)) / columns);
  const dropped: { label: string; n: number }[] = [];
  const panels = sets.map(({ label, values }) => {
    const pts: { x: number; r: number }[] = [];
    const n = Math.min(values.length, plot.standardized.length);
    for (let i = 0; i < n; i++) if (isFinite(values[i], plot.standardized[i])) pts.push({ x: values[i], r: plot.standardized[i] });
    dropped.push({ label, n: Math.max(values.length, plot.standardized.length) - pts.length });
    if (pts.length === 0) return emptyPanel(o.document, pw, `No finite residuals against ${label}`, th);
    return asPanel(o.document, Plot.plot({
      ...base(o, pw, 210), marginLeft: 44, marginRight: 10,
      x: { label, grid: true }, y: { label: `standardized residual of ${plot.variable}`, grid: true },
      marks: [
        Plot.ruleY([-2, 2], { stroke: th.muted, strokeDasharray: "4,3" }),
        Plot.ruleY([0], { stroke: th.muted }),
        Plot.dot(pts, { x: "x", y: "r", r: 1.6, fill: th.primary, fillOpacity: 0.45 }),
        Plot.lineY(pts, Plot.binX<Plot.LineYOptions>({ y: "mean" }, { x: "x", y: "r", thresholds: Math.max(5, Math.min(20, Math.round(pts.length / 12))), stroke: th.secondary, strokeWidth: 2.5 })),
      ],
    }), th);
  });
  const shown = Math.max(0, ...sets.map((s) => s.values.length));
  const same = dropped.every((d) => d.n === dropped[0].n);
  const nanCaptions = same ? notFinite(dropped[0]?.n ?? 0) : dropped.flatMap((d) => notFinite(d.n, "point", ` against ${d.label}`));
  return {
    title: plot.title, columns, panels,
    legend: [{ label: "residual", color: th.primary, shape: "dot" }, { label: "binned mean", color: th.secondary, shape: "line" }, { label: "0 and ±2", color: th.muted, shape: "dash" }],
    captions: [`${plot.rows > shown ? `a sample of ${plural(shown, "row")} of the ${plot.rows.toLocaleString("en-US")} the checks used` : plural(shown, "row")}; a flat binned mean and an even spread inside ±2 are what a well-specified mechanism gives`, ...nanCaptions],
  };
}

function reweightingSweep(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "reweighting-sweep" }>): Figure {
  const th = o.theme;
  const pts = plot.points.filter((p) => isFinite(p.t, p.parentValue, p.prediction));
  const ts = [...new Set(pts.map((p) => p.t))].sort((a, b) => a - b);
  const lo = ts[0] ?? 0, hi = ts.at(-1) ?? 1;
  const colorOf = (t: number) => {
    const f = hi === lo ? 0.5 : (t - lo) / (hi - lo);
    return mix(th.primary, th.secondary, f);
  };
  const shownTs = ts.length <= 9 ? ts : [lo, ts[Math.floor(ts.length / 2)], hi];
  const panels = pts.length === 0 ? [emptyPanel(o.document, o.width, "No finite predictions", th)] : [asPanel(o.document, Plot.plot({
    ...base(o, o.width, 240), marginLeft: 52, marginRight: 14,
    x: { label: plot.parent, grid: true }, y: { label: `predicted ${plot.variable}`, grid: true },
    color: { type: "linear", domain: [lo, hi === lo ? lo + 1 : hi], range: [th.primary, th.secondary], interpolate: "rgb" },
    marks: [
      Plot.line(pts, { x: "parentValue", y: "prediction", z: "t", stroke: "t", strokeWidth: 1.5 }),
      Plot.dot(pts, { x: "parentValue", y: "prediction", fill: "t", r: 2 }),
      ...(ts.includes(0) ? [Plot.line(pts.filter((p) => p.t === 0), { x: "parentValue", y: "prediction", stroke: th.foreground, strokeWidth: 2.5 })] : []),
    ],
  }), th)];
  return {
    title: plot.title, subtitle: verdictLine(plot.verdict), panels,
    legend: [...shownTs.map((t) => ({ label: `t = ${formatNumber(t)}${t === 0 ? " (unweighted)" : ""}`, color: t === 0 ? th.foreground : colorOf(t), shape: "line" as const }))],
    captions: [`${plural(ts.length, "tilt")}: the rows reweighted so that ${plot.parent}'s mean moves by t of its sd, ${plot.variable}'s mechanism refitted at each; parallel, coinciding lines mean a stable mechanism`, ...notFinite(plot.points.length - pts.length)],
  };
}

function environmentCoefficients(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "environment-coefficients" }>): Figure {
  const th = o.theme;
  const rows = plot.rows.filter((r) => isFinite(r.estimate, r.lower, r.upper));
  const coefficients = [...new Set(plot.rows.map((r) => r.coefficient))];
  const environments = [...new Set(plot.rows.map((r) => r.environment))];
  const columns = Math.max(1, Math.min(coefficients.length, Math.floor(o.width / 240)));
  const pw = Math.floor((o.width - 12 * (columns - 1)) / columns);
  const marginLeft = bandMargin(environments, pw);
  const panels = coefficients.map((c) => {
    const mine = rows.filter((r) => r.coefficient === c);
    if (mine.length === 0) return emptyPanel(o.document, pw, `No finite estimate of ${c}`, th);
    return asPanel(o.document, Plot.plot({
      ...base(o, pw, 40 + 20 * environments.length), marginLeft, marginRight: 12,
      x: { label: `${c} of ${plot.variable}`, grid: true },
      y: { label: null, domain: environments, tickFormat: (d: string) => truncate(d, Math.floor((marginLeft - 12) / 6)) },
      marks: [
        Plot.ruleY(mine, { y: "environment", x1: "lower", x2: "upper", stroke: th.primary, strokeWidth: 2 }),
        Plot.dot(mine, { y: "environment", x: "estimate", fill: th.primary, r: 3.5 }),
      ],
    }), th);
  });
  return {
    title: plot.title, subtitle: verdictLine(plot.verdict), columns, panels, legend: [{ label: "estimate with interval", color: th.primary, shape: "dot" }],
    captions: [`${plural(environments.length, "environment")}; intervals that do not overlap mean the mechanism differs between environments`, ...notFinite(plot.rows.length - rows.length, "estimate")],
  };
}

function loeo(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "loeo" }>): Figure {
  const th = o.theme;
  const threshold = Number.isFinite(plot.threshold) ? plot.threshold : 2;
  const rows = plot.rows.filter((r) => isFinite(r.heldOut, r.inDistribution)).map((r) => ({ ...r, limit: r.inDistribution * threshold, over: r.heldOut > r.inDistribution * threshold }));
  const environments = plot.rows.map((r) => r.environment);
  const marginLeft = bandMargin(environments, o.width);
  const panels = rows.length === 0 ? [emptyPanel(o.document, o.width, "No finite error", th)] : [asPanel(o.document, Plot.plot({
    ...base(o, o.width, 40 + 22 * environments.length), marginLeft, marginRight: 16,
    x: { label: `RMSE of ${plot.variable}`, grid: true, zero: true },
    y: { label: null, domain: environments, tickFormat: (d: string) => truncate(d, Math.floor((marginLeft - 12) / 6)) },
    marks: [
      Plot.link(rows, { x1: "inDistribution", x2: "heldOut", y1: "environment", y2: "environment", stroke: th.muted, strokeWidth: 1.5 }),
      Plot.tickX(rows, { x: "limit", y: "environment", stroke: th.fail, strokeDasharray: "3,2", strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "inDistribution", y: "environment", stroke: th.foreground, fill: o.theme.background, r: 4, strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "heldOut", y: "environment", fill: (d: { over: boolean }) => (d.over ? th.fail : th.pass), r: 4 }),
    ],
  }), th)];
  const over = rows.filter((r) => r.over).length;
  return {
    title: plot.title, subtitle: verdictLine(plot.verdict), panels,
    legend: [
      { label: "fitted with it (in-distribution)", color: th.foreground, shape: "ring" },
      { label: `without it, within ${formatNumber(threshold)}×`, color: th.pass, shape: "dot" },
      { label: `without it, over ${formatNumber(threshold)}×`, color: th.fail, shape: "dot" },
      { label: `${formatNumber(threshold)}× in-distribution`, color: th.fail, shape: "dash" },
    ],
    captions: [`${over} of ${plural(rows.length, "environment")} predicted more than ${formatNumber(threshold)}× worse when left out`, ...notFinite(plot.rows.length - rows.length, "environment", " (error)")],
  };
}

function interventionalFidelity(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "interventional-fidelity" }>): Figure {
  const th = o.theme;
  const rows = plot.rows.filter((r) => isFinite(r.observed, r.observedLower, r.observedUpper, r.predicted, r.predictedLower, r.predictedUpper));
  const interventions = plot.rows.map((r) => r.intervention);
  const marginLeft = bandMargin(interventions, o.width);
  const panels = rows.length === 0 ? [emptyPanel(o.document, o.width, "No intervention with finite means", th)] : [asPanel(o.document, Plot.plot({
    ...base(o, o.width, 40 + 30 * interventions.length), marginLeft, marginRight: 16,
    x: { label: `mean of ${plot.variable}`, grid: true },
    y: { label: null, domain: interventions, tickFormat: (d: string) => truncate(d, Math.floor((marginLeft - 12) / 6)) },
    color: { domain: ["pass", "warn", "fail"], range: [th.pass, th.warn, th.fail] },
    marks: [
      Plot.ruleY(rows, { y: "intervention", x1: "observedLower", x2: "observedUpper", stroke: th.foreground, strokeWidth: 2, dy: -5 }),
      Plot.dot(rows, { y: "intervention", x: "observed", fill: th.foreground, r: 3.5, dy: -5 }),
      Plot.ruleY(rows, { y: "intervention", x1: "predictedLower", x2: "predictedUpper", stroke: "verdict", strokeWidth: 2, dy: 5 }),
      Plot.dot(rows, { y: "intervention", x: "predicted", fill: "verdict", r: 3.5, dy: 5, symbol: "diamond" }),
    ],
  }), th)];
  return {
    title: plot.title, subtitle: verdictLine(plot.verdict), panels,
    legend: [{ label: "observed mean", color: th.foreground, shape: "dot" }, ...verdictLegend(th, rows.map((r) => r.verdict), ": do-prediction")],
    captions: [`${plural(rows.length, "intervention")} in the data (${plural(rows.reduce((s, r) => s + r.rows, 0), "row")}); each observed mean above the model's prediction for it`, ...notFinite(plot.rows.length - rows.length, "intervention", " (a mean or interval)")],
  };
}

function posteriorPredictive(o: PlotForOptions, plot: Extract<DiagnosisPlotDto, { kind: "posterior-predictive" }>): Figure {
  const th = o.theme;
  const values = plot.replicated.filter((v) => Number.isFinite(v));
  const observed = Number.isFinite(plot.observed) ? [plot.observed] : [];
  const panels = values.length === 0 ? [emptyPanel(o.document, o.width, "No finite replicated value", th)] : [asPanel(o.document, Plot.plot({
    ...base(o, o.width, 220), marginLeft: 48, marginRight: 16,
    x: { label: plot.statistic, grid: true }, y: { label: "replicated data sets", grid: true },
    marks: [
      Plot.rectY(values, Plot.binX<Plot.RectYOptions>({ y: "count" }, { x: (d: number) => d, fill: th.primary, fillOpacity: 0.6, thresholds: 24 })),
      Plot.ruleY([0], { stroke: th.muted }),
      Plot.ruleX(observed, { stroke: verdictColor(th, plot.verdict), strokeWidth: 2.5 }),
      Plot.text(observed, { x: (d: number) => d, frameAnchor: "top", dy: 4, dx: 4, textAnchor: "start", text: (d: number) => `observed ${formatNumber(d)}`, fill: th.foreground }),
    ],
  }), th)];
  return {
    title: `${plot.title} — p = ${formatNumber(plot.p)}`, subtitle: verdictLine(plot.verdict), panels,
    legend: [{ label: "replicated", color: th.primary, shape: "dot" }, { label: "observed", color: verdictColor(th, plot.verdict), shape: "line" }],
    captions: [`${plural(values.length, "replicated data set")}; p is the share at least as extreme as the observed value`, ...notFinite(plot.replicated.length - values.length, "replicated value"), ...(observed.length ? [] : ["the observed value is not finite, not drawn"])],
  };
}

/** Linear mix of two #rrggbb colours (anything else: the first). */
function mix(a: string, b: string, f: number): string {
  const pa = /^#([0-9a-f]{6})$/i.exec(a), pb = /^#([0-9a-f]{6})$/i.exec(b);
  if (!pa || !pb) return a;
  const ca = parseInt(pa[1], 16), cb = parseInt(pb[1], 16);
  const ch = (s: number) => Math.round(((ca >> s) & 255) * (1 - f) + ((cb >> s) & 255) * f);
  return `#${((ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).padStart(6, "0")}`;
}

/** The plot of one DiagnosisPlot: a standalone <svg> (class "diagnosis-plot", data-plot-kind, data-plot-id). */
export function plotFor(plot: DiagnosisPlotDto, options: PlotForOptions): SVGSVGElement {
  const o = { ...options, width: Math.max(240, options.width) };
  switch (plot.kind) {
    case "local-tests": return compose(o, plot, localTests(o, plot));
    case "residuals": return compose(o, plot, residuals(o, plot));
    case "reweighting-sweep": return compose(o, plot, reweightingSweep(o, plot));
    case "environment-coefficients": return compose(o, plot, environmentCoefficients(o, plot));
    case "loeo": return compose(o, plot, loeo(o, plot));
    case "interventional-fidelity": return compose(o, plot, interventionalFidelity(o, plot));
    case "posterior-predictive": return compose(o, plot, posteriorPredictive(o, plot));
    default: {
      const never: never = plot;
      throw new Error(`plotFor: unknown plot kind ${JSON.stringify((never as { kind: string }).kind)}`);
    }
  }
}
