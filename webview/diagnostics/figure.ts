/**
 * The frame every diagnostics plot is drawn in (plots.ts has one builder per plot kind): the theme and
 * options, safe file names and number text, and `compose`, which lays a figure out as one standalone
 * <svg> — the title wrapped to the width, a legend where colour carries meaning, the chart panels (in
 * columns for small multiples), and the captions that say what was left out.
 */
import type { DiagnosisPlotDto } from "../../src/protocol/diagnostics-messages";

export const SVG_NS = "http://www.w3.org/2000/svg";

/** The colours a plot is drawn with: the panel reads them from VS Code's theme; the CLI uses LIGHT_PLOT_THEME. */
export interface PlotTheme {
  /** Behind the plot (drawn only with `background: true`, as in exports and the CLI's files). */
  background: string;
  /** Text, axes, and what carries no verdict. */
  foreground: string;
  /** Secondary text (captions), reference lines. */
  muted: string;
  pass: string;
  warn: string;
  fail: string;
  /** Data points without a verdict (residuals, histograms, coefficient estimates). */
  primary: string;
  /** The other end of the tilt colour scale (reweighting sweep); the binned-mean line of residuals. */
  secondary: string;
  fontFamily: string;
}

/** VS Code's Light+ chart colours on white: the CLI's files. */
export const LIGHT_PLOT_THEME: PlotTheme = {
  background: "#ffffff", foreground: "#1f1f1f", muted: "#6e6e6e",
  pass: "#388a34", warn: "#bf8803", fail: "#e51400", primary: "#1a85ff", secondary: "#d18616",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
};

export interface PlotForOptions {
  /** Where the elements are made: the page's document, or a server-side DOM's. */
  document: Document;
  /** Total width in pixels (the panel's column, or the CLI's default 720). */
  width: number;
  theme: PlotTheme;
  /** Paint a background rect in theme.background (exports and files); the panel shows the page behind instead. */
  background?: boolean;
}

/** A safe file name for a plot: its id with anything but letters, digits, ".", "_" and "-" made "-", plus the extension. */
export function plotFileName(plot: Pick<DiagnosisPlotDto, "id" | "kind">, format: "svg" | "png" = "svg"): string {
  const base = (plot.id || plot.kind).normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 120);
  return `${base || "plot"}.${format}`;
}

/** Formats a number for a caption or title: 3 significant digits, exponent for the very small or large. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(3)).toString();
}

export const isFinite = (...xs: number[]) => xs.every((x) => Number.isFinite(x));
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
export const notFinite = (n: number, what = "point", where = "") => (n > 0 ? [`${plural(n, what)} not finite${where}, not drawn`] : []);

export interface Panel { node: SVGElement; width: number; height: number }
export interface LegendItem { label: string; color: string; shape: "dot" | "ring" | "line" | "dash" }
export interface Figure { title: string; subtitle?: string; legend?: LegendItem[]; panels: Panel[]; columns?: number; captions: string[] }

/** Plot's own <svg> becomes a <g> (a nested <svg> would take Plot's `height: auto` style as 100%), keeping its class and text defaults. */
export function asPanel(doc: Document, chart: Element, theme: PlotTheme): Panel {
  const width = Number(chart.getAttribute("width")), height = Number(chart.getAttribute("height"));
  const g = doc.createElementNS(SVG_NS, "g") as SVGGElement;
  for (const a of ["class", "fill", "font-family", "font-size", "text-anchor"]) {
    const v = chart.getAttribute(a);
    if (v !== null) g.setAttribute(a, v);
  }
  g.setAttribute("color", theme.foreground);
  g.setAttribute("data-plot-area", "");
  g.setAttribute("data-width", String(width));
  g.setAttribute("data-height", String(height));
  while (chart.firstChild) g.appendChild(chart.firstChild);
  return { node: g, width, height };
}

/** A panel with nothing to draw: says so in its place. */
export function emptyPanel(doc: Document, width: number, message: string, theme: PlotTheme): Panel {
  const g = doc.createElementNS(SVG_NS, "g") as SVGGElement;
  g.setAttribute("data-empty", "");
  const t = text(doc, message, width / 2, 30, { size: 12, fill: theme.muted, anchor: "middle" });
  g.appendChild(t);
  return { node: g, width, height: 50 };
}

export function text(doc: Document, content: string, x: number, y: number, o: { size: number; fill: string; weight?: string; anchor?: string }): SVGTextElement {
  const t = doc.createElementNS(SVG_NS, "text") as SVGTextElement;
  t.setAttribute("x", String(x));
  t.setAttribute("y", String(y));
  t.setAttribute("font-size", String(o.size));
  t.setAttribute("fill", o.fill);
  if (o.weight) t.setAttribute("font-weight", o.weight);
  if (o.anchor) t.setAttribute("text-anchor", o.anchor);
  t.textContent = content;
  return t;
}

/** Greedy word wrap to about `chars` characters a line (no text measurement: the CLI's DOM has none). */
export function wrap(s: string, chars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > chars) (lines.push(line), (line = word));
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

export const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s);

/** Lays out the title, legend, panels and caption in one <svg>. */
export function compose(o: PlotForOptions, plot: { id: string; kind: string }, f: Figure): SVGSVGElement {
  const doc = o.document, th = o.theme, width = Math.round(o.width);
  const svg = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  svg.setAttribute("xmlns", SVG_NS);
  svg.setAttribute("class", "diagnosis-plot");
  svg.setAttribute("data-plot-kind", plot.kind);
  svg.setAttribute("data-plot-id", plot.id);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", f.title);
  svg.setAttribute("font-family", th.fontFamily);
  svg.setAttribute("color", th.foreground);
  const titleEl = doc.createElementNS(SVG_NS, "title");
  titleEl.textContent = f.title;
  svg.appendChild(titleEl);
  const body: SVGElement[] = [];
  let y = 0;
  for (const line of wrap(f.title, Math.max(20, Math.floor(width / 7.2)))) body.push(text(doc, line, 0, (y += 17) - 4, { size: 13, weight: "600", fill: th.foreground }));
  if (f.subtitle) for (const line of wrap(f.subtitle, Math.max(20, Math.floor(width / 6.2)))) body.push(text(doc, line, 0, (y += 15) - 3, { size: 11, fill: th.muted }));
  if (f.legend?.length) {
    y += 4;
    let x = 0, rowY = y + 12;
    for (const item of f.legend) {
      const w = 18 + item.label.length * 6.2 + 14;
      if (x > 0 && x + w > width) (x = 0), (rowY += 16);
      const g = doc.createElementNS(SVG_NS, "g");
      g.setAttribute("class", "legend-item");
      g.appendChild(swatch(doc, item, x + 6, rowY - 4, th));
      g.appendChild(text(doc, item.label, x + 16, rowY, { size: 11, fill: th.foreground }));
      body.push(g as SVGElement);
      x += w;
    }
    y = rowY + 6;
  }
  y += 4;
  const columns = Math.max(1, Math.min(f.columns ?? 1, f.panels.length));
  for (let i = 0; i < f.panels.length; i += columns) {
    const row = f.panels.slice(i, i + columns);
    let x = 0;
    for (const p of row) {
      p.node.setAttribute("transform", `translate(${x},${y})`);
      body.push(p.node);
      x += p.width + 12;
    }
    y += Math.max(...row.map((p) => p.height)) + 6;
  }
  for (const c of f.captions) for (const line of wrap(c, Math.max(20, Math.floor(width / 6.2)))) body.push(text(doc, line, 0, (y += 15) - 3, { size: 11, fill: th.muted }));
  const height = Math.ceil(y + 6);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  if (o.background) {
    const bg = doc.createElementNS(SVG_NS, "rect");
    bg.setAttribute("class", "background");
    for (const [k, v] of [["x", "0"], ["y", "0"], ["width", String(width)], ["height", String(height)], ["fill", th.background]]) bg.setAttribute(k, v);
    svg.appendChild(bg);
  }
  for (const el of body) svg.appendChild(el);
  return svg;
}

export function swatch(doc: Document, item: LegendItem, cx: number, cy: number, th: PlotTheme): SVGElement {
  if (item.shape === "line" || item.shape === "dash") {
    const l = doc.createElementNS(SVG_NS, "line") as SVGElement;
    for (const [k, v] of [["x1", cx - 6], ["x2", cx + 6], ["y1", cy], ["y2", cy]] as const) l.setAttribute(k, String(v));
    l.setAttribute("stroke", item.color);
    l.setAttribute("stroke-width", "2");
    if (item.shape === "dash") l.setAttribute("stroke-dasharray", "3,2");
    return l;
  }
  const c = doc.createElementNS(SVG_NS, "circle") as SVGElement;
  c.setAttribute("cx", String(cx));
  c.setAttribute("cy", String(cy));
  c.setAttribute("r", "4");
  if (item.shape === "ring") (c.setAttribute("fill", th.background), c.setAttribute("stroke", item.color), c.setAttribute("stroke-width", "1.5"));
  else c.setAttribute("fill", item.color);
  return c;
}
