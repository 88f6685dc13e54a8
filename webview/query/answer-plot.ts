/**
 * The plot of a query's answer, one or two worlds (observed / seeing vs intervened, factual vs
 * counterfactual), drawn with Observable Plot in VS Code's chart colours:
 *   - a continuous target (a mean with its spread): each world's density histogram, its mean marked by
 *     a vertical rule with its value, and its 90% interval as a bar over the plot;
 *   - a discrete target: bars per value and world, the values in numeric order (named levels when the
 *     model names them), labels thinned (every k-th) or, for long names, set upright so they never
 *     overlap, the y axis scaled to the data from 0 (not fixed at 0-1);
 *   - a mean without spread (exact) or a probability: one bar per world.
 * Every label uses estimate-text.ts, so the plot shows the same digits as the table. Each drawn
 * element carries its numbers as data-* attributes (tests and screen readers read what is drawn).
 * Plot's own <style> elements are dropped (the webview's CSP allows no inline styles).
 */
import * as Plot from "@observablehq/plot";
import type { AnswerDto, SpreadDto, WorldAnswerDto } from "../../src/protocol/messages";
import { valueText } from "../../src/protocol/estimate-text";

export interface Row { world: string; value: string; p: number; se: number }

/** One row per (world, value) for a distribution, or per world for a mean / probability. */
export function answerRows(w: WorldAnswerDto): Row[] {
  const a = w.answer;
  if (a.type === "distribution") return a.rows.map((r) => ({ world: w.label, value: String(r.value), p: r.estimate.value, se: r.estimate.standardError }));
  return [{ world: w.label, value: a.type === "mean" ? `E[${a.variable}]` : a.event ? `P(${a.event})` : "P(event)", p: a.estimate.value, se: a.estimate.standardError }];
}

/** A value's axis label: the level's name when the model names it, else the number. */
export function levelLabel(value: string, levels?: readonly string[]): string {
  const i = Number(value);
  return levels && Number.isInteger(i) && i >= 0 && i < levels.length ? levels[i] : value;
}

function cssColour(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function colours(worlds: readonly WorldAnswerDto[]): (world: string) => string {
  const c = [cssColour("--vscode-charts-foreground", "#888888"), cssColour("--vscode-charts-blue", "#1a85ff")];
  const labels = worlds.map((w) => w.label);
  return (world) => (labels.length === 1 ? c[1] : c[labels.indexOf(world)] ?? c[1]);
}

const foreground = () => cssColour("--vscode-editor-foreground", "#1f1f1f");
const CHAR_PX = 6.6;

function finish(chart: Element): Element {
  for (const s of chart.querySelectorAll("style")) s.remove();
  chart.classList.add("answer-plot");
  return chart;
}

/** Matches Plot's drawn elements to their data by their (unique) title text and copies the numbers onto them. */
function tag<T>(chart: Element, selector: string, data: T[], title: (d: T) => string, attrs: (d: T) => Record<string, string>): void {
  const byTitle = new Map(data.map((d) => [title(d), d]));
  for (const e of chart.querySelectorAll(selector)) {
    const d = byTitle.get(e.querySelector("title")?.textContent ?? "");
    if (d) for (const [k, v] of Object.entries(attrs(d))) e.setAttribute(k, v);
  }
}

/** The plot for one or two worlds' answers for `target`; `levels` names a categorical target's values. */
export function answerPlot(worlds: WorldAnswerDto[], target: string, width: number, levels?: readonly string[]): Element {
  const spread = worlds.map((w) => (w.answer.type === "mean" ? w.answer.spread : undefined));
  if (spread.every((s) => s?.histogram?.length)) return densityPlot(worlds, target, width);
  return barPlot(worlds, target, width, levels);
}

interface Bin { world: string; x0: number; x1: number; density: number }
interface Marker { world: string; mean: number; se: number; low?: number; high?: number; row: number }

function densityPlot(worlds: WorldAnswerDto[], target: string, width: number): Element {
  const colourOf = colours(worlds);
  const fg = foreground();
  const bins: Bin[] = [];
  const markers: Marker[] = [];
  worlds.forEach((w, i) => {
    const a = w.answer as Extract<AnswerDto, { type: "mean" }>;
    const s = a.spread as SpreadDto;
    for (const b of s.histogram ?? []) bins.push({ world: w.label, ...b });
    markers.push({ world: w.label, mean: a.estimate.value, se: a.estimate.standardError, ...(s.interval ? { low: s.interval.low, high: s.interval.high } : {}), row: i });
  });
  const top = Math.max(...bins.map((b) => b.density), 1e-12);
  // The interval bars sit above the histograms, one row per world.
  const rowY = (m: Marker) => top * (1.14 + 0.16 * (worlds.length - 1 - m.row));
  const num = (m: Marker, x: number) => valueText(x, m.se);
  const binTitle = (b: Bin) => `${b.world}: ${target} in [${b.x0}, ${b.x1}), density ${b.density}`;
  const meanTitle = (m: Marker) => `${m.world}: mean of ${target} = ${num(m, m.mean)}`;
  const intervalTitle = (m: Marker) => `${m.world}: 90% of ${target} in [${num(m, m.low!)}, ${num(m, m.high!)}]`;
  const withInterval = markers.filter((m) => m.low !== undefined && m.high !== undefined);
  const chart = Plot.plot({
    width, height: 210 + 14 * worlds.length, marginLeft: 50, marginTop: 20, marginBottom: 34, marginRight: 16,
    style: { background: "transparent", color: fg, fontSize: "11px" },
    x: { label: target, nice: true },
    y: { label: "density", grid: true, domain: [0, rowY({ row: -1 } as Marker) * 1.02] },
    marks: [
      Plot.rectY(bins, { x1: "x0", x2: "x1", y: "density", fill: (b: Bin) => colourOf(b.world), fillOpacity: 0.3, stroke: (b: Bin) => colourOf(b.world), strokeOpacity: 0.9, title: binTitle, className: "histogram" }),
      Plot.ruleY([0], { stroke: fg }),
      Plot.ruleX(markers, { x: "mean", y1: 0, y2: top * 1.05, stroke: (m: Marker) => colourOf(m.world), strokeWidth: 2, title: meanTitle, className: "mean" }),
      Plot.ruleY(withInterval, { y: rowY, x1: "low", x2: "high", stroke: (m: Marker) => colourOf(m.world), strokeWidth: 4, title: intervalTitle, className: "interval" }),
      Plot.dot(withInterval, { x: "mean", y: rowY, r: 3.5, fill: (m: Marker) => colourOf(m.world), stroke: "none" }),
      Plot.text(markers, { x: "mean", y: rowY, text: (m: Marker) => `mean ${num(m, m.mean)}`, dy: -9, fill: fg, className: "mean-label" }),
    ],
  });
  tag(chart, "rect", bins, binTitle, (b) => ({ "data-world": b.world, "data-x0": String(b.x0), "data-x1": String(b.x1), "data-density": String(b.density) }));
  tag(chart, "line", markers, meanTitle, (m) => ({ "data-world": m.world, "data-mean": String(m.mean), "data-mean-text": num(m, m.mean) }));
  tag(chart, "line", withInterval, intervalTitle, (m) => ({ "data-world": m.world, "data-low": String(m.low), "data-high": String(m.high) }));
  chart.setAttribute("data-kind", "density");
  return finish(chart);
}

function barPlot(worlds: WorldAnswerDto[], target: string, width: number, levels?: readonly string[]): Element {
  const data = worlds.flatMap(answerRows);
  const labels = worlds.map((w) => w.label);
  const probability = worlds.every((w) => w.answer.type !== "mean");
  const discrete = worlds.some((w) => w.answer.type === "distribution");
  const colourOf = colours(worlds);
  const fg = foreground();
  // Numeric order (not string order: 0, 1, 2, ..., 10, not 0, 1, 10, 2).
  const values = [...new Set(data.map((d) => d.value))].sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
  const label = (v: string) => (discrete ? levelLabel(v, levels) : v);
  const marginLeft = 46, marginRight = 8;
  const facet = (width - marginLeft - marginRight) / Math.max(1, values.length);
  const widest = Math.max(...values.map((v) => label(v).length)) * CHAR_PX + 6;
  // Labels fit flat, or every k-th one flat, or (named levels, long) upright and every k-th one (a line apart).
  const rotate = widest > facet && levels !== undefined && discrete;
  const step = rotate ? Math.max(1, Math.ceil(16 / facet)) : Math.max(1, Math.ceil(widest / facet));
  const shown = new Set(values.filter((_, i) => i % step === 0));
  const hiOf = (d: Row) => d.p + 1.96 * d.se;
  const lo = (d: Row) => (probability ? Math.max(0, d.p - 1.96 * d.se) : d.p - 1.96 * d.se);
  const hi = (d: Row) => (probability ? Math.min(1, hiOf(d)) : hiOf(d));
  const text = (d: Row) => valueText(d.p, d.se);
  const title = (d: Row) => `${d.world}: ${probability && discrete ? `P(${target} = ${label(d.value)})` : d.value} = ${text(d)}${d.se ? ` ± ${valueText(d.se, d.se)}` : ""}`;
  // The y axis spans the data (from 0), leaving room for the value labels; never above 1 for probabilities.
  const yMax = Math.max(1e-9, ...data.map(hi)) * 1.15;
  const barWidth = facet / Math.max(1, labels.length) * 0.84;
  const labelled = data.filter((d) => text(d).length * CHAR_PX <= barWidth + 4);
  const bottom = rotate ? Math.min(120, 16 + widest) : 32;
  const chart = Plot.plot({
    width, height: 158 + bottom, marginLeft, marginRight, marginTop: 18, marginBottom: bottom,
    style: { background: "transparent", color: fg, fontSize: "11px" },
    fx: { label: probability && discrete ? target : null, padding: values.length > 8 ? 0.08 : 0.15, domain: values, tickFormat: (v: string) => (shown.has(v) ? label(v) : ""), ...(rotate ? { tickRotate: -90 } : {}) },
    x: { axis: null, domain: labels, padding: 0.08 },
    y: probability ? { label: "probability", domain: [0, Math.min(1, yMax)], grid: true, nice: yMax < 1 } : { label: `mean of ${target}`, grid: true, nice: true, zero: true },
    marks: [
      Plot.barY(data, { fx: "value", x: "world", y: "p", fill: (d: Row) => colourOf(d.world), title, ariaLabel: "answer" }),
      Plot.ruleX(data, { fx: "value", x: "world", y1: lo, y2: hi, stroke: fg, strokeWidth: 1.5 }),
      Plot.text(labelled, { fx: "value", x: "world", y: "p", text, dy: -7, fill: fg, className: "value-label" }),
      Plot.ruleY([0], { stroke: fg }),
    ],
  });
  tag(chart, "rect", data, title, (d) => ({ "data-world": d.world, "data-value": d.value, "data-label": label(d.value), "data-estimate": String(d.p), "data-standard-error": String(d.se) }));
  chart.setAttribute("data-kind", discrete ? "bars" : "means");
  return finish(chart);
}
