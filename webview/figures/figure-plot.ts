/**
 * Draws a figure a script returned from `main` (FigureDto, src/protocol/figure-messages.ts) with
 * Observable Plot into a given `document`: the run panel's page, or a server-side DOM for
 * `causal-studio run --plots` (src/cli/figure-svg.ts). One standalone <svg> in the diagnostics plots'
 * frame (webview/diagnostics/figure.ts: title, legend, chart, caption).
 *
 * Numeric x: line (a path with a dot per point), interval (a dot with a vertical bar lo..hi),
 * histogram (binned on shared thresholds, so several series overlay translucently on the same bins,
 * not stacked), rule (a dashed reference line with its label). Categorical x: bar marks, one bar per
 * label and series side by side, with an interval (a vertical line lo..hi) where lo/hi are given. Each series has one
 * colour from the theme's palette, in the order series first appear; the legend names them.
 *
 * Image marks: a grid (Plot.image on a band x of columns and a band y of rows), the column names
 * above it and the row names to its left, every cell one square of `imageCell` pixels; each PNG is
 * fitted into its square keeping its aspect ratio ("meet") and drawn pixelated, since the pictures a
 * sample shows are small generated images scaled up. In the CLI's SVG each one is an
 * <image href="data:image/png;base64,..."> (base64 needs no XML escaping), so the file stands alone.
 */
import * as Plot from "@observablehq/plot";
import type { FigureDto, FigureMarkDto } from "../../src/protocol/figure-messages";
import { asPanel, compose, type LegendItem, plural, type PlotForOptions, type PlotTheme, truncate } from "../diagnostics/figure";

export { LIGHT_PLOT_THEME, type PlotForOptions, type PlotTheme } from "../diagnostics/figure";

/** Series colours: the theme's two chart colours, then its green and red, then fixed hues that read on light and dark backgrounds. */
export function seriesPalette(th: PlotTheme): string[] {
  return [th.primary, th.secondary, th.pass, th.fail, "#9b59d0", th.warn, "#16a3a3", "#c0548e", th.muted];
}

type Rule = Extract<FigureMarkDto, { kind: "rule" }>;
type ImageMark = Extract<FigureMarkDto, { kind: "image" }>;
type Series = Exclude<FigureMarkDto, Rule | ImageMark>;

/** Pixels per grid cell: the columns share the plot's width (so the grid never runs past the panel), at most 160 px each. */
function imageCell(columns: number, plotWidth: number): number {
  return Math.max(1, Math.min(160, Math.floor(plotWidth / Math.max(1, columns))));
}

/** A label cut with "…" where it would pass `px` (about 6 px a character at the figures' 10 px font). */
const fit = (px: number) => (l: string) => truncate(l, Math.max(3, Math.floor(px / 6)));

function imageGrid(images: ImageMark[], fig: FigureDto, o: PlotForOptions, width: number, style: Record<string, string>): Element {
  const rows = [...new Set(images.map((m) => m.row))], columns = [...new Set(images.map((m) => m.column))];
  // Row names to the left take what the longest needs, up to a third of the width; the columns share the rest.
  const marginLeft = Math.round(Math.min(width / 3, Math.max(40, 14 + 6 * Math.max(...rows.map((r) => r.length)) + (fig.y.label ? 16 : 0))));
  const marginRight = 10, marginTop = fig.x.label ? 40 : 24, marginBottom = 8;
  const cell = imageCell(columns.length, width - marginLeft - marginRight);
  const gap = Math.min(6, Math.round(cell * 0.06));
  return Plot.plot({
    document: o.document, style, marginLeft, marginRight, marginTop, marginBottom,
    width: marginLeft + marginRight + cell * columns.length, height: marginTop + marginBottom + cell * rows.length,
    x: { type: "band", domain: columns, padding: 0, axis: "top", label: fig.x.label || null, labelAnchor: "center", tickSize: 0, tickFormat: fit(cell) },
    y: { type: "band", domain: rows, padding: 0, label: fig.y.label || null, labelAnchor: "center", tickSize: 0, tickFormat: fit(marginLeft - (fig.y.label ? 22 : 8)) },
    marks: [Plot.image(images, {
      x: "column", y: "row", src: "src", width: cell - gap, height: cell - gap, imageRendering: "pixelated",
      title: (m: ImageMark) => m.title ?? `${m.row}, ${m.column}`,
    })],
  });
}

/** A safe file name for a figure: `<id>.svg` (ids are already letters, digits, ".", "_" and "-"). */
export const figureFileName = (f: Pick<FigureDto, "id">, format: "svg" | "png" = "svg") => `${f.id}.${format}`;

export function figurePlot(fig: FigureDto, o: PlotForOptions): SVGSVGElement {
  const th = o.theme;
  const seriesMarks = fig.marks.filter((m): m is Series => m.kind !== "rule" && m.kind !== "image");
  const images = fig.marks.filter((m): m is ImageMark => m.kind === "image");
  const rules = fig.marks.filter((m): m is Rule => m.kind === "rule");
  const names = [...new Set(seriesMarks.map((m) => m.series))];
  const palette = seriesPalette(th);
  // Series named "pass", "warn" or "fail" take the theme's verdict colours; the others the palette, in order.
  const verdict: Record<string, string> = { pass: th.pass, warn: th.warn, fail: th.fail };
  const others = names.filter((n) => !verdict[n]);
  const colorOf = new Map(names.map((s) => [s, verdict[s] ?? palette[others.indexOf(s) % palette.length]]));
  const color = { domain: names, range: names.map((s) => colorOf.get(s)!) };
  const legend: LegendItem[] = names.length > 1 || rules.length ? names.map((s) => ({
    label: s, color: colorOf.get(s)!, shape: seriesMarks.find((m) => m.series === s)!.kind === "line" ? "line" : "dot",
  })) : [];
  const width = Math.max(160, Math.round(o.width));
  const style = { background: "transparent", color: th.foreground, fontSize: "10px" };
  const ruleMarks = (axis: "x" | "y") => rules.filter((r) => r.axis === axis).flatMap((r) => [
    axis === "x" ? Plot.ruleX([r.value], { stroke: th.muted, strokeDasharray: "4,3" }) : Plot.ruleY([r.value], { stroke: th.muted, strokeDasharray: "4,3" }),
    ...(r.label ? [axis === "x"
      ? Plot.text([r.value], { x: (d: number) => d, frameAnchor: "top", text: () => r.label!, textAnchor: "start", dx: 4, dy: 2, fill: th.muted })
      : Plot.text([r.value], { y: (d: number) => d, frameAnchor: "right", text: () => r.label!, textAnchor: "end", dy: -6, fill: th.muted })] : []),
  ]);
  const axisOptions = (a: FigureDto["x"]) => ({ label: a.label, type: a.scale ?? "linear", ...(a.domain ? { domain: a.domain } : {}), grid: true } as const);
  let values = 0;
  let chart: Element;

  const bars = seriesMarks.filter((m): m is Extract<Series, { kind: "bar" }> => m.kind === "bar");
  if (images.length) {
    values = images.length;
    chart = imageGrid(images, fig, o, width, style);
  } else if (bars.length) {
    const rows = bars.flatMap((m) => m.bars.map((b) => ({ series: m.series, ...b })));
    values = rows.length;
    const labels = [...new Set(rows.map((r) => r.label))];
    // Side by side only where some label has several series; series that split the labels (pass / fail) colour one row of bars.
    const grouped = labels.some((l) => rows.filter((r) => r.label === l).length > 1);
    const pos = grouped ? { fx: "label", x: "series" } : { x: "label" };
    const whiskers = rows.filter((r) => r.lo !== undefined);
    // Labels wider than their band are turned (-30°), with the bottom margin they then need (about 6 px a character).
    const chars = Math.max(...labels.map((l) => l.length));
    const turn = chars * 6.2 > (width - 60) / labels.length;
    const ticks = turn ? { tickRotate: -30, tickFormat: (l: string) => (l.length > 40 ? `${l.slice(0, 39)}…` : l) } : {};
    const marginBottom = turn ? 24 + Math.round(Math.min(40, chars) * 3.2) : grouped ? 40 : 34;
    // A turned first label reaches left of its band by about its length × cos 30°.
    const first = Math.min(40, labels[0]?.length ?? 0) * 5.4 - (width - 60) / labels.length / 2;
    const marginLeft = turn ? Math.round(Math.min(width * 0.3, Math.max(50, first))) : 50;
    chart = Plot.plot({
      document: o.document, width, height: 280 + (turn ? marginBottom - 34 : 0), style, marginBottom, marginLeft,
      ...(grouped ? { fx: { label: fig.x.label, domain: labels, padding: 0.15, ...ticks }, x: { axis: null, domain: names, padding: 0.08 } } : { x: { label: fig.x.label, domain: labels, padding: 0.25, ...ticks } }),
      y: { ...axisOptions(fig.y), zero: fig.y.scale !== "log" },
      color,
      marks: [
        Plot.barY(rows, { ...pos, y: "value", fill: "series", title: (r: (typeof rows)[number]) => `${r.series}, ${r.label}: ${r.value}` }),
        Plot.ruleX(whiskers, { ...pos, y1: "lo", y2: "hi", stroke: th.foreground, strokeWidth: 2 }),
        ...ruleMarks("y"),
      ],
    });
  } else {
    const marks: Plot.Markish[] = [];
    const hist = seriesMarks.filter((m): m is Extract<Series, { kind: "histogram" }> => m.kind === "histogram");
    if (hist.length) {
      const data = hist.flatMap((m) => m.values.map((v) => ({ series: m.series, v })));
      values += data.length;
      const thresholds = hist.find((m) => m.bins !== undefined)?.bins ?? 30;
      // y2 (not y) keeps the bins of several series overlaid rather than stacked.
      // (binX groups by the fill channel, so each series is counted on its own; Plot's typings omit it from binX's inputs.)
      const binned = { x: "v", fill: "series", fillOpacity: hist.length > 1 ? 0.45 : 0.8, thresholds, inset: 0.5 } as Plot.BinXInputs<Plot.RectYOptions>;
      marks.push(Plot.rectY(data, Plot.binX({ y2: "count" }, binned)));
      marks.push(Plot.ruleY([0], { stroke: th.muted }));
    }
    for (const m of seriesMarks) {
      if (m.kind === "line") {
        values += m.points.length;
        const pts = m.points.map((p) => ({ ...p, series: m.series }));
        marks.push(Plot.line(pts, { x: "x", y: "y", stroke: "series", strokeWidth: 1.8 }), Plot.dot(pts, { x: "x", y: "y", fill: "series", r: 2.5 }));
      } else if (m.kind === "interval") {
        values += m.points.length;
        const pts = m.points.map((p) => ({ ...p, series: m.series }));
        marks.push(Plot.ruleX(pts, { x: "x", y1: "lo", y2: "hi", stroke: "series", strokeWidth: 1.5 }), Plot.dot(pts, { x: "x", y: "y", fill: "series", r: 3 }));
      }
    }
    marks.push(...ruleMarks("x"), ...ruleMarks("y"));
    chart = Plot.plot({
      document: o.document, width, height: 280, style, marginLeft: 50,
      x: axisOptions(fig.x), y: { ...axisOptions(fig.y), ...(hist.length && fig.y.scale !== "log" ? { zero: true } : {}) },
      color, marks,
    });
  }
  const panel = asPanel(o.document, chart, th);
  const svg = compose(o, { id: fig.id, kind: "figure" }, {
    title: fig.title, legend, panels: [panel],
    captions: [...(fig.caption ? [fig.caption] : []), ...(values === 0 ? ["nothing to draw: every mark is empty"] : [])],
  });
  svg.setAttribute("class", "diagnosis-plot script-figure");
  svg.setAttribute("data-figure-id", fig.id);
  svg.setAttribute("data-values", String(values));
  svg.setAttribute("aria-description", images.length
    ? `${plural(images.length, "image")} in ${plural(new Set(images.map((m) => m.row)).size, "row")} and ${plural(new Set(images.map((m) => m.column)).size, "column")}`
    : `${plural(values, "value")} in ${plural(names.length, "series", "series")}`);
  return svg;
}
