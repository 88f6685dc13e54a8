/**
 * The run panel's script (bundled to dist/webview/run.js): the script's name and arguments with its
 * state (running, exit code and time, failed), Cancel while it runs, its output as it arrives
 * (stderr marked), then the figures `main` returned, each drawn by ./figure-plot.ts in the theme's
 * colours (redrawn when the theme or the width changes) with SVG and PNG export buttons.
 * Messages: src/protocol/figure-messages.ts, validated on receipt and before sending.
 */
import { svgToPng } from "../export";
import { currentTheme, el, redrawOnThemeOrResize, serialisePlot } from "../plot-page";
import { scriptExportName } from "../../src/protocol/export-names";
import { type FigureDto, FromRunPanel, parseToRunPanel, RUN_PANEL_PROTOCOL_VERSION, type ToRunPanel } from "../../src/protocol/figure-messages";
import { figurePlot } from "./figure-plot";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const api = acquireVsCodeApi();

const byId = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Causal Studio run panel: the page has no #${id}`);
  return el as T;
};
const title = byId("run-title"), state = byId("run-state"), command = byId("run-command"), cancel = byId<HTMLButtonElement>("run-cancel");
const status = byId("run-status"), output = byId("run-output"), figuresEl = byId("figures");

/** The most output text the panel keeps (over it, the oldest goes, with a note saying how much). */
const MAX_OUTPUT_CHARS = 2_000_000;
let runId = -1;
let script = "";
let figures: FigureDto[] = [];
let frame = 0;
let dropped = 0;
/** Characters of output the panel shows (the stream spans, not the note). */
let kept = 0;

function post(message: FromRunPanel): void {
  const checked = FromRunPanel.safeParse(message);
  if (checked.success) api.postMessage(checked.data);
  else console.error(`Causal Studio run panel: not sent: ${checked.error.issues[0]?.message}`);
}


function setState(s: "idle" | "running" | "done" | "failed", label: string): void {
  document.body.dataset.state = s;
  state.textContent = label;
}

/** The script's name as the title shows it: a sample's main.ts with its folder (`causal-bandits/main.ts`). */
const basename = (f: string) => {
  const parts = f.split(/[\\/]/).filter(Boolean);
  const name = parts.pop() ?? f;
  return /^main\.[cm]?[jt]s$/i.test(name) && parts.length ? `${parts.pop()}/${name}` : name;
};
const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

function append(text: string, stream: "stdout" | "stderr"): void {
  const last = output.lastElementChild as HTMLElement | null;
  if (last && last.dataset.stream === stream) last.textContent += text;
  else output.append(el("span", { className: stream, text, attrs: { "data-stream": stream } }));
  // A running count, not output.textContent per chunk: a long run's output would make every append read it all.
  kept += text.length;
  // Over the cap, the oldest text goes down to 90% of it (so the next chunks do not trim again), cutting
  // into a span where one stream wrote it all rather than dropping the whole span.
  let excess = kept > MAX_OUTPUT_CHARS ? kept - Math.floor(0.9 * MAX_OUTPUT_CHARS) : 0;
  for (let first = output.querySelector<HTMLElement>("span[data-stream]"); excess > 0 && first; first = output.querySelector<HTMLElement>("span[data-stream]")) {
    const t = first.textContent ?? "";
    const cut = Math.min(excess, t.length);
    if (cut === t.length) first.remove();
    else first.textContent = t.slice(cut);
    kept -= cut;
    dropped += cut;
    excess -= cut;
  }
  if (dropped) {
    let note = output.querySelector<HTMLElement>("span.note");
    if (!note) output.prepend((note = el("span", { className: "note" })));
    note.textContent = `(${dropped.toLocaleString("en-US")} earlier characters not kept)\n`;
  }
  if (output.scrollHeight - output.scrollTop - output.clientHeight < 40) output.scrollTop = output.scrollHeight;
}

// ---- figures ----

const exportName = (f: FigureDto, format: "svg" | "png") => scriptExportName(script || "run", f.id, format);

function figureBox(f: FigureDto): HTMLElement {
  const svgButton = el("button", { className: "export", text: "SVG", attrs: { "data-format": "svg", title: `Save this figure as SVG (${exportName(f, "svg")})` } });
  const pngButton = el("button", { className: "export", text: "PNG", attrs: { "data-format": "png", title: `Save this figure as PNG at 2× (${exportName(f, "png")})` } });
  const box = el("figure", { className: "plot", attrs: { "data-figure-id": f.id } }, el("div", { className: "plot-toolbar" }, svgButton, pngButton), el("div", { className: "plot-body" }));
  for (const b of [svgButton, pngButton]) b.addEventListener("click", () => void exportFigure(f, b.dataset.format as "svg" | "png", box));
  return box;
}

/** (Re)draws every figure at its box's width in the current theme. */
function draw(): void {
  frame = 0;
  const theme = currentTheme();
  let drawn = 0;
  for (const box of figuresEl.querySelectorAll<HTMLElement>("figure.plot")) {
    const f = figures.find((x) => x.id === box.dataset.figureId);
    const body = box.querySelector<HTMLElement>(".plot-body");
    if (!f || !body) continue;
    const width = Math.max(280, Math.min(Math.floor(body.clientWidth || box.clientWidth || 640), 980));
    try {
      body.replaceChildren(figurePlot(f, { document, width, theme }));
      drawn++;
    } catch (e) {
      body.replaceChildren(el("p", { className: "plot-error", text: `This figure could not be drawn: ${e instanceof Error ? e.message : String(e)}` }));
    }
  }
  document.body.dataset.figuresDrawn = String(drawn);
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? "0") + 1);
}

const schedule = () => void (figures.length && (frame ||= requestAnimationFrame(draw)));

async function exportFigure(f: FigureDto, format: "svg" | "png", box: HTMLElement): Promise<void> {
  const svg = box.querySelector<SVGSVGElement>("svg.script-figure");
  if (!svg) return;
  try {
    const text = serialisePlot(svg, currentTheme().background);
    const data = format === "svg" ? text : await svgToPng(text);
    post({ type: "exportFigure", id: f.id, format, fileName: exportName(f, format), data });
  } catch (e) {
    status.textContent = `Could not export ${exportName(f, format)}: ${e instanceof Error ? e.message : String(e)}`;
    status.classList.add("error");
  }
}

// ---- messages ----

function handle(m: ToRunPanel): void {
  if (m.type === "runStarted") {
    runId = m.runId;
    script = m.script;
    figures = [];
    dropped = 0;
    kept = 0;
    title.textContent = `Running ${basename(m.script)}`;
    command.textContent = ["main(", JSON.stringify(m.args).slice(1, -1), ")"].join("");
    output.replaceChildren();
    figuresEl.replaceChildren();
    status.textContent = "";
    status.classList.remove("error");
    cancel.hidden = false;
    cancel.disabled = false;
    setState("running", "running");
    document.body.dataset.renders = "0";
    return;
  }
  if (m.runId !== runId) return;
  switch (m.type) {
    case "runOutput": return append(m.text, m.stream);
    case "runDone":
      cancel.hidden = true;
      title.textContent = basename(script);
      setState(m.exitCode === 0 ? "done" : "failed", `exit ${m.exitCode} · ${seconds(m.elapsedMs)}`);
      figures = m.figures;
      status.textContent = figures.length ? "" : "main returned no figures (a script returns { figures } to draw them here).";
      figuresEl.replaceChildren(...figures.map(figureBox));
      if (figures.length) draw();
      return;
    case "runFailed":
      cancel.hidden = true;
      title.textContent = basename(script);
      setState("failed", "failed");
      status.textContent = m.message;
      status.classList.add("error");
      return;
    default: {
      const never: never = m;
      void never;
    }
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  const parsed = parseToRunPanel(event.data);
  if (parsed.ok) handle(parsed.message);
  else console.error(parsed.error);
});
cancel.addEventListener("click", () => {
  post({ type: "cancelRun", runId });
  cancel.disabled = true;
  status.textContent = "Cancelling…";
});
redrawOnThemeOrResize(schedule);
setState("idle", "idle");
post({ type: "runPanelReady", version: RUN_PANEL_PROTOCOL_VERSION });
