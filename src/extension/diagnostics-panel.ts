/**
 * The diagnostics panel (webview, "Causal Studio: Diagnose Model…"): at most one, owned by the Ctx.
 * It shows one diagnosis at a time: progress while the job runs, then the report, a group of plots
 * and a plain verdict per variable. Messages are src/protocol/diagnostics-messages.ts, validated both
 * ways; what was posted for the current run is replayed when the webview (re)loads. From the
 * webview: Cancel (to the run's listener), a click on a variable's heading (reveal its declaration),
 * and a plot's SVG or PNG export (a save dialog, then an atomic write; nothing the webview sends
 * chooses the file).
 */
import { basename } from "node:path";
import * as vscode from "vscode";
import { createChartPanel, wireChartPanel } from "./chart-panel";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import { writeFileAtomic } from "../core/io/atomic-write";
import { parseFromDiagnosticsPanel, type ToDiagnosticsPanel, ToDiagnosticsPanel as ToDiagnosticsPanelSchema } from "../protocol/diagnostics-messages";
import { diagnosticsHtml } from "./diagnostics-html";
import { exportFileName } from "./file-labels";

export interface DiagnosticsPanelHandle {
  post(message: ToDiagnosticsPanel): void;
  /** The user pressed Cancel in the panel for run `runId`. */
  onCancel(listener: (runId: number) => void): void;
  /** Scroll to a variable's plots (a click on a flagged node of the DAG). */
  focus(variable: string): void;
  reveal(): void;
}

export class DiagnosticsPanel implements DiagnosticsPanelHandle {
  static readonly viewType = "causalStudio.diagnostics";
  private ready = false;
  private history: ToDiagnosticsPanel[] = [];
  private report: DiagnosisReport | undefined;
  private cancelListener: ((runId: number) => void) | undefined;

  static create(extensionUri: vscode.Uri, log: (m: string) => void, onDispose: () => void): DiagnosticsPanel {
    return new DiagnosticsPanel(createChartPanel(extensionUri, { viewType: DiagnosticsPanel.viewType, title: "Diagnostics", html: diagnosticsHtml, script: "diagnostics.js", style: "diagnostics.css" }), log, onDispose);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly log: (m: string) => void, onDispose: () => void) {
    wireChartPanel(panel, { receive: (raw) => void this.receive(raw), hidden: () => void (this.ready = false), disposed: onDispose });
  }

  post(message: ToDiagnosticsPanel): void {
    const checked = ToDiagnosticsPanelSchema.parse(message);
    if (checked.type === "diagnosisStarted") this.history = [];
    if (checked.type === "diagnosisDone") this.report = checked.report as DiagnosisReport;
    if (checked.type !== "focusVariable") this.history.push(checked);
    if (this.ready) void this.panel.webview.postMessage(checked);
  }

  onCancel(listener: (runId: number) => void): void {
    this.cancelListener = listener;
  }

  focus(variable: string): void {
    this.reveal();
    const m: ToDiagnosticsPanel = { type: "focusVariable", variable };
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.history.push(m);
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseFromDiagnosticsPanel(raw);
    if (!parsed.ok) return this.log(parsed.error);
    const m = parsed.message;
    switch (m.type) {
      case "diagnosticsReady":
        this.ready = true;
        for (const h of this.history) void this.panel.webview.postMessage(h);
        this.history = this.history.filter((h) => h.type !== "focusVariable");
        return;
      case "cancelDiagnosis":
        this.cancelListener?.(m.runId);
        return;
      case "openSource": {
        const range = this.report?.variables.find((v) => v.variable === m.variable)?.range;
        if (!range?.file) return;
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(range.file));
        const at = new vscode.Position(range.start.line - 1, range.start.column);
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, doc.lineAt(at.line).range.end) });
        return;
      }
      case "exportPlot":
        return this.exportPlot(m.id, m.format, m.data);
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private async exportPlot(id: string, format: "svg" | "png", data: string): Promise<void> {
    const body = format === "svg" ? svgBody(data) : pngBody(data);
    if (!body) return void vscode.window.showErrorMessage(`Causal Studio: the panel sent no ${format.toUpperCase()} image for "${id}"; nothing was written.`);
    const model = this.report?.file;
    const name = exportFileName(model ?? "diagnosis", id, format); // <stem>-<plot id>.<ext>, like every export (file-labels.ts)
    const folder = model ? vscode.Uri.file(model.slice(0, model.length - basename(model).length)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}), filters: format === "svg" ? { SVG: ["svg"] } : { PNG: ["png"] } });
    if (!target) return;
    await writeFileAtomic(target.fsPath, body);
    void vscode.window.showInformationMessage(`Causal Studio: exported ${basename(target.fsPath)}`);
  }
}

/** The SVG text when it is one (an XML prolog allowed), else undefined. */
export function svgBody(data: string): string | undefined {
  const t = data.trimStart();
  return /^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(t) && t.trimEnd().endsWith("</svg>") ? t : undefined;
}

/** The PNG bytes of a `data:image/png;base64,` URL, when they carry the PNG signature. */
export function pngBody(data: string): Buffer | undefined {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(data);
  if (!m) return undefined;
  const bytes = Buffer.from(m[1], "base64");
  return bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? bytes : undefined;
}
