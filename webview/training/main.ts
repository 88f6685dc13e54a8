/**
 * The training panel's script (bundled to dist/webview/training.js): one loss curve per mechanism,
 * drawn with Observable Plot as progress arrives (redrawn at most once per animation frame), the
 * steps/s line, Stop and Kill, and at the end the fitted-params table with standard errors.
 * Messages: src/protocol/training-messages.ts, validated on receipt and before sending. Colours
 * come from VS Code's theme variables (--vscode-charts-*, editor foreground), read when drawing.
 */
import * as Plot from "@observablehq/plot";
import { groupParamRows } from "../../src/protocol/param-groups";
import { FromTrainingPanel, parseToTrainingPanel, TRAINING_PROTOCOL_VERSION, type ToTrainingPanel, type TrainingDone, type TrainingProgress } from "../../src/protocol/training-messages";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const api = acquireVsCodeApi();

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Causal Studio training panel: the page has no #${id}`);
  return el as T;
};
const title = byId("training-title"), rate = byId("training-rate"), status = byId("training-status"), curves = byId("curves");
const stopButton = byId<HTMLButtonElement>("training-stop"), killButton = byId<HTMLButtonElement>("training-kill");
const paramsSection = byId("params-section");

interface Point { step: number; loss: number }
let runId = -1;
let series = new Map<string, { method: string; points: Point[] }>();
let last: TrainingProgress | undefined;
let frame = 0;

function post(message: FromTrainingPanel): void {
  const checked = FromTrainingPanel.safeParse(message);
  if (checked.success) api.postMessage(checked.data);
}

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
const PALETTE = ["--vscode-charts-blue", "--vscode-charts-orange", "--vscode-charts-green", "--vscode-charts-purple", "--vscode-charts-red", "--vscode-charts-yellow"];

function draw(): void {
  frame = 0;
  curves.replaceChildren();
  const fg = css("--vscode-editor-foreground", "#333");
  [...series].forEach(([mechanism, s], i) => {
    const figure = document.createElement("figure");
    figure.className = "curve";
    figure.dataset.mechanism = mechanism;
    const caption = document.createElement("figcaption");
    const lastLoss = s.points.at(-1)?.loss;
    caption.textContent = `${mechanism} (${s.method})${lastLoss !== undefined ? ` — loss ${lastLoss.toPrecision(5)}` : ""}`;
    figure.append(caption);
    curves.append(figure); // laid out first, so the plot is drawn at its column's width (not scaled down)
    const color = css(PALETTE[i % PALETTE.length], ["#3794ff", "#d18616", "#388a34", "#652d90", "#f14c4c", "#cca700"][i % 6]);
    // One point only (closed form, counts): a dot; more: the line through them.
    const marks = s.points.length > 1
      ? [Plot.lineY(s.points, { x: "step", y: "loss", stroke: color, strokeWidth: 1.5 }), Plot.dot(s.points.slice(-1), { x: "step", y: "loss", fill: color, r: 2.5 })]
      : [Plot.dot(s.points, { x: "step", y: "loss", fill: color, r: 3.5 })];
    const chart = Plot.plot({
      width: Math.max(240, Math.min((figure.clientWidth || 560) - 10, 900)), height: 160, marginLeft: 56,
      style: { background: "transparent", color: fg, fontSize: "11px" },
      x: { label: "step", grid: true }, y: { label: "loss (NLL / row)", grid: true, nice: true },
      marks: [Plot.ruleY([Math.min(...s.points.map((p) => p.loss))], { stroke: fg, strokeOpacity: 0.15 }), ...marks],
    });
    figure.append(chart);
  });
}

const schedule = () => void (frame ||= requestAnimationFrame(draw));

function started(m: Extract<ToTrainingPanel, { type: "trainingStarted" }>): void {
  runId = m.runId;
  series = new Map();
  last = undefined;
  title.textContent = `Training ${m.model} on ${m.data}`;
  status.textContent = "Starting the model process and reading the data…";
  rate.textContent = "";
  paramsSection.hidden = true;
  stopButton.disabled = killButton.disabled = false;
  curves.replaceChildren();
}

function progress(m: TrainingProgress): void {
  if (m.runId !== runId) return;
  last = m;
  if (m.loss !== null) {
    const s = series.get(m.mechanism) ?? { method: m.method, points: [] };
    s.method = m.method;
    const prev = s.points.at(-1);
    if (prev && prev.step === m.step) prev.loss = m.loss;
    else s.points.push({ step: m.step, loss: m.loss });
    series.set(m.mechanism, s);
  }
  const of = m.steps ? `step ${m.step}/${m.steps}` : `step ${m.step}`;
  status.textContent = `${m.mechanism} (${m.method}): ${m.epochs ? `epoch ${m.epoch}/${m.epochs}, ` : ""}${of}`;
  rate.textContent = `${m.stepsPerSecond.toFixed(1)} steps/s`;
  schedule();
}

function fmt(x: number | null | undefined): string {
  if (x === null) return "n/a (singular)";
  if (x === undefined) return "—";
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(6);
}

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = c;
    tr.append(td);
  }
  return tr;
}

function done(m: TrainingDone): void {
  if (m.runId !== runId) return;
  stopButton.disabled = killButton.disabled = true;
  // The result's final loss is each curve's last point (closed-form mechanisms report nothing before it).
  for (const mech of m.mechanisms) {
    if (mech.finalLoss === null) continue;
    const s = series.get(mech.mechanism) ?? { method: mech.method, points: [] };
    if (!s.points.length || s.points.at(-1)!.loss !== mech.finalLoss) s.points.push({ step: Math.max(mech.steps, (s.points.at(-1)?.step ?? 0) + (s.points.length ? 1 : 0)), loss: mech.finalLoss });
    s.method = mech.method;
    series.set(mech.mechanism, s);
  }
  draw();
  const rateText = m.stepsPerSecond !== undefined ? `${m.stepsPerSecond.toFixed(1)} steps/s` : last ? `${last.stepsPerSecond.toFixed(1)} steps/s` : "";
  rate.textContent = [rateText, m.backend ? `backend ${m.backend}` : ""].filter(Boolean).join(", ");
  status.textContent = `${m.stopped ? "Stopped early — kept what was learned" : "Done"}: ${m.rows.toLocaleString("en-US")} rows in ${(m.elapsedMs / 1000).toFixed(1)} s; wrote ${m.paramsFile}`;
  const params = paramsSection.querySelector("#params tbody")!, mechs = paramsSection.querySelector("#mechanisms tbody")!;
  params.replaceChildren(...groupParamRows(m.params).flatMap((g) => g.kind === "summary"
    ? [row([g.name, `${g.count} values, from ${fmt(g.min)} to ${fmt(g.max)}`, "—"])]
    : g.rows.map((p) => row([p.name, fmt(p.value), fmt(p.standardError)]))));
  mechs.replaceChildren(...m.mechanisms.map((x) => row([x.mechanism, x.method, fmt(x.finalLoss), String(x.steps) + (x.converged ? "" : " (not converged)")])));
  paramsSection.hidden = false;
}

function failed(m: Extract<ToTrainingPanel, { type: "trainingFailed" }>): void {
  if (m.runId !== runId) return;
  stopButton.disabled = killButton.disabled = true;
  status.textContent = m.message;
  status.classList.add("error");
}

function handle(m: ToTrainingPanel): void {
  status.classList.remove("error");
  switch (m.type) {
    case "trainingStarted": return started(m);
    case "trainingProgress": return progress(m);
    case "trainingDone": return done(m);
    case "trainingFailed": return failed(m);
    default: {
      const never: never = m;
      void never;
    }
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  const parsed = parseToTrainingPanel(event.data);
  if (parsed.ok) handle(parsed.message);
  else console.error(parsed.error);
});
stopButton.addEventListener("click", () => (post({ type: "stopTraining", runId }), (stopButton.disabled = true), (status.textContent = "Stopping after the current step…")));
killButton.addEventListener("click", () => post({ type: "stopTraining", runId, kill: true }));
window.addEventListener("resize", schedule);
post({ type: "trainingReady", version: TRAINING_PROTOCOL_VERSION });
