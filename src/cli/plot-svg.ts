/**
 * `causal-studio diagnose --plots <dir>`: every plot of a DiagnosisReport as a standalone SVG file,
 * drawn by the diagnostics panel's own builders (webview/diagnostics/plots.ts, Observable Plot) in
 * a server-side DOM (linkedom: small, and Plot needs no layout or text measurement from it). Light
 * theme on a white background rect, so the files read the same in any viewer.
 *
 * The CLI loads this module only when --plots is given (diagnose-command.ts imports it lazily), so
 * linkedom and Plot cost nothing on other commands.
 */
import { parseHTML } from "linkedom";
import { svgXml } from "./svg-xml";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import { LIGHT_PLOT_THEME, plotFileName, plotFor } from "../../webview/diagnostics/plots";

export const DEFAULT_PLOT_WIDTH = 720;

/** One SVG per plot of the report, in its order: `name` is a safe file name (the plot's id, made unique), `svg` the file's text. */
export function renderPlotSvgs(report: DiagnosisReport, width = DEFAULT_PLOT_WIDTH): { name: string; svg: string }[] {
  const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");
  const used = new Set<string>();
  return report.plots.map((plot) => {
    let name = plotFileName(plot, "svg");
    for (let k = 2; used.has(name.toLowerCase()); k++) name = plotFileName({ ...plot, id: `${plot.id}-${k}` }, "svg");
    used.add(name.toLowerCase());
    const svg = plotFor(plot, { document: document as unknown as Document, width, theme: LIGHT_PLOT_THEME, background: true });
    return { name, svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svgXml(svg)}\n` };
  });
}
