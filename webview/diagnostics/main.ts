/**
 * The diagnostics panel's script (bundled to dist/webview/diagnostics.js): the header with the
 * overall verdict, a progress bar with Cancel while the diagnose job runs, then one group per
 * variable (failing first: its verdict badge, its sentence, its plots, a collapsible table of its
 * checks), a group for the graph's implied independencies, what the checks cannot see and what was
 * not checked. Plots come from ./plots.ts (Observable Plot), drawn in the theme's colours (VS Code's
 * CSS variables, read at drawing time, redrawn when the theme or the width changes); each has SVG and
 * PNG buttons that post exportPlot with the image (computed styles inlined, the theme's background).
 * Messages: src/protocol/diagnostics-messages.ts, validated on receipt and before sending.
 */
import { svgToPng } from "../export";
import { currentTheme, el, redrawOnThemeOrResize, serialisePlot } from "../plot-page";
import {
  DIAGNOSTICS_PROTOCOL_VERSION, FromDiagnosticsPanel, parseToDiagnosticsPanel,
  type DiagnoseCheckDto, type DiagnosisPlotDto, type DiagnosisReportDto, type EvidenceDto, type ToDiagnosticsPanel, type VariableEvidenceDto,
} from "../../src/protocol/diagnostics-messages";
import { plotFileName, plotFor, type PlotTheme } from "./plots";
import { exportFileName } from "../../src/protocol/export-names";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const api = acquireVsCodeApi();

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Causal Studio diagnostics panel: the page has no #${id}`);
  return el as T;
};
const title = byId("diag-title"), summary = byId("diag-summary"), verdictBadge = byId("diag-verdict"), counts = byId("diag-counts"), meta = byId("diag-meta");
const progressSection = byId("diag-progress"), bar = byId<HTMLProgressElement>("diag-bar"), checkLabel = byId("diag-check"), cancelButton = byId<HTMLButtonElement>("diag-cancel");
const status = byId("diag-status"), groups = byId("groups");

let runId = -1;
let dataName = "";
let report: DiagnosisReportDto | undefined;
let pendingFocus: string | undefined;
let frame = 0;

function post(message: FromDiagnosticsPanel): void {
  const checked = FromDiagnosticsPanel.safeParse(message);
  if (checked.success) api.postMessage(checked.data);
  else console.error(`Causal Studio diagnostics panel: not sent: ${checked.error.issues[0]?.message}`);
}


const setState = (s: "idle" | "running" | "done" | "failed") => void (document.body.dataset.state = s);

// ---- formatting ----

const VERDICT_ORDER: Record<EvidenceDto, number> = { fail: 0, warn: 1, pass: 2, untested: 3 };

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/** A p-value as printed: exact to its log10 where it underflows double precision. */
function fmtP(p: number | null, log10: number | null): string {
  if (p === null) return "—";
  if ((p === 0 || p < 1e-300) && log10 !== null && Number.isFinite(log10)) return `10^${log10.toFixed(1)}`;
  if (p < 1e-3) return p.toExponential(1);
  return String(Number(p.toPrecision(2)));
}

function statisticText(c: DiagnoseCheckDto): string {
  const df = c.df.length ? ` on ${c.df.length === 1 ? fmt(c.df[0]) : `(${c.df.map(fmt).join(", ")})`} df` : "";
  return `${c.statisticName} ${fmt(c.statistic)}${df}`;
}

const badge = (v: EvidenceDto) => el("span", { className: `badge ${v}`, text: v, attrs: { "data-verdict": v } });
const basename = (f: string) => f.split(/[\\/]/).pop() || f;

// ---- the report ----

function checksTable(indices: number[], r: DiagnosisReportDto): HTMLDetailsElement | undefined {
  const checks = indices.map((i) => r.checks[i]).filter((c): c is DiagnoseCheckDto => !!c);
  if (!checks.length) return undefined;
  const head = el("tr", {}, ...["verdict", "check", "statistic", "p", "Holm p"].map((h) => el("th", { text: h })));
  const rows = checks.map((c) => el("tr", { attrs: { "data-verdict": c.verdict } },
    el("td", {}, badge(c.verdict)), el("td", { className: "check-text", text: c.text }), el("td", { className: "num", text: statisticText(c) }),
    el("td", { className: "num", text: fmtP(c.p, c.log10P) }), el("td", { className: "num", text: fmtP(c.pAdjusted, c.log10PAdjusted) })));
  const worst = checks.filter((c) => c.verdict !== "pass").length;
  return el("details", { className: "checks" },
    el("summary", { text: `${checks.length} check${checks.length === 1 ? "" : "s"}${worst ? ` (${worst} not passing)` : ""}` }),
    el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
}

/** The name the save dialog suggests, as every export names files: <model stem>-<plot id>.<ext> (src/protocol/export-names.ts). */
const exportName = (plot: DiagnosisPlotDto, format: "svg" | "png") => exportFileName(report?.file ?? "diagnosis", plot.id, format);

function plotFigure(plot: DiagnosisPlotDto): HTMLElement {
  const svgButton = el("button", { className: "export", text: "SVG", attrs: { "data-format": "svg", title: `Save this plot as SVG (${exportName(plot, "svg")})` } });
  const pngButton = el("button", { className: "export", text: "PNG", attrs: { "data-format": "png", title: `Save this plot as PNG at 2× (${exportName(plot, "png")})` } });
  const figure = el("figure", { className: "plot", attrs: { "data-plot-id": plot.id, "data-plot-kind": plot.kind } }, el("div", { className: "plot-toolbar" }, svgButton, pngButton), el("div", { className: "plot-body" }));
  for (const b of [svgButton, pngButton]) b.addEventListener("click", () => void exportPlot(plot, b.dataset.format as "svg" | "png", figure));
  plotsById.set(plot.id, plot);
  return figure;
}

const plotsById = new Map<string, DiagnosisPlotDto>();

function variableGroup(v: VariableEvidenceDto, r: DiagnosisReportDto): HTMLElement {
  const link = el("button", { className: "variable-link", text: v.variable, attrs: { title: `Go to the declaration of ${v.variable}` } });
  link.addEventListener("click", () => post({ type: "openSource", variable: v.variable }));
  const plots = v.plots.map((id) => r.plots.find((p) => p.id === id)).filter((p): p is DiagnosisPlotDto => !!p);
  const section = el("section", { className: "group variable-group", attrs: { "data-variable": v.variable, "data-verdict": v.verdict, tabindex: "-1", "aria-label": `${v.variable}: ${v.verdict}` } },
    el("h3", {}, link, badge(v.verdict)),
    el("p", { className: "sentence", text: v.sentence }));
  if (plots.length) section.append(el("div", { className: "plots" }, ...plots.map(plotFigure)));
  const table = checksTable(v.checks, r);
  if (table) section.append(table);
  return section;
}

function localTestsGroup(r: DiagnosisReportDto): HTMLElement | undefined {
  const indices = r.checks.map((c, i) => (c.kind === "local-test" ? i : -1)).filter((i) => i >= 0);
  const plots = r.plots.filter((p) => p.kind === "local-tests");
  if (!indices.length && !plots.length) return undefined;
  const verdicts = indices.map((i) => r.checks[i].verdict);
  const worst: EvidenceDto = verdicts.includes("fail") ? "fail" : verdicts.includes("warn") ? "warn" : verdicts.length ? "pass" : "untested";
  const section = el("section", { className: "group", attrs: { id: "local-tests-group", "data-group": "local-tests", "data-verdict": worst, tabindex: "-1" } },
    el("h3", {}, el("span", { className: "group-title", text: "The graph against the data: implied independencies" }), badge(worst)));
  const violated = r.violated.map((v) => el("li", { attrs: { "data-verdict": v.verdict } }, badge(v.verdict), " ", v.sentence));
  section.append(violated.length ? el("ul", { className: "violated" }, ...violated) : el("p", { className: "sentence", text: indices.length ? `None of the graph's ${indices.length} tested implication${indices.length === 1 ? "" : "s"} is contradicted by the data.` : "No implication of the graph was tested." }));
  if (plots.length) section.append(el("div", { className: "plots" }, ...plots.map(plotFigure)));
  const table = checksTable(indices, r);
  if (table) section.append(table);
  return section;
}

function renderReport(r: DiagnosisReportDto): void {
  report = r;
  plotsById.clear();
  title.textContent = `Diagnosis of ${r.model}`;
  verdictBadge.className = `badge ${r.verdict}`;
  verdictBadge.dataset.verdict = r.verdict;
  verdictBadge.textContent = r.verdict;
  counts.textContent = `${r.counts.fail} fail · ${r.counts.warn} warn · ${r.counts.pass} pass`;
  const params = r.params.source === "file" ? `params from ${basename(r.params.file ?? "")}` : r.params.source === "fitted" ? "params fitted to these data" : "no params";
  meta.textContent = [`on ${dataName || basename(r.data.file)} (${r.data.rows.toLocaleString("en-US")} rows)`, `alpha ${r.alpha}`, ...(r.environment ? [`environments from "${r.environment}"`] : []), ...(r.interventions ? [`interventions from "${r.interventions}"`] : []), params].join(", ");
  summary.hidden = false;

  const variables = [...r.variables].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  const sections: HTMLElement[] = variables.map((v) => variableGroup(v, r));
  const local = localTestsGroup(r);
  // The graph's own evidence goes right after the variables it flags, before those that pass.
  if (local) {
    const firstBetter = variables.findIndex((v) => VERDICT_ORDER[v.verdict] > VERDICT_ORDER[local.dataset.verdict as EvidenceDto]);
    sections.splice(firstBetter < 0 ? sections.length : firstBetter, 0, local);
  }
  const claimed = new Set([...r.variables.flatMap((v) => v.plots), ...r.plots.filter((p) => p.kind === "local-tests").map((p) => p.id)]);
  const others = r.plots.filter((p) => !claimed.has(p.id));
  if (others.length) sections.push(el("section", { className: "group", attrs: { "data-group": "other-plots" } }, el("h3", { text: "Other plots" }), el("div", { className: "plots" }, ...others.map(plotFigure))));
  if (r.cannotSee.length) sections.push(el("aside", { attrs: { id: "cannot-see" } }, el("h3", { text: "What these checks cannot see" }), el("ul", {}, ...r.cannotSee.map((s) => el("li", { text: s })))));
  if (r.skipped.length) {
    sections.push(el("section", { attrs: { id: "not-checked" } }, el("h3", { text: "Not checked" }),
      el("ul", {}, ...r.skipped.map((s) => el("li", {}, el("strong", { text: [s.check, s.variable ?? s.implication].filter(Boolean).join(" of ") }), `: ${s.reason}`)))));
  }
  groups.replaceChildren(...sections);
  draw();
  if (pendingFocus) focusVariable(pendingFocus);
}

/** (Re)draws every plot at its column's width in the current theme. */
function draw(): void {
  frame = 0;
  const theme = currentTheme();
  let drawn = 0;
  for (const figure of groups.querySelectorAll<HTMLElement>("figure.plot")) {
    const plot = plotsById.get(figure.dataset.plotId ?? "");
    const body = figure.querySelector<HTMLElement>(".plot-body");
    if (!plot || !body) continue;
    const width = Math.max(280, Math.min(Math.floor(body.clientWidth || figure.clientWidth || 640), 980));
    try {
      body.replaceChildren(plotFor(plot, { document, width, theme }));
      drawn++;
    } catch (e) {
      body.replaceChildren(el("p", { className: "plot-error", text: `This plot could not be drawn: ${e instanceof Error ? e.message : String(e)}` }));
    }
  }
  document.body.dataset.plotsDrawn = String(drawn);
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? "0") + 1);
}

const schedule = () => void (report && (frame ||= requestAnimationFrame(draw)));

function focusVariable(variable: string): void {
  const target = [...groups.querySelectorAll<HTMLElement>("section.variable-group")].find((s) => s.dataset.variable === variable);
  if (!target) {
    pendingFocus = report ? undefined : variable;
    return;
  }
  pendingFocus = undefined;
  for (const s of groups.querySelectorAll(".focused")) s.classList.remove("focused");
  target.classList.add("focused");
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

// ---- export ----

async function exportPlot(plot: DiagnosisPlotDto, format: "svg" | "png", figure: HTMLElement): Promise<void> {
  const svg = figure.querySelector<SVGSVGElement>("svg.diagnosis-plot");
  if (!svg) return;
  try {
    const text = serialisePlot(svg, currentTheme().background);
    const data = format === "svg" ? text : await svgToPng(text);
    post({ type: "exportPlot", id: plot.id, format, fileName: exportName(plot, format), data });
  } catch (e) {
    status.textContent = `Could not export ${plotFileName(plot, format)}: ${e instanceof Error ? e.message : String(e)}`;
    status.classList.add("error");
  }
}

// ---- messages ----

function started(m: Extract<ToDiagnosticsPanel, { type: "diagnosisStarted" }>): void {
  runId = m.runId;
  dataName = m.data;
  report = undefined;
  title.textContent = `Diagnosing ${m.model} on ${m.data}`;
  summary.hidden = true;
  groups.replaceChildren();
  progressSection.hidden = false;
  bar.max = 1;
  bar.value = 0;
  checkLabel.textContent = "Starting the model process and reading the data…";
  cancelButton.disabled = false;
  status.textContent = "";
  setState("running");
}

const current = (id: number) => id === runId || runId === -1;

function handle(m: ToDiagnosticsPanel): void {
  if (m.type !== "focusVariable") status.classList.remove("error");
  switch (m.type) {
    case "diagnosisStarted": return started(m);
    case "diagnosisProgress":
      if (!current(m.runId)) return;
      bar.max = Math.max(1, m.total);
      bar.value = Math.min(m.done, m.total);
      checkLabel.textContent = `${m.check} (${Math.min(m.done + 1, m.total)}/${m.total})`;
      return;
    case "diagnosisDone":
      if (!current(m.runId)) return;
      runId = m.runId;
      progressSection.hidden = true;
      status.textContent = "";
      setState("done");
      return renderReport(m.report);
    case "diagnosisFailed":
      if (!current(m.runId)) return;
      progressSection.hidden = true;
      status.textContent = m.message;
      status.classList.add("error");
      setState("failed");
      return;
    case "focusVariable": return focusVariable(m.variable);
    default: {
      const never: never = m;
      void never;
    }
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  const parsed = parseToDiagnosticsPanel(event.data);
  if (parsed.ok) handle(parsed.message);
  else console.error(parsed.error);
});
cancelButton.addEventListener("click", () => {
  post({ type: "cancelDiagnosis", runId });
  cancelButton.disabled = true;
  checkLabel.textContent = "Cancelling…";
});
redrawOnThemeOrResize(schedule);
setState("idle");
post({ type: "diagnosticsReady", version: DIAGNOSTICS_PROTOCOL_VERSION });
