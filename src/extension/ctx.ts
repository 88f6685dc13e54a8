/**
 * What every command and controller gets, and the one owner of the extension's services: the
 * configuration (read fresh on each use), the model runner (created on first use, disposed with the
 * extension), the DAG panel (at most one), the editor and UI calls the commands make, the "Causal
 * Studio" output channel, and `registerCommand(name, factory)`, which prefixes the id, records the
 * disposable, and turns a thrown error into a logged message the user sees (a command never fails
 * silently). As in rust-analyzer's ctx.ts, commands are `(ctx) => handler` over the CommandCtx
 * interface, so a test passes a plain object; nothing a command needs is a module global or a static.
 */
import { dirname, join } from "node:path";
import * as vscode from "vscode";
import type { DiagnosisReport } from "../core/criticism/diagnosis-report";
import type { ExtractedModel } from "../core/extract/extract-models";
import type { PanelCommandName, ToWebview } from "../protocol/messages";
import { type Config, readConfig } from "./config";
import { ModelRunner } from "./model-runner";
import { diagnosisFindings } from "./diagnosis-findings";
import { DiagnosticsPanel, type DiagnosticsPanelHandle } from "./diagnostics-panel";
import { RunPanel, type RunPanelHandle } from "./run-panel";
import { runScript, type ScriptOutcome, type ScriptRunOptions } from "./script-runner";
import { toVscodeDiagnostic } from "./diagnostics";
import { dagContextKeys } from "./commands/panel-commands";
import { graphFileName } from "./graph-source";
import { DagPanel } from "./panel";
import type { Token } from "./query-job-runner";
import type { StateStore } from "./trained-params";
import { TrainingPanel, type TrainingPanelHandle } from "./training-panel";

/** What commands use of the DAG panel. */
export interface DagPanelHandle {
  readonly documentUri: vscode.Uri;
  readonly model: ExtractedModel | undefined;
  post(message: ToWebview): void;
  requestExport(format: "svg" | "png"): Promise<string>;
  openQuery(mode: "intervene" | "counterfactual"): void;
  /** A palette command acting on the view (Run Query, Fit View, ...): the webview does what the button would. */
  command(name: PanelCommandName): void;
  /** The model file's trained params changed (Train Model… finished): re-send which values Run uses. */
  paramsChanged(): void;
  /** Diagnose Model… finished for this document (after ctx.findings.show recorded it): colour the DAG by it. */
  showEvidence(): void;
}

/** The panels the Ctx owns: the DAG panel, if open, and how to show it for a document. */
export interface Panels {
  readonly dag: DagPanelHandle | undefined;
  showDag(document: vscode.TextDocument, offset?: number): DagPanelHandle;
  /** The training panel, shown (created when none is open). */
  showTraining(): TrainingPanelHandle;
  /** The diagnostics panel, if open, and how to show it (created when none is open). */
  readonly diagnostics: DiagnosticsPanelHandle | undefined;
  showDiagnostics(): DiagnosticsPanelHandle;
  /** The run panel (Run Script), shown (created when none is open). */
  showRun(): RunPanelHandle;
}

/** A diagnosis's findings in the Problems panel, per model file (replaced by the next diagnosis of that file). */
export interface Findings {
  show(modelUri: vscode.Uri, report: DiagnosisReport): void;
}

/** Editor state and workspace calls, behind the ctx so commands make no direct `vscode` calls. */
export interface EditorAccess {
  /** The active text editor's document and the cursor's offset in it. */
  active(): { document: vscode.TextDocument; offset: number } | undefined;
  /** A command argument as a file URI: a Uri, or a path string; undefined otherwise. */
  toUri(arg: unknown, options?: { paths?: boolean }): vscode.Uri | undefined;
  open(uri: vscode.Uri): Promise<vscode.TextDocument>;
  /** An open document by URI. */
  find(uri: vscode.Uri): vscode.TextDocument | undefined;
  /** `name` in the folder holding `uri`. */
  sibling(uri: vscode.Uri, name: string): vscode.Uri;
  relativePath(uri: vscode.Uri): string;
  /** The workspace folder holding `uri` (a script runs there, as `causal-studio run` from the folder's root), else the file's own folder. */
  folderOf(uri: vscode.Uri): string;
}

/** Questions and messages to the user. */
export interface Ui {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string; onDidSelectItem?: (item: T) => void }): Promise<T | undefined>;
  pickName(names: readonly string[], options: { title: string }): Promise<string | undefined>;
  saveAs(defaultUri: vscode.Uri, filters: Record<string, string[]>): Promise<vscode.Uri | undefined>;
  info(message: string): void;
  warn(message: string): void;
  /** An open-file dialog for one file. */
  openFile(options: { title: string; defaultUri?: vscode.Uri; filters: Record<string, string[]> }): Promise<vscode.Uri | undefined>;
  /** A line of text (an input box); undefined when dismissed. */
  input(options: { title: string; prompt?: string; value?: string }): Promise<string | undefined>;
  /** A notification with progress and a Cancel button (the token) while `task` runs. */
  withProgress<T>(title: string, task: (report: (message: string) => void, token: Token) => Promise<T>): Promise<T>;
}

/** What a command receives (the Ctx implements it; tests pass a plain object). */
export interface CommandCtx {
  readonly config: Config;
  readonly runner: Pick<ModelRunner, "runQueryJob" | "warm" | "runTrainJob" | "runDiagnoseJob">;
  /** Whether the workspace is trusted (user code runs only then). */
  readonly trusted: boolean;
  /** Per-workspace memory (workspaceState): data file per model, last training's params. */
  readonly state: StateStore;
  readonly panels: Panels;
  readonly editor: EditorAccess;
  readonly ui: Ui;
  readonly findings: Findings;
  /** Runs scripts (Run Script) through `causal-studio run`: the extension's own CLI bundle. */
  readonly scripts: { run(o: Omit<ScriptRunOptions, "cli">): Promise<ScriptOutcome> };
  log(message: string): void;
}

export type CommandFactory = (ctx: CommandCtx) => (...args: unknown[]) => unknown;

export class Ctx implements CommandCtx {
  readonly output: vscode.LogOutputChannel;
  private modelRunner: ModelRunner | undefined;
  private dagPanel: DagPanel | undefined;
  private trainingPanel: TrainingPanel | undefined;
  private diagnosticsPanel: DiagnosticsPanel | undefined;
  private runPanel: RunPanel | undefined;
  private readonly findingsCollection = vscode.languages.createDiagnosticCollection("causal-studio-diagnosis");
  /** The last diagnosis per model file (URI string): the DAG panel colours by it when it opens or redraws. */
  readonly diagnoses = new Map<string, { report: DiagnosisReport; dataLabel: string }>();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("Causal Studio", { log: true });
    this.push(this.output, this.findingsCollection, { dispose: () => this.dagPanel?.dispose() }, { dispose: () => this.trainingPanel?.dispose() }, { dispose: () => this.diagnosticsPanel?.dispose() }, { dispose: () => this.runPanel?.dispose() }, { dispose: () => this.modelRunner?.dispose() });
  }

  readonly findings: Findings = {
    show: (modelUri, report) => {
      this.diagnoses.set(modelUri.toString(), { report, dataLabel: vscode.workspace.asRelativePath(report.data.file) });
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === modelUri.toString());
      this.findingsCollection.set(modelUri, diagnosisFindings(report).map((d) => {
        const out = toVscodeDiagnostic(d);
        // A declaration's range is the point where it starts: widen it to the rest of its line.
        if (doc && d.range && out.range.start.line < doc.lineCount) out.range = new vscode.Range(out.range.start, doc.lineAt(out.range.start.line).range.end);
        return out;
      }));
    },
  };

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  get state(): StateStore {
    return this.extension.workspaceState;
  }

  get config(): Config {
    return readConfig();
  }

  /** The extension's one model runner (a separate process), created on first use. */
  get runner(): ModelRunner {
    this.modelRunner ??= new ModelRunner(this.extension.extensionPath, () => this.config.runner, () => this.config.trainTimeoutMs);
    return this.modelRunner;
  }

  readonly panels: Panels = ((ctx: Ctx) => ({
    get dag(): DagPanel | undefined {
      return ctx.dagPanel;
    },
    showDag: (document: vscode.TextDocument, offset?: number) => {
      if (ctx.dagPanel) return ctx.dagPanel.show(document, offset);
      ctx.dagPanel = DagPanel.create(ctx, document, offset);
      return ctx.dagPanel;
    },
    showTraining: () => {
      if (ctx.trainingPanel) return ctx.trainingPanel.reveal(), ctx.trainingPanel;
      const panel = TrainingPanel.create(ctx.extension.extensionUri, (m) => ctx.output.warn(m), () => { if (ctx.trainingPanel === panel) ctx.trainingPanel = undefined; });
      ctx.trainingPanel = panel;
      return panel;
    },
    get diagnostics(): DiagnosticsPanel | undefined {
      return ctx.diagnosticsPanel;
    },
    showDiagnostics: () => {
      if (ctx.diagnosticsPanel) return ctx.diagnosticsPanel.reveal(), ctx.diagnosticsPanel;
      const panel = DiagnosticsPanel.create(ctx.extension.extensionUri, (m) => ctx.output.warn(m), () => { if (ctx.diagnosticsPanel === panel) ctx.diagnosticsPanel = undefined; });
      ctx.diagnosticsPanel = panel;
      return panel;
    },
    showRun: () => {
      if (ctx.runPanel) return ctx.runPanel.reveal(), ctx.runPanel;
      const panel = RunPanel.create(ctx.extension.extensionUri, (m) => ctx.output.warn(m), () => { if (ctx.runPanel === panel) ctx.runPanel = undefined; });
      ctx.runPanel = panel;
      return panel;
    },
  }))(this);

  readonly scripts = { run: (o: Omit<ScriptRunOptions, "cli">) => runScript({ ...o, cli: join(this.extension.extensionPath, "dist", "cli.js") }) };

  /** Adopts a panel VS Code restored across a reload (the webview serializer), replacing any open one. */
  adoptDagPanel(panel: DagPanel): void {
    if (this.dagPanel !== panel) this.dagPanel?.dispose();
    this.dagPanel = panel;
  }

  /** Called by a DAG panel when it closes. */
  dagPanelClosed(panel: DagPanel): void {
    if (this.dagPanel === panel) this.dagPanel = undefined;
    if (!this.dagPanel) this.setContextKeys(dagContextKeys(undefined));
  }

  /** Called by the DAG panel whenever it (re)draws: the palette's when-clause keys follow what it shows. */
  dagPanelChanged(panel: DagPanel): void {
    if (panel !== this.dagPanel && this.dagPanel) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === panel.documentUri.toString());
    this.setContextKeys(dagContextKeys(panel.model ? { dagitty: document ? graphFileName(document).toLowerCase().endsWith(".dagitty") : panel.documentUri.path.toLowerCase().endsWith(".dagitty") } : null));
  }

  private readonly contextKeys = new Map<string, boolean>();

  /** setContext for the keys whose value changed (a redraw on every keystroke sends nothing). */
  private setContextKeys(keys: Record<string, boolean>): void {
    for (const [key, value] of Object.entries(keys)) {
      if (this.contextKeys.get(key) === value) continue;
      this.contextKeys.set(key, value);
      void vscode.commands.executeCommand("setContext", key, value);
    }
  }

  readonly editor: EditorAccess = {
    active: () => {
      const e = vscode.window.activeTextEditor;
      return e ? { document: e.document, offset: e.document.offsetAt(e.selection.active) } : undefined;
    },
    toUri: (arg, options = {}) => (arg instanceof vscode.Uri ? arg : options.paths && typeof arg === "string" ? vscode.Uri.file(arg) : undefined),
    open: (uri) => Promise.resolve(vscode.workspace.openTextDocument(uri)),
    find: (uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()),
    sibling: (uri, name) => vscode.Uri.joinPath(uri, "..", name),
    relativePath: (uri) => vscode.workspace.asRelativePath(uri),
    folderOf: (uri) => vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath),
  };

  readonly ui: Ui = {
    pick: async (items, options) => await vscode.window.showQuickPick(items, options),
    pickName: async (names, options) => await vscode.window.showQuickPick([...names], options),
    saveAs: async (defaultUri, filters) => await vscode.window.showSaveDialog({ defaultUri, filters }),
    info: (message) => void vscode.window.showInformationMessage(`Causal Studio: ${message}`),
    warn: (message) => void vscode.window.showWarningMessage(`Causal Studio: ${message}`),
    openFile: async ({ title, defaultUri, filters }) => (await vscode.window.showOpenDialog({ title, canSelectMany: false, canSelectFiles: true, canSelectFolders: false, filters, ...(defaultUri ? { defaultUri } : {}) }))?.[0],
    input: async ({ title, prompt, value }) => await vscode.window.showInputBox({ title, ...(prompt ? { prompt } : {}), ...(value !== undefined ? { value } : {}), ignoreFocusOut: true }),
    withProgress: (title, task) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Causal Studio: ${title}`, cancellable: true }, (progress, token) => task((message) => progress.report({ message }), token))),
  };

  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  registerCommand(name: string, factory: CommandFactory): void {
    const handler = factory(this);
    const id = `causalStudio.${name}`;
    this.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.output.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Causal Studio: ${message}`);
        return undefined;
      }
    }));
  }

  log(message: string): void {
    this.output.info(message);
  }
}

