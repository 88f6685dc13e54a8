/**
 * `causal-studio run --plots <dir>`: each figure a script's `main` returned as a standalone SVG file,
 * drawn by the run panel's own builder (webview/figures/figure-plot.ts, Observable Plot) in a
 * server-side DOM (linkedom), light theme on a white background, like `diagnose --plots`
 * (plot-svg.ts). Loaded only when --plots is given.
 */
import { parseHTML } from "linkedom";
import { svgXml } from "./svg-xml";
import type { FigureDto } from "../protocol/figure-messages";
import { figureFileName, figurePlot, LIGHT_PLOT_THEME } from "../../webview/figures/figure-plot";
import { DEFAULT_PLOT_WIDTH } from "./plot-svg";

/** One SVG per figure, in order: `name` is `<id>.svg` (ids are unique and file-safe: the schema checked them). */
export function renderFigureSvgs(figures: FigureDto[], width = DEFAULT_PLOT_WIDTH): { name: string; svg: string }[] {
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  return figures.map((f) => {
    const svg = figurePlot(f, { document: document as unknown as Document, width, theme: LIGHT_PLOT_THEME, background: true });
    return { name: figureFileName(f), svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svgXml(svg)}\n` };
  });
}
