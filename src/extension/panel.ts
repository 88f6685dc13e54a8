/**
 * The DAG webview host: one panel beside the editor that follows a *.causal.ts / *.dagitty document,
 * redraws on every (debounced) edit, highlights the variable under the cursor, reveals a declaration
 * when a node is clicked, and turns edge requests into ordinary undoable WorkspaceEdits.
 * Every message from the webview is validated (src/protocol); invalid ones are logged and shown.
 * Drawing is static (extraction of the source text); a query from the query bar runs the model's
 * code, in the model process and only in a trusted workspace (query-session.ts). The Ctx owns the
 * panel (ctx.panels: at most one) and the model runner it queries.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { type FromWebview, type PanelCommandName, parseFromWebview, type RunQuery, type ToWebview } from "../protocol/messages";
import type { Ctx } from "./ctx";
import { editEdge, type EditTarget, undoInDocument } from "./graph-edits";
import { type GraphSource, graphFileName, isGraphDocument, modelIndexAt, toGraphUpdate, variableAt } from "./graph-source";
import { GraphReader } from "./graph-reader";
import { dagTabTitle } from "./file-labels";
import { refusalNotice } from "./refusal-notices";
import { revealDeclaration, themeKind } from "./reveal-declaration";
import { keepOwnGroup } from "./dag-group";
import { identifyForPanel } from "./identify-for-panel";
import { implicationsForPanel } from "./implications-for-panel";
import { type LastRefresh, refreshDelay } from "./refresh-schedule";
import { answerRunQuery } from "./query-session";
import { trainedLevels, withLevels } from "./trained-levels";
import { trainedLabel, trainedParams } from "./trained-params";
import { webviewHtml } from "./webview-html";

const STATE_KEY = "causalStudio.dagPanelDocument";

export class DagPanel {
  static readonly viewType = "causalStudio.dag";

  private readonly disposables: vscode.Disposable[] = [];
  private source: GraphSource = { models: [], diagnostics: [], kind: "model" };
  /** Large files are read in a worker thread, with a time limit (graph-reader.ts). */
  private readonly reader = new GraphReader();
  private modelIndex = 0;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** How long the last read-and-send took and when: a cheap document redraws at once after an edit (refresh-schedule.ts). */
  private lastRefresh: LastRefresh = { ms: undefined, at: -Infinity };
  private nextRequest = 1;
  private readonly exports = new Map<number, (r: { data?: string; error?: string }) => void>();
  private lastHighlight: string | null | undefined;
  /** The running query (at most one per panel): its id, how to kill it (cancel) and how to skip its summaries (stop). */
  private query: { id: number; cancel: vscode.CancellationTokenSource; stop: vscode.CancellationTokenSource; answered: boolean } | undefined;
  /** A mode to open the query bar in once the webview is ready (from the CodeLens). */
  private pendingMode: "intervene" | "counterfactual" | undefined;
  /** A palette command (Run Query, Fit View, ...) that arrived while the webview was hidden (and so not loaded). */
  private pendingCommand: PanelCommandName | undefined;

  /** A new panel beside the editor for `document` (ctx.panels.showDag calls this when none is open). */
  static create(ctx: Ctx, document: vscode.TextDocument, offset?: number): DagPanel {
    const code = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
    // Opened focused (the group lock acts on the active group), then the code is refocused: dag-group.ts.
    const panel = vscode.window.createWebviewPanel(DagPanel.viewType, dagTabTitle(document.uri.fsPath), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, DagPanel.options(ctx));
    void keepOwnGroup(panel, DagPanel.viewType, document, code, (line) => ctx.log(line)).catch((e: unknown) => ctx.output.warn(`could not lock the DAG's editor group: ${e instanceof Error ? e.message : String(e)}`));
    return new DagPanel(ctx, panel, document, offset);
  }

  /** Reveals this panel (in its own group) and retargets it to `document`. */
  show(document: vscode.TextDocument, offset?: number): DagPanel {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    this.follow(document, offset);
    return this;
  }

  /** Restores a panel VS Code kept across a reload (registered as the webview serializer); the Ctx adopts it. */
  static async revive(ctx: Ctx, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = DagPanel.options(ctx);
    const uri = ctx.extension.workspaceState.get<string>(STATE_KEY);
    if (!uri) {
      panel.dispose();
      return;
    }
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      ctx.adoptDagPanel(new DagPanel(ctx, panel, document));
    } catch {
      panel.dispose();
    }
  }

  private static options(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, "dist", "webview")] };
  }

  private constructor(private readonly ctx: Ctx, readonly panel: vscode.WebviewPanel, private document: vscode.TextDocument, offset?: number) {
    const webview = panel.webview;
    const res = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(ctx.extension.extensionUri, "dist", "webview", name)).toString();
    webview.html = webviewHtml({ cspSource: webview.cspSource, script: res("dag.js"), style: res("dag.css"), worker: res("elk-worker.min.js") }, randomBytes(18).toString("base64url"));
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document) this.highlightAt(e.textEditor.document.offsetAt(e.selections[0].active));
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document !== this.document && isGraphDocument(editor.document)) this.follow(editor.document);
      }),
      vscode.window.onDidChangeActiveColorTheme((t) => this.post({ type: "theme", kind: themeKind(t.kind) })),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("causalStudio")) this.refresh();
      }),
    );
    this.follow(document, offset);
  }

  get fileLabel(): string {
    return vscode.workspace.asRelativePath(this.document.uri, false);
  }

  get documentUri(): vscode.Uri {
    return this.document.uri;
  }

  follow(document: vscode.TextDocument, offset?: number): void {
    this.document = document;
    void this.ctx.extension.workspaceState.update(STATE_KEY, document.uri.toString());
    const t0 = performance.now();
    this.panel.title = dagTabTitle(document.uri.fsPath); // the file, never the model's name: stable while typing (file-labels.ts)
    this.read((source) => {
      this.source = source;
      this.modelIndex = offset === undefined ? 0 : modelIndexAt(this.source, offset);
      this.send();
      this.timed(t0);
    });
  }

  private timed(t0: number): void {
    const at = performance.now();
    this.lastRefresh = { ms: at - t0, at };
  }

  /** Reads the document (now when small, else in the worker; a stale or retargeted answer is dropped), then `then`. */
  private read(then: (source: GraphSource) => void): void {
    const doc = this.document;
    const args = [doc.uri.toString(), doc.version, doc.getText(), graphFileName(doc)] as const;
    const now = this.reader.readNow(...args);
    if (now) return then(now);
    void this.reader.read(...args).then((s) => { if (s && doc === this.document) then(s); });
  }

  /** After an edit: redraw at once when the last refresh was cheap, else after causalStudio.debounceMs (refresh-schedule.ts). */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const delay = refreshDelay(this.lastRefresh, performance.now(), this.ctx.config.debounceMs);
    if (delay === 0) this.refresh();
    else this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, delay);
  }

  /** Re-reads the document and redraws. Public for the benchmark and tests. */
  refresh(): void {
    const t0 = performance.now();
    this.read((source) => {
      this.source = source;
      this.send();
      this.timed(t0);
    });
  }

  get model() {
    return this.source.models[Math.min(this.modelIndex, this.source.models.length - 1)];
  }

  private send(): void {
    this.ctx.dagPanelChanged(this); // the palette's when-clause keys (ctx.ts)
    if (!this.ready) return;
    const config = this.ctx.config;
    // A BIF network's arrows are its tables' parents: drawing one would need a new table, so the DAG is read-only there.
    const editable = this.source.kind === "dagitty" || (this.source.kind === "model" && !this.document.isUntitled);
    const update = toGraphUpdate(this.source, this.modelIndex, { direction: config.layoutDirection, editable, maxNodes: config.maxNodes }, this.fileLabel);
    // Level names for the value list, from the data the model was last trained on (the code names none).
    // A BIF network names its states itself.
    const trained = this.source.kind === "model" ? trainedParams(this.ctx.state, this.document.uri.fsPath) : undefined;
    const states = this.source.kind === "bif" && this.model ? Object.fromEntries(this.model.variables.flatMap((v) => (v.states ? [[v.name, v.states]] : []))) : undefined;
    const nodes = states ? withLevels(update.nodes, states) : trained ? withLevels(update.nodes, trainedLevels(trained.paramsFile)) : update.nodes;
    // modelKey: the webview keeps one query draft per model of each document (never one model's query under another's DAG).
    this.post({ ...update, nodes, modelIndex: this.modelIndex, modelKey: `${this.document.uri.toString()}#${this.modelIndex}` });
    this.sendParamsStatus();
    this.sendEvidence();
    if (this.model) this.post(implicationsForPanel(this.model, this.modelIndex)); // "Testable implications" (static; after the graph)
  }

  /** The last diagnosis of this document's model, as the DAG's colours (after its graph message). */
  private sendEvidence(): void {
    if (!this.ready || this.source.kind !== "model") return;
    const d = this.ctx.diagnoses.get(this.document.uri.toString());
    const model = this.model;
    if (!d || !model || d.report.model !== model.name) return;
    const r = d.report;
    this.post({
      type: "evidence",
      evidence: {
        model: model.name, modelIndex: this.modelIndex, data: d.dataLabel,
        nodes: r.variables.map((v) => ({ id: v.variable, verdict: v.verdict, sentence: v.sentence })),
        edges: r.edges.map(({ from, to, verdict, sentence }) => ({ from, to, verdict, sentence })),
        violated: r.violated.map(({ x, y, given, verdict, sentence }) => ({ x, y, given, verdict, sentence })),
      },
    });
  }

  /** Diagnose Model… finished for this document (ctx.diagnoses holds the report): colour the DAG by it. */
  showEvidence(): void {
    this.sendEvidence();
  }

  /** A click on a node's verdict badge: the diagnostics panel at that variable's plots (reopened from the last diagnosis if it was closed). */
  private openDiagnostics(variable: string): void {
    const open = this.ctx.panels.diagnostics;
    if (open) return open.focus(variable);
    const d = this.ctx.diagnoses.get(this.document.uri.toString());
    if (!d) return;
    const panel = this.ctx.panels.showDiagnostics();
    panel.post({ type: "diagnosisStarted", runId: 0, model: d.report.model, data: d.dataLabel });
    panel.post({ type: "diagnosisDone", runId: 0, report: d.report });
    panel.focus(variable);
  }

  private highlightAt(offset: number): void {
    const id = variableAt(this.model, offset);
    if (id === this.lastHighlight) return;
    this.lastHighlight = id;
    this.post({ type: "highlightNode", id });
  }

  post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Asks the webview for its drawing as SVG text or a PNG data URL. */
  requestExport(format: "svg" | "png"): Promise<string> {
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.exports.delete(requestId);
        reject(new Error("the DAG view did not answer the export request within 20 s"));
      }, 20_000);
      this.exports.set(requestId, (r) => {
        clearTimeout(timeout);
        if (r.data !== undefined) resolve(r.data);
        else reject(new Error(r.error ?? "the DAG view could not export the drawing"));
      });
      this.post({ type: "exportRequest", requestId, format });
    });
  }

  private receive(raw: unknown): void {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.ctx.output.warn(parsed.error);
      void vscode.window.showWarningMessage(`Causal Studio: ${parsed.error}`);
      return;
    }
    void this.handle(parsed.message).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.ctx.output.error(`handling ${parsed.message.type} failed: ${message}`);
      // A refusal about this document goes to the panel's banner, which the next drawing of a document (an edit,
      // another file) replaces; a toast would outlive the file it is about (refusal-notices.ts).
      this.post(refusalNotice(message));
    });
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case "ready":
        this.ready = true;
        this.ctx.log(`DAG view ready (protocol ${message.version}) for ${this.fileLabel}`);
        this.post({ type: "theme", kind: themeKind(vscode.window.activeColorTheme.kind) });
        this.send();
        if (this.pendingMode) this.post({ type: "queryMode", mode: this.pendingMode });
        this.pendingMode = undefined;
        if (this.pendingCommand) this.post({ type: "command", name: this.pendingCommand });
        this.pendingCommand = undefined;
        return;
      case "runQuery":
        await this.runQuery(message);
        return;
      case "cancelQuery":
        if (this.query?.id === message.id) this.query.cancel.cancel();
        return;
      case "nodeClicked":
        await this.reveal(message.id);
        return;
      case "edgeRequest":
        await editEdge(this.editTarget(), message); // graph-edits.ts
        return;
      case "undoRequest":
        await undoInDocument(this.editTarget(), message.redo);
        return;
      case "exportResult":
        this.exports.get(message.requestId)?.(message);
        this.exports.delete(message.requestId);
        return;
      case "webviewError":
        this.ctx.output.warn(`DAG view: ${message.message}`);
        return;
      case "openDiagnostics":
        this.openDiagnostics(message.variable);
        return;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  /** Which param values Run uses for this document: its last training's file, or the declared values. */
  private sendParamsStatus(): void {
    if (!this.ready || this.source.kind !== "model") return;
    const trained = trainedParams(this.ctx.state, this.document.uri.fsPath);
    this.post({ type: "paramsStatus", text: trained ? trainedLabel(trained) : null });
  }

  /** Train Model… finished for some file: if it is this panel's, say so. */
  paramsChanged(): void {
    this.sendParamsStatus();
  }

  /** A palette command for the webview: posted now if it shows, else the panel is revealed and it is posted once the view is ready. */
  command(name: PanelCommandName): void {
    if (this.ready && this.panel.visible) return this.post({ type: "command", name });
    this.pendingCommand = name;
    this.panel.reveal(undefined, true);
  }

  /** Opens the query bar in `mode` (now, or once the webview is ready). */
  openQuery(mode: "intervene" | "counterfactual"): void {
    this.ctx.runner.warm(); // start the model process now, so the first Run does not wait for it
    if (this.ready) this.post({ type: "queryMode", mode });
    else this.pendingMode = mode;
  }

  /** Runs a query from the query bar in the model process; the answer (or why not) goes back to the webview. */
  private async runQuery(req: RunQuery): Promise<void> {
    const fail = (reason: "invalid" | "untrusted", message: string) => this.post({ type: "queryFailed", id: req.id, reason, message });
    // A BIF network runs no user code (its tables are read), so it answers in untrusted workspaces too.
    if (!vscode.workspace.isTrusted && this.source.kind !== "bif") return fail("untrusted", "Queries run the model's code, which Causal Studio does only in a trusted workspace. Trust this folder (Manage Workspace Trust) to run queries; the DAG still works without.");
    if (this.source.kind === "dagitty") return fail("invalid", "A DAGitty graph has no mechanisms to run; queries need a *.causal.ts model or a .bif network.");
    const model = this.source.models[req.modelIndex];
    if (!model) return fail("invalid", `${this.fileLabel} has no model number ${req.modelIndex + 1}.`);
    if (this.document.isUntitled) return fail("invalid", "Save the model file first: the query runs the file on disk.");
    if (this.document.isDirty) await this.document.save();
    // A newer Run supersedes the last one: kill it if it is still computing its answer; if it is only
    // computing sparklines, ask it to stop at its next step (it ends with what it has; nothing is killed).
    if (this.query && !this.query.answered) this.query.cancel.cancel();
    else this.query?.stop.cancel();
    const cancel = new vscode.CancellationTokenSource();
    const stop = new vscode.CancellationTokenSource();
    const current = { id: req.id, cancel, stop, answered: false };
    this.query = current;
    const trained = trainedParams(this.ctx.state, this.document.uri.fsPath);
    this.ctx.log(`query ${req.id} on ${this.fileLabel}${trained ? ` with ${trained.paramsFile}` : ""}: target ${req.target}, do ${JSON.stringify(req.do)}, given ${JSON.stringify(req.given)}${req.counterfactual ? " (counterfactual)" : ""}`);
    try {
      await answerRunQuery(req, {
        runQueryJob: this.ctx.runner.runQueryJob, identify: identifyForPanel, post: (m) => this.post(m), file: this.document.uri.fsPath, model,
        token: cancel.token, stop: stop.token, onAnswered: () => { current.answered = true; },
        ...(trained ? { params: { file: trained.paramsFile, label: trainedLabel(trained) } } : {}),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.ctx.output.error(`query ${req.id} failed: ${message}`);
      this.post({ type: "queryFailed", id: req.id, reason: "model-error", message });
    } finally {
      if (this.query?.id === req.id) this.query = undefined;
      cancel.dispose();
      stop.dispose();
    }
  }

  /** Puts the cursor on the variable's name in an editor beside the panel. */
  async reveal(id: string): Promise<void> {
    await revealDeclaration({ document: this.document, model: this.model, fileLabel: this.fileLabel, post: (m) => this.post(m), log: (l) => this.ctx.log(l) }, id);
  }

  private editTarget(): EditTarget {
    return { document: this.document, source: this.source, modelIndex: this.modelIndex, fileLabel: this.fileLabel, panel: this.panel, post: (m) => this.post(m), log: (l) => this.ctx.log(l) };
  }

  dispose(): void {
    this.ctx.dagPanelClosed(this);
    clearTimeout(this.timer);
    this.reader.dispose();
    this.query?.cancel.cancel();
    for (const [, answer] of this.exports) answer({ error: "the DAG view was closed" });
    this.exports.clear();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
