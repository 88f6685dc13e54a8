/**
 * The training panel (webview, "Causal Studio: Train Model…"): at most one, owned by the Ctx. It
 * shows one run at a time: the loss curve per mechanism as progress arrives, steps/s, and at the end
 * the fitted-params table. Messages are src/protocol/training-messages.ts, validated both ways; what
 * was posted for the current run is kept and replayed when the webview (re)loads, so hiding and
 * showing the panel loses nothing. Stop and Kill from the webview go to the run's listener.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { parseFromTrainingPanel, type ToTrainingPanel, ToTrainingPanel as ToTrainingPanelSchema } from "../protocol/training-messages";
import { trainingHtml } from "./training-html";

export interface TrainingPanelHandle {
  post(message: ToTrainingPanel): void;
  /** The user pressed Stop (kill false) or Kill in the panel for run `runId`. */
  onStop(listener: (runId: number, kill: boolean) => void): void;
  reveal(): void;
}

const MAX_KEPT = 20_000;

export class TrainingPanel implements TrainingPanelHandle {
  static readonly viewType = "causalStudio.training";
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private history: ToTrainingPanel[] = [];
  private stopListener: ((runId: number, kill: boolean) => void) | undefined;

  static create(extensionUri: vscode.Uri, log: (m: string) => void, onDispose: () => void): TrainingPanel {
    const root = vscode.Uri.joinPath(extensionUri, "dist", "webview");
    const panel = vscode.window.createWebviewPanel(TrainingPanel.viewType, "Training", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [root] });
    return new TrainingPanel(panel, root, log, onDispose);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, root: vscode.Uri, private readonly log: (m: string) => void, onDispose: () => void) {
    const webview = panel.webview;
    const nonce = randomBytes(16).toString("base64");
    webview.html = trainingHtml({ cspSource: webview.cspSource, script: webview.asWebviewUri(vscode.Uri.joinPath(root, "training.js")).toString(), style: webview.asWebviewUri(vscode.Uri.joinPath(root, "training.css")).toString() }, nonce);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      panel.onDidDispose(() => {
        for (const d of this.disposables.splice(0)) d.dispose();
        onDispose();
      }),
    );
  }

  post(message: ToTrainingPanel): void {
    const checked = ToTrainingPanelSchema.parse(message);
    if (checked.type === "trainingStarted") this.history = [];
    if (this.history.length < MAX_KEPT || checked.type !== "trainingProgress") this.history.push(checked);
    if (this.ready) void this.panel.webview.postMessage(checked);
  }

  onStop(listener: (runId: number, kill: boolean) => void): void {
    this.stopListener = listener;
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private receive(raw: unknown): void {
    const parsed = parseFromTrainingPanel(raw);
    if (!parsed.ok) return this.log(parsed.error);
    const m = parsed.message;
    switch (m.type) {
      case "trainingReady":
        this.ready = true;
        for (const h of this.history) void this.panel.webview.postMessage(h);
        return;
      case "stopTraining":
        this.stopListener?.(m.runId, !!m.kill);
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }
}
