/**
 * The run panel (webview, "Causal Studio: Run Script"): at most one, owned by the Ctx. It shows one
 * run at a time: the script and its arguments, its output as it comes, then the figures its main
 * returned. Messages are src/protocol/figure-messages.ts, validated both ways; what was posted for
 * the current run is replayed when the webview (re)loads (output kept up to a cap, oldest dropped).
 * From the webview: Cancel (to the run's listener) and a figure's SVG or PNG export (a save dialog,
 * then an atomic write; nothing the webview sends chooses the file).
 */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import { createChartPanel, wireChartPanel } from "./chart-panel";
import { writeFileAtomic } from "../core/io/atomic-write";
import { scriptExportName } from "../protocol/export-names";
import { parseFromRunPanel, type ToRunPanel, ToRunPanel as ToRunPanelSchema } from "../protocol/figure-messages";
import { pngBody, svgBody } from "./diagnostics-panel";
import { runHtml } from "./run-html";

export interface RunPanelHandle {
  post(message: ToRunPanel): void;
  /** The user pressed Cancel in the panel for run `runId`. */
  onCancel(listener: (runId: number) => void): void;
  reveal(): void;
}

/** Output replayed to a reloaded panel: at most this many characters (the webview keeps as many). */
const REPLAY_OUTPUT_CHARS = 2_000_000;

export class RunPanel implements RunPanelHandle {
  static readonly viewType = "causalStudio.run";
  private ready = false;
  private history: ToRunPanel[] = [];
  private outputChars = 0;
  private script: string | undefined;
  private cancelListener: ((runId: number) => void) | undefined;

  static create(extensionUri: vscode.Uri, log: (m: string) => void, onDispose: () => void): RunPanel {
    return new RunPanel(createChartPanel(extensionUri, { viewType: RunPanel.viewType, title: "Run", html: runHtml, script: "run.js", style: "run.css" }), log, onDispose);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly log: (m: string) => void, onDispose: () => void) {
    wireChartPanel(panel, { receive: (raw) => void this.receive(raw), hidden: () => void (this.ready = false), disposed: onDispose });
  }

  post(message: ToRunPanel): void {
    const checked = ToRunPanelSchema.parse(message);
    if (checked.type === "runStarted") (this.history = []), (this.outputChars = 0), (this.script = checked.script);
    this.history.push(checked);
    if (checked.type === "runOutput") {
      this.outputChars += checked.text.length;
      while (this.outputChars > REPLAY_OUTPUT_CHARS) {
        const i = this.history.findIndex((h) => h.type === "runOutput");
        if (i < 0) break;
        this.outputChars -= (this.history[i] as Extract<ToRunPanel, { type: "runOutput" }>).text.length;
        this.history.splice(i, 1);
      }
    }
    if (this.ready) void this.panel.webview.postMessage(checked);
  }

  onCancel(listener: (runId: number) => void): void {
    this.cancelListener = listener;
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseFromRunPanel(raw);
    if (!parsed.ok) return this.log(parsed.error);
    const m = parsed.message;
    switch (m.type) {
      case "runPanelReady":
        this.ready = true;
        for (const h of this.history) void this.panel.webview.postMessage(h);
        return;
      case "cancelRun":
        this.cancelListener?.(m.runId);
        return;
      case "exportFigure":
        return this.exportFigure(m.id, m.format, m.data);
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private async exportFigure(id: string, format: "svg" | "png", data: string): Promise<void> {
    const body = format === "svg" ? svgBody(data) : pngBody(data);
    if (!body) return void vscode.window.showErrorMessage(`Causal Studio: the panel sent no ${format.toUpperCase()} image for "${id}"; nothing was written.`);
    const script = this.script;
    const name = scriptExportName(script ?? "run", id, format); // <script stem (a main.ts: its folder)>-<figure id>.<ext>
    const folder = script && !script.startsWith("untitled") ? vscode.Uri.file(dirname(script)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters: format === "svg" ? { SVG: ["svg"] } : { PNG: ["png"] } });
    if (!target) return;
    await writeFileAtomic(target.fsPath, body);
    void vscode.window.showInformationMessage(`Causal Studio: exported ${basename(target.fsPath)}`);
  }
}
