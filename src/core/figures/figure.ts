/**
 * A figure a script hands back for drawing: what a sample's `main` returns as `{ figures }` and
 * `causal-studio run --plots DIR` writes as SVG files, and the run panel draws beside the script's
 * output. Plain data (numbers and strings), so it crosses processes as JSON; src/protocol/figure-messages.ts
 * validates it on receipt (a type-level test pins the two together) and webview/figures/ draws it
 * with Observable Plot.
 *
 * One chart per figure: a numeric x and y axis with line, interval, histogram and rule marks, a
 * categorical x axis of bar marks, or a grid of image marks. Each line, interval, histogram or bar
 * mark belongs to a `series`, which picks its colour and legend entry; marks with the same series
 * share them. Series named "pass", "warn" and "fail" are drawn in the verdict colours (green,
 * yellow, red in the theme's shades).
 *
 * Image figures are grids, not scatterplots: Observable Plot sizes images in pixels, not data units,
 * and what a sample shows (original / reconstruction / do(...) / counterfactual for a few examples)
 * reads best as labelled rows and columns. Each image mark names its cell by `row` and `column`
 * (strings: rows top to bottom and columns left to right in the order they first appear, a cell
 * used once); the figure's x axis label heads the columns, its y axis label the rows. Every cell is
 * the same square, sized to fit the columns across the panel's width (at most 160 px), and each
 * picture is scaled into it keeping its aspect ratio, centred, pixels kept sharp (no smoothing) so a
 * small generated image can be read when scaled up.
 */
export interface FigureAxis {
  label: string;
  /** Default "linear"; "log" needs positive values. */
  scale?: "linear" | "log";
  /** Fixed ends of the axis; by default the data's extent. */
  domain?: [number, number];
}

export interface FigurePoint { x: number; y: number }
export interface FigureIntervalPoint { x: number; y: number; lo: number; hi: number }
export interface FigureBar { label: string; value: number; lo?: number; hi?: number }

export type FigureMark =
  /** Points joined in the order given, each drawn as a dot. */
  | { kind: "line"; series: string; points: FigurePoint[] }
  /** A dot at y with a vertical bar from lo to hi at each x (an estimate and its interval). */
  | { kind: "interval"; series: string; points: FigureIntervalPoint[] }
  /** The values binned on x (bins: default about 30), y the count; several histograms overlay, translucent. */
  | { kind: "histogram"; series: string; values: number[]; bins?: number }
  /** One bar per label on a categorical x axis; several bar marks stand side by side per label. */
  | { kind: "bar"; series: string; bars: FigureBar[] }
  /** A reference line across the chart at x = value (axis "x") or y = value (axis "y"), labelled at its end. */
  | { kind: "rule"; axis: "x" | "y"; value: number; label?: string }
  /**
   * A PNG in the grid's cell (`row`, `column`); a figure with image marks holds only image marks, and
   * its axes take no `scale` or `domain`. `src` is a `data:image/png;base64,...` URI (no other kind of
   * image, no URL: a figure is self-contained and the panel loads nothing); `title` is its tooltip.
   */
  | { kind: "image"; row: string; column: string; src: string; title?: string };

export interface Figure {
  /** Names the figure's file (`<id>.svg`) and tells figures apart in the panel. */
  id: string;
  title: string;
  /** A sentence under the chart: what it shows, where its reference values come from. */
  caption?: string;
  x: FigureAxis;
  y: FigureAxis;
  marks: FigureMark[];
}

/** What a script's `main` may return: an exit code, or figures (and an exit code) for the run panel and `run --plots`. */
export interface ScriptResult {
  exitCode?: number;
  figures?: Figure[];
}

/** The most marks' points (or histogram values) one figure may carry: a panel stays responsive, an SVG file stays small. */
export const MAX_FIGURE_VALUES = 100_000;
/** The most characters of image `src` data URIs (ASCII, so bytes) one figure may carry in all: 2 MiB, the images' JSON and SVG size. */
export const MAX_FIGURE_IMAGE_BYTES = 2 * 1024 * 1024;
