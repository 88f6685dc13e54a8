// The harness of the command tests, as rust-analyzer tests its own (editors/code/tests/unit): each command
// is a factory of a ctx, so a plain object stands in for the Ctx (no VS Code, no `vscode` module: the
// commands import only their types) and each case lists the command, its arguments, the editor state and
// what must happen. One test file per command lists its cases (export-dag.test.ts, train-model.test.ts, …).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as vscode from "vscode";
import { describe, expect, it } from "vitest";
import type { ExtractedModel } from "../../core/extract/extract-models";
import type { ToWebview } from "../../protocol/messages";
import type { CommandCtx, CommandFactory, DagPanelHandle } from "../ctx";
import { readGraphSource } from "../graph-source";
import type { PanelCommandName } from "../../protocol/messages";
import type { DiagnosisReport } from "../../core/criticism/diagnosis-report";
import type { DiagnoseJob, DiagnoseProgress } from "../../core/io/diagnose-job";
import type { ToDiagnosticsPanel } from "../../protocol/diagnostics-messages";
import type { LongOutcome, LongRunOptions } from "../model-runner";
import type { TrainJob, TrainJobResult } from "../../core/io/train-job";
import type { ToTrainingPanel } from "../../protocol/training-messages";
import type { ToRunPanel } from "../../protocol/figure-messages";
import type { ScriptOutcome, ScriptRunOptions } from "../script-runner";
import type { TrainOutcome, TrainRunOptions } from "../model-runner";

export const SAMPLE = join(__dirname, "..", "..", "..", "samples", "frontdoor", "model.causal.ts");
export const OUT = mkdtempSync(join(tmpdir(), "cs-commands-"));
export const MIS = join(__dirname, "..", "..", "..", "samples", "misspecification");
export const LINE = join(MIS, "linear.causal.ts"), MIS_DATA = join(MIS, "data.csv");

export interface FakeUri { fsPath: string; toString(): string }
export const uri = (fsPath: string): FakeUri => ({ fsPath, toString: () => `file://${fsPath}` });
export const doc = (fsPath: string, text: string) => ({ uri: uri(fsPath), fileName: fsPath, languageId: "typescript", getText: () => text }) as unknown as vscode.TextDocument;
export const frontdoor = doc(SAMPLE, readFileSync(SAMPLE, "utf8"));
export const dagitty = doc("/w/g.dagitty", "dag { X -> Y; Z -> X; Z -> Y }");
export const LEARN = "/w/learn/model.causal.ts";
export const LEARN_DATA = "/w/learn/data.csv";
export const line = doc(LINE, readFileSync(LINE, "utf8"));
export const learn = doc(LEARN, `import { scm, normal } from "causal-studio";\nexport default scm("wages").param("b", 0).variable("wage", (_, { b }) => normal(b, 1));\n`);
export const progressPoint = { mechanism: "wage", method: "BFGS" as const, step: 3, steps: 500, epoch: 0, epochs: 0, loss: 1.234567, stepsPerSecond: 12.5, elapsedMs: 240 };
export const trained: TrainJobResult = {
  model: "wages", paramsFile: "/w/learn/model.params.json", rows: 4000, mechanisms: [{ mechanism: "wage", method: "BFGS", finalLoss: 1.2, steps: 9, converged: true }],
  params: { "wage.coef": [1.5], "wage.sd": 2 }, standardErrors: { "wage.coef": [0.02], "wage.sd": NaN },
  table: [{ name: "wage.coef[0]", value: 1.5, standardError: 0.02 }, { name: "wage.sd", value: 2, standardError: NaN }],
  data: { file: LEARN_DATA, rows: 4000, stamp: { size: 1, mtimeMs: 1 } }, logLikelihood: -4800, stopped: false, checkpoints: 0, trainedAt: "2026-12-01T23:40:00.000Z", elapsedMs: 900,
};

export const diagnosis: DiagnosisReport = {
  file: LINE, model: "misspecified line", data: { file: MIS_DATA, rows: 2500 }, alpha: 0.01, environment: "env", interventions: null, params: { source: "fitted" },
  verdict: "fail", counts: { pass: 0, warn: 0, fail: 1 },
  checks: [{ kind: "chow", variable: "y", statisticName: "F", statistic: 750, df: [8, 2490], p: 0, log10P: -655, pAdjusted: 0, log10PAdjusted: -655, effect: null, verdict: "fail", text: "y  coefficients equal across 5 environments" }],
  skipped: [], cannotSee: [], variables: [{ variable: "y", verdict: "fail", sentence: "The data contradict the mechanism of y: its coefficients differ between environments.", checks: [0], plots: [] }],
  edges: [], violated: [], plots: [], timings: {},
};
export const diagnoseStep: DiagnoseProgress = { check: "local tests", done: 1, total: 5 };

/** What a command did through its ctx, for the cases to check. */
export interface Trace {
  shown: { document: string; offset: number | undefined }[];
  posted: ToWebview[];
  queryModes: string[];
  /** Palette commands sent to the panel's webview (DagPanelHandle.command). */
  commands: string[];
  exports: string[];
  messages: string[];
  picks: string[][];
  /** Train jobs sent to the runner: the model file and the job. */
  trains: { file: string; job: TrainJob }[];
  training: ToTrainingPanel[];
  /** Open dialogs: their title and the folder or file they opened on. */
  dialogs: { title: string; defaultUri?: string }[];
  progress: string[];
  paramsChanged: number;
  state: Map<string, unknown>;
  diagnoses: { file: string; job: DiagnoseJob }[];
  diagnostics: ToDiagnosticsPanel[];
  findings: { uri: string; report: DiagnosisReport }[];
  evidence: number[];
  /** Scripts run (Run Script): the options without the callbacks. */
  scripts: { script: string; args: string[]; cwd: string; timeoutMs: number; memoryMb: number }[];
  /** What Run Script posted to the run panel. */
  run: ToRunPanel[];
  inputs: { title: string; value?: string }[];
  /** Presses the run panel's Cancel for run `runId`. */
  cancelRun(runId: number): void;
}

export interface Setup {
  /** The active editor: its document and cursor offset. */
  active?: { document: vscode.TextDocument; offset: number };
  /** The DAG panel's document, when one is open (its model is the document's first). */
  panel?: vscode.TextDocument;
  /** Answers to quick picks, in order (by label). */
  pickAnswers?: string[];
  trusted?: boolean;
  /** What the open dialog answers (a path), undefined = dismissed. */
  openAnswer?: string;
  /** How the train job ends; it reports `progress` first. */
  train?: (options: TrainRunOptions) => TrainOutcome;
  /** How the diagnose job ends. */
  diagnose?: (options: LongRunOptions<DiagnoseProgress>) => LongOutcome<DiagnosisReport>;
  state?: Record<string, unknown>;
  /** What the input box answers (undefined = dismissed). */
  inputAnswer?: string;
  /** How a script run ends: it may call onOutput and see the token first. */
  script?: (o: Omit<ScriptRunOptions, "cli">, trace: Trace) => ScriptOutcome | Promise<ScriptOutcome>;
}

export function fakeCtx(setup: Setup): { ctx: CommandCtx; trace: Trace } {
  const trace: Trace = { shown: [], posted: [], queryModes: [], commands: [], exports: [], messages: [], picks: [], trains: [], training: [], dialogs: [], progress: [], paramsChanged: 0, state: new Map(Object.entries(setup.state ?? {})), diagnoses: [], diagnostics: [], findings: [], evidence: [], scripts: [], run: [], inputs: [], cancelRun: (id) => runCancel?.(id) };
  const modelOf = (d: vscode.TextDocument): ExtractedModel | undefined => readGraphSource(d.getText(), d.fileName).models[0];
  const handle = (d: vscode.TextDocument): DagPanelHandle => ({
    documentUri: d.uri, model: modelOf(d),
    post: (m) => void trace.posted.push(m),
    requestExport: async (format) => (trace.exports.push(format), format === "svg" ? "<svg/>" : `data:image/png;base64,${Buffer.from("png").toString("base64")}`),
    openQuery: (mode) => void trace.queryModes.push(mode),
    command: (name) => void trace.commands.push(name),
    paramsChanged: () => void trace.paramsChanged++,
    showEvidence: () => void trace.evidence.push(1),
  });
  let panel = setup.panel ? handle(setup.panel) : undefined;
  let runCancel: ((runId: number) => void) | undefined;
  const answers = [...(setup.pickAnswers ?? [])];
  const ctx: CommandCtx = {
    config: { debounceMs: 0, layoutDirection: "DOWN", maxNodes: 500, runner: { timeoutMs: 1000, memoryMb: 256 }, trainTimeoutMs: 60_000, script: { timeoutMs: 90_000, memoryMb: 2048 } },
    runner: {
      runQueryJob: async () => ({ status: "cancelled" }), warm: () => undefined,
      runTrainJob: async (file, job, options = {}) => {
        trace.trains.push({ file, job });
        if (!setup.train) throw new Error("no train job expected");
        return setup.train(options);
      },
      runDiagnoseJob: async (file, job, options = {}) => {
        trace.diagnoses.push({ file, job });
        if (!setup.diagnose) throw new Error("no diagnose job expected");
        return setup.diagnose(options);
      },
    },
    trusted: setup.trusted ?? true,
    state: { get: <T>(k: string) => trace.state.get(k) as T | undefined, update: async (k: string, v: unknown) => void trace.state.set(k, v) },
    panels: {
      get dag() { return panel; },
      showDag: (d, offset) => (trace.shown.push({ document: d.fileName, offset }), (panel = handle(d))),
      showTraining: () => ({ post: (m) => void trace.training.push(m), onStop: () => undefined, reveal: () => undefined }),
      diagnostics: undefined,
      showDiagnostics: () => ({ post: (m) => void trace.diagnostics.push(m), onCancel: () => undefined, focus: () => undefined, reveal: () => undefined }),
      showRun: () => ({ post: (m) => void trace.run.push(m), onCancel: (l) => void (runCancel = l), reveal: () => undefined }),
    },
    findings: { show: (u, report) => void trace.findings.push({ uri: u.toString(), report }) },
    editor: {
      active: () => setup.active,
      toUri: (arg, o = {}) => (typeof arg === "object" && arg && "fsPath" in arg ? (arg as vscode.Uri) : o.paths && typeof arg === "string" ? (uri(arg) as unknown as vscode.Uri) : undefined),
      open: async (u) => [frontdoor, dagitty, learn, line].find((d) => d.uri.toString() === u.toString()) ?? doc(u.fsPath, ""),
      find: (u) => [frontdoor, dagitty, learn, line].find((d) => d.uri.toString() === u.toString()),
      sibling: (u, name) => uri(join(u.fsPath, "..", name)) as unknown as vscode.Uri,
      relativePath: (u) => u.fsPath.replace(/^\/w\/learn\//, ""),
      folderOf: (u) => dirname(u.fsPath),
    },
    ui: {
      pick: async (items) => {
        trace.picks.push(items.map((i) => i.label));
        const answer = answers.shift();
        return items.find((i) => i.label === answer);
      },
      pickName: async (names) => {
        trace.picks.push([...names]);
        const answer = answers.shift();
        return names.find((n) => n === answer);
      },
      saveAs: async () => undefined,
      input: async ({ title, value }) => (trace.inputs.push({ title, ...(value !== undefined ? { value } : {}) }), setup.inputAnswer),
      openFile: async ({ title, defaultUri }) => (trace.dialogs.push({ title, ...(defaultUri ? { defaultUri: defaultUri.fsPath } : {}) }), setup.openAnswer ? (uri(setup.openAnswer) as unknown as vscode.Uri) : undefined),
      withProgress: async (_title, task) => task((m) => void trace.progress.push(m), { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) }),
      info: (m) => void trace.messages.push(`info: ${m}`),
      warn: (m) => void trace.messages.push(`warn: ${m}`),
    },
    scripts: {
      run: async (o) => {
        trace.scripts.push({ script: o.script, args: o.args, cwd: o.cwd, timeoutMs: o.timeoutMs, memoryMb: o.memoryMb });
        if (!setup.script) throw new Error("no script run expected");
        return setup.script(o, trace);
      },
    },
    log: () => undefined,
  };
  return { ctx, trace };
}

export interface Case {
  name: string;
  command: CommandFactory;
  args?: unknown[];
  setup?: Setup;
  check: (r: { result?: unknown; error?: string; trace: Trace }) => void;
}

export const noModel = doc("/w/empty.causal.ts", "export const x = 1;\n");
export const panelNames: PanelCommandName[] = ["runQuery", "cancelQuery", "clearQuery", "closeQuery", "fitView", "zoomIn", "zoomOut", "showImplications"];

/** Runs each case: the command built on a fake ctx, then its check on the result or the error message. */
export function runCases(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)("$name", async ({ command, args = [], setup = {}, check }) => {
      const { ctx, trace } = fakeCtx(setup);
      try {
        const result = await command(ctx)(...args);
        check({ result, trace });
      } catch (e) {
        if (e instanceof Error && e.name === "AssertionError") throw e;
        check({ error: e instanceof Error ? e.message : String(e), trace });
      }
    });
  });
}
