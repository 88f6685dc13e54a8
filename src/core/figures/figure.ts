/**
 * A figure a script hands back for drawing: what a sample's `main` returns as `{ figures }` and
 * `causal-studio run --plots DIR` writes as SVG files, and the run panel draws beside the script's
 * output. Plain data (numbers and strings), so it crosses processes as JSON; src/protocol/figure-messages.ts
 * validates it on receipt (a type-level test pins the two together) and webview/figures/ draws it
 * with Observable Plot.
 *
 * One chart per figure: a numeric x and y axis with line, interval, histogram and rule marks, or a
 * categorical x axis of bar marks. Each mark belongs to a `series`, which picks its colour and
 * legend entry; marks with the same series share them. Series named "pass", "warn" and "fail" are
 * drawn in the verdict colours (green, yellow, red in the theme's shades).
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
  | { kind: "rule"; axis: "x" | "y"; value: number; label?: string };

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
