/**
 * The training panel (webview, "Causal Studio: Train Model…"): at most one, owned by the Ctx. It
 * shows one run at a time: the loss curve per mechanism as progress arrives, steps/s, and at the end
 * the fitted-params table. Messages are src/protocol/training-messages.ts, validated both ways; what
 * was posted for the current run is kept and replayed when the webview (re)loads, so hiding and
 * showing the panel loses nothing. Stop and Kill from the webview go to the run's listener.
 */
import * as vscode from "vscode";
import { createChartPanel, wireChartPanel } from "./chart-panel";
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
  private ready = false;
  private history: ToTrainingPanel[] = [];
  private stopListener: ((runId: number, kill: boolean) => void) | undefined;

  static create(extensionUri: vscode.Uri, log: (m: string) => void, onDispose: () => void): TrainingPanel {
    return new TrainingPanel(createChartPanel(extensionUri, { viewType: TrainingPanel.viewType, title: "Training", html: trainingHtml, script: "training.js", style: "training.css" }), log, onDispose);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly log: (m: string) => void, onDispose: () => void) {
    wireChartPanel(panel, { receive: (raw) => this.receive(raw), hidden: () => void (this.ready = false), disposed: onDispose });
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
