// The commands as rust-analyzer tests its own (editors/code/tests/unit): each command is a factory of a
// ctx, so a plain object stands in for the Ctx (no VS Code, no `vscode` module: the commands import
// only its types) and each case lists the command, its arguments, the editor state and what must happen.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as vscode from "vscode";
import { describe, expect, it } from "vitest";
import type { ExtractedModel } from "../../core/extract/extract-models";
import type { ToWebview } from "../../protocol/messages";
import type { CommandCtx, CommandFactory, DagPanelHandle } from "../ctx";
import { readGraphSource } from "../graph-source";
import { exportDag } from "./export-dag";
import { openDagBeside } from "./open-dag-beside";
import { openQuery } from "./open-query";
import { askQuery, dagContextKeys, panelCommand } from "./panel-commands";
import type { PanelCommandName } from "../../protocol/messages";
import { showAdjustmentSets } from "./show-adjustment-sets";
import { trainModel } from "./train-model";
import { diagnoseModel } from "./diagnose-model";
import type { DiagnosisReport } from "../../core/criticism/diagnosis-report";
import type { DiagnoseJob, DiagnoseProgress } from "../../core/io/diagnose-job";
import type { ToDiagnosticsPanel } from "../../protocol/diagnostics-messages";
import type { LongOutcome, LongRunOptions } from "../model-runner";
import type { TrainJob, TrainJobResult } from "../../core/io/train-job";
import type { ToTrainingPanel } from "../../protocol/training-messages";
import type { TrainOutcome, TrainRunOptions } from "../model-runner";

const SAMPLE = join(__dirname, "..", "..", "..", "samples", "frontdoor", "model.causal.ts");
const OUT = mkdtempSync(join(tmpdir(), "cs-commands-"));
const MIS = join(__dirname, "..", "..", "..", "samples", "misspecification");
const LINE = join(MIS, "linear.causal.ts"), MIS_DATA = join(MIS, "data.csv");

interface FakeUri { fsPath: string; toString(): string }
const uri = (fsPath: string): FakeUri => ({ fsPath, toString: () => `file://${fsPath}` });
const doc = (fsPath: string, text: string) => ({ uri: uri(fsPath), fileName: fsPath, languageId: "typescript", getText: () => text }) as unknown as vscode.TextDocument;
const frontdoor = doc(SAMPLE, readFileSync(SAMPLE, "utf8"));
const dagitty = doc("/w/g.dagitty", "dag { X -> Y; Z -> X; Z -> Y }");
const LEARN = "/w/learn/model.causal.ts";
const LEARN_DATA = "/w/learn/data.csv";
const line = doc(LINE, readFileSync(LINE, "utf8"));
const learn = doc(LEARN, `import { scm, normal } from "causal-studio";\nexport default scm("wages").param("b", 0).variable("wage", (_, { b }) => normal(b, 1));\n`);
const progressPoint = { mechanism: "wage", method: "BFGS" as const, step: 3, steps: 500, epoch: 0, epochs: 0, loss: 1.234567, stepsPerSecond: 12.5, elapsedMs: 240 };
const trained: TrainJobResult = {
  model: "wages", paramsFile: "/w/learn/model.params.json", rows: 4000, mechanisms: [{ mechanism: "wage", method: "BFGS", finalLoss: 1.2, steps: 9, converged: true }],
  params: { "wage.coef": [1.5], "wage.sd": 2 }, standardErrors: { "wage.coef": [0.02], "wage.sd": NaN },
  table: [{ name: "wage.coef[0]", value: 1.5, standardError: 0.02 }, { name: "wage.sd", value: 2, standardError: NaN }],
  data: { file: LEARN_DATA, rows: 4000, stamp: { size: 1, mtimeMs: 1 } }, logLikelihood: -4800, stopped: false, checkpoints: 0, trainedAt: "2026-12-01T23:40:00.000Z", elapsedMs: 900,
};

const diagnosis: DiagnosisReport = {
  file: LINE, model: "misspecified line", data: { file: MIS_DATA, rows: 2500 }, alpha: 0.01, environment: "env", interventions: null, params: { source: "fitted" },
  verdict: "fail", counts: { pass: 0, warn: 0, fail: 1 },
  checks: [{ kind: "chow", variable: "y", statisticName: "F", statistic: 750, df: [8, 2490], p: 0, log10P: -655, pAdjusted: 0, log10PAdjusted: -655, effect: null, verdict: "fail", text: "y  coefficients equal across 5 environments" }],
  skipped: [], cannotSee: [], variables: [{ variable: "y", verdict: "fail", sentence: "The data contradict the mechanism of y: its coefficients differ between environments.", checks: [0], plots: [] }],
  edges: [], violated: [], plots: [], timings: {},
};
const diagnoseStep: DiagnoseProgress = { check: "local tests", done: 1, total: 5 };

/** What a command did through its ctx, for the cases to check. */
interface Trace {
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
}

interface Setup {
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
}

function fakeCtx(setup: Setup): { ctx: CommandCtx; trace: Trace } {
  const trace: Trace = { shown: [], posted: [], queryModes: [], commands: [], exports: [], messages: [], picks: [], trains: [], training: [], dialogs: [], progress: [], paramsChanged: 0, state: new Map(Object.entries(setup.state ?? {})), diagnoses: [], diagnostics: [], findings: [], evidence: [] };
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
  const answers = [...(setup.pickAnswers ?? [])];
  const ctx: CommandCtx = {
    config: { debounceMs: 0, layoutDirection: "DOWN", maxNodes: 500, runner: { timeoutMs: 1000, memoryMb: 256 }, trainTimeoutMs: 60_000 },
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
    },
    findings: { show: (u, report) => void trace.findings.push({ uri: u.toString(), report }) },
    editor: {
      active: () => setup.active,
      toUri: (arg, o = {}) => (typeof arg === "object" && arg && "fsPath" in arg ? (arg as vscode.Uri) : o.paths && typeof arg === "string" ? (uri(arg) as unknown as vscode.Uri) : undefined),
      open: async (u) => [frontdoor, dagitty, learn, line].find((d) => d.uri.toString() === u.toString()) ?? doc(u.fsPath, ""),
      find: (u) => [frontdoor, dagitty, learn, line].find((d) => d.uri.toString() === u.toString()),
      sibling: (u, name) => uri(join(u.fsPath, "..", name)) as unknown as vscode.Uri,
      relativePath: (u) => u.fsPath.replace(/^\/w\/learn\//, ""),
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
      openFile: async ({ title, defaultUri }) => (trace.dialogs.push({ title, ...(defaultUri ? { defaultUri: defaultUri.fsPath } : {}) }), setup.openAnswer ? (uri(setup.openAnswer) as unknown as vscode.Uri) : undefined),
      withProgress: async (_title, task) => task((m) => void trace.progress.push(m), { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) }),
      info: (m) => void trace.messages.push(`info: ${m}`),
      warn: (m) => void trace.messages.push(`warn: ${m}`),
    },
    log: () => undefined,
  };
  return { ctx, trace };
}

interface Case {
  name: string;
  command: CommandFactory;
  args?: unknown[];
  setup?: Setup;
  check: (r: { result?: unknown; error?: string; trace: Trace }) => void;
}

const noModel = doc("/w/empty.causal.ts", "export const x = 1;\n");
const panelNames: PanelCommandName[] = ["runQuery", "cancelQuery", "clearQuery", "closeQuery", "fitView", "zoomIn", "zoomOut", "showImplications"];

const cases: Case[] = [
  ...panelNames.map((name): Case => ({
    name: `palette ${name} on the panel's model: sent to the webview as the button's action`,
    command: panelCommand(name), setup: { panel: frontdoor },
    check: ({ error, trace }) => (expect(error).toBeUndefined(), expect(trace.commands).toEqual([name]), expect(trace.shown).toEqual([])),
  })),
  ...panelNames.map((name): Case => ({
    name: `palette ${name} with no DAG panel says how to open one`,
    command: panelCommand(name), setup: { active: { document: frontdoor, offset: 0 } },
    check: ({ error, trace }) => (expect(error).toMatch(/^open a DAG first: Causal Studio: Open DAG Beside/), expect(trace.commands).toEqual([])),
  })),
  ...panelNames.map((name): Case => ({
    name: `palette ${name} on a DAGitty graph: ${/Query$/.test(name) ? "refused (no mechanisms)" : "acts on the drawing"}`,
    command: panelCommand(name), setup: { panel: dagitty },
    check: ({ error, trace }) => {
      if (/Query$/.test(name)) expect(error).toMatch(/a DAGitty graph has no mechanisms to run; queries need a \*\.causal\.ts model/), expect(trace.commands).toEqual([]);
      else expect(error).toBeUndefined(), expect(trace.commands).toEqual([name]);
    },
  })),
  {
    name: "Run Query while the panel shows no model (a file with problems) names the file to fix; Fit View still works",
    command: panelCommand("runQuery"), setup: { panel: noModel },
    check: ({ error, trace }) => (expect(error).toMatch(/the DAG panel shows no model yet: fix the problems in \/w\/empty\.causal\.ts first/), expect(trace.commands).toEqual([])),
  },
  {
    name: "Show Testable Implications while the panel shows no model is refused the same way",
    command: panelCommand("showImplications"), setup: { panel: noModel },
    check: ({ error }) => expect(error).toMatch(/shows no model yet/),
  },
  {
    name: "Fit DAG to View while the panel shows no model is sent (the last good drawing is fitted)",
    command: panelCommand("fitView"), setup: { panel: noModel },
    check: ({ error, trace }) => (expect(error).toBeUndefined(), expect(trace.commands).toEqual(["fitView"])),
  },
  {
    name: "Ask a Counterfactual… from the palette with the DAG panel focused (no text editor): the panel's model, kept at its own offset",
    command: askQuery("counterfactual"), setup: { panel: frontdoor },
    check: ({ error, trace }) => {
      expect(error).toBeUndefined();
      const model = readGraphSource(frontdoor.getText(), frontdoor.fileName).models[0];
      expect(trace.shown).toEqual([{ document: SAMPLE, offset: model.range.start.offset }]);
      expect(trace.queryModes).toEqual(["counterfactual"]);
    },
  },
  {
    name: "Intervene… from the CodeLens (uri, offset) goes to that file as open-query.ts does, not to the panel's",
    command: askQuery("intervene"), args: [line.uri, 5], setup: { panel: frontdoor },
    check: ({ trace }) => (expect(trace.shown).toEqual([{ document: LINE, offset: 5 }]), expect(trace.queryModes).toEqual(["intervene"])),
  },
  {
    name: "Intervene… from a model's editor opens the query bar on the model under the cursor",
    command: askQuery("intervene"), setup: { active: { document: line, offset: 7 }, panel: frontdoor },
    check: ({ trace }) => (expect(trace.shown).toEqual([{ document: LINE, offset: 7 }]), expect(trace.queryModes).toEqual(["intervene"])),
  },
  {
    name: "Intervene… from a DAGitty editor is refused: a DAGitty graph has no mechanisms",
    command: askQuery("intervene"), setup: { active: { document: doc("/w/g2.dagitty", "dag { A -> B }"), offset: 0 } },
    check: ({ error, trace }) => (expect(error).toMatch(/a DAGitty graph has no mechanisms to run/), expect(trace.shown).toEqual([])),
  },
  {
    name: "Intervene… with no editor and no panel names the model file it needs",
    command: askQuery("intervene"),
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Intervene/),
  },
  {
    name: "Open DAG Beside from a CodeLens: the given file at the given offset",
    command: openDagBeside, args: [frontdoor.uri, 42],
    check: ({ trace }) => expect(trace.shown).toEqual([{ document: SAMPLE, offset: 42 }]),
  },
  {
    name: "Open DAG Beside from the palette: the active editor's file at its cursor",
    command: openDagBeside, setup: { active: { document: frontdoor, offset: 300 } },
    check: ({ trace }) => expect(trace.shown).toEqual([{ document: SAMPLE, offset: 300 }]),
  },
  {
    name: "Open DAG Beside with nothing open says what to do",
    command: openDagBeside,
    check: ({ error, trace }) => (expect(error).toMatch(/open a \*\.causal\.ts or \*\.dagitty file first/), expect(trace.shown).toEqual([])),
  },
  {
    name: "Counterfactual… opens the panel with its query bar in counterfactual mode",
    command: openQuery("counterfactual"), args: [frontdoor.uri],
    check: ({ trace }) => (expect(trace.shown).toHaveLength(1), expect(trace.queryModes).toEqual(["counterfactual"])),
  },
  {
    name: "Intervene… with nothing open names the model file it needs",
    command: openQuery("intervene"),
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Intervene/),
  },
  {
    name: "Show Adjustment Sets with arguments: Z for X -> Y, highlighted in the panel opened for the document",
    command: showAdjustmentSets, args: ["X", "Y"], setup: { active: { document: dagitty, offset: 0 } },
    check: ({ result, trace }) => {
      expect(result).toEqual([["Z"]]);
      expect(trace.shown.map((s) => s.document)).toEqual(["/w/g.dagitty"]);
      expect(trace.posted).toEqual([{ type: "adjustmentSet", exposures: ["X"], outcomes: ["Y"], set: ["Z"], caption: expect.stringMatching(/Adjust for \{Z\}: 1 of 1/) }]);
    },
  },
  {
    name: "Show Adjustment Sets by quick picks, on the open panel's model (front door: no back-door set)",
    command: showAdjustmentSets, setup: { panel: frontdoor, pickAnswers: ["smoking", "cancer"] },
    check: ({ result, trace, error }) => {
      expect(error).toBeUndefined();
      expect(trace.picks).toEqual([["smoking", "tar", "cancer"], ["tar", "cancer"]]);
      expect(result).toEqual([]);
      expect(trace.shown).toEqual([]); // the open panel already shows this document
      expect(trace.posted[0]).toMatchObject({ type: "adjustmentSet", set: null });
      expect(trace.messages).toEqual(["warn: no set of observed variables blocks every back-door path from smoking to cancer."]);
    },
  },
  {
    name: "Export DAG as dot to a path: written, no panel needed",
    command: exportDag, args: ["dot", join(OUT, "g.dot")], setup: { active: { document: dagitty, offset: 0 } },
    check: ({ result, trace }) => {
      expect(result).toBe(join(OUT, "g.dot"));
      expect(readFileSync(join(OUT, "g.dot"), "utf8")).toMatch(/"?Z"?\s*->\s*"?X"?/);
      expect(trace.shown).toEqual([]);
      expect(trace.messages[0]).toMatch(/^info: exported/);
    },
  },
  {
    name: "Export DAG as PNG: drawn by the panel, decoded from its data URL",
    command: exportDag, args: ["png", join(OUT, "g.png")], setup: { panel: frontdoor },
    check: ({ trace }) => (expect(trace.exports).toEqual(["png"]), expect(readFileSync(join(OUT, "g.png"), "utf8")).toBe("png")),
  },
  {
    name: "Export DAG with the format picker dismissed does nothing",
    command: exportDag, setup: { panel: frontdoor, pickAnswers: [] },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.picks[0]).toContain("Graphviz dot")),
  },
  {
    name: "Export DAG with no model anywhere says what to open",
    command: exportDag, args: ["dot", join(OUT, "none.dot")],
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts or \*\.dagitty file with a model first/),
  },
  {
    name: "Train Model… from the CodeLens: asks for data beside the model, trains it into <model>.params.json, shows the curve and the table",
    command: trainModel, args: [learn.uri, 0], setup: { openAnswer: LEARN_DATA, panel: learn, train: (o) => (o.onProgress?.(progressPoint), { status: "done", result: trained }) },
    check: ({ result, trace, error }) => {
      expect(error).toBeUndefined();
      expect(result).toBe(trained);
      expect(trace.dialogs).toEqual([{ title: 'Data to train "wages" on', defaultUri: join(LEARN, "..") }]);
      expect(trace.trains).toEqual([{ file: LEARN, job: { data: LEARN_DATA, out: LEARN.replace(/\.causal\.ts$/, ".params.json"), checkpoint: { path: LEARN.replace(/\.causal\.ts$/, ".params.checkpoint.json"), every: 100 } } }]);
      expect(trace.training.map((m) => m.type)).toEqual(["trainingStarted", "trainingProgress", "trainingDone"]);
      expect(trace.training[2]).toMatchObject({ rows: 4000, params: [{ name: "wage.coef[0]", value: 1.5, standardError: 0.02 }, { name: "wage.sd", value: 2, standardError: null }] });
      expect(trace.progress).toEqual(["wage (BFGS) 3/500, loss 1.2346, 12.5 steps/s"]);
      expect(trace.state.get(`causalStudio.trainData:${LEARN}`)).toBe(LEARN_DATA);
      expect(trace.state.get(`causalStudio.trained:${LEARN}`)).toEqual({ paramsFile: trained.paramsFile, data: LEARN_DATA, rows: 4000, trainedAt: trained.trainedAt });
      expect(trace.paramsChanged).toBe(1);
      expect(trace.messages).toEqual([`info: trained wages on data.csv (4,000 rows): wrote model.params.json; Run in the DAG panel uses it.`]);
    },
  },
  {
    name: "Train Model… remembers the data file per model: the dialog opens on it",
    command: trainModel, args: [learn.uri], setup: { state: { [`causalStudio.trainData:${LEARN}`]: "/elsewhere/w.csv" } },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.dialogs[0].defaultUri).toBe("/elsewhere/w.csv"), expect(trace.trains).toEqual([])),
  },
  {
    name: "Train Model… in an untrusted workspace refuses before asking anything",
    command: trainModel, args: [learn.uri], setup: { trusted: false, openAnswer: LEARN_DATA },
    check: ({ trace }) => (expect(trace.dialogs).toEqual([]), expect(trace.trains).toEqual([]), expect(trace.messages[0]).toMatch(/^warn: Training runs the model's code.*trusted workspace/)),
  },
  {
    name: "Train Model… with no model open names what to open",
    command: trainModel, setup: { active: { document: dagitty, offset: 0 } },
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Train Model/),
  },
  {
    name: "Train Model… that fails shows why in the panel and as an error, and records nothing",
    command: trainModel, args: [learn.uri], setup: { openAnswer: LEARN_DATA, train: () => ({ status: "failed", message: "data.csv has no column \"wage\"", diagnostics: [] }) },
    check: ({ error, trace }) => {
      expect(error).toMatch(/training wages failed: data\.csv has no column "wage"/);
      expect(trace.training.at(-1)).toMatchObject({ type: "trainingFailed", message: 'data.csv has no column "wage"' });
      expect(trace.state.has(`causalStudio.trained:${LEARN}`)).toBe(false);
    },
  },
  {
    name: "Train Model… killed says the checkpoint is kept",
    command: trainModel, args: [learn.uri], setup: { openAnswer: LEARN_DATA, train: () => ({ status: "cancelled" }) },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.training.at(-1)).toMatchObject({ type: "trainingFailed", message: expect.stringMatching(/^Killed: .*last checkpoint/) })),
  },
  {
    name: "Diagnose Model… from the CodeLens: asks for data, then the environment among the columns that are not variables; shows the panel, the findings and the DAG's colours",
    command: diagnoseModel, args: [line.uri, 0], setup: { openAnswer: MIS_DATA, panel: line, pickAnswers: ["env"], diagnose: (o) => (o.onProgress?.(diagnoseStep), { status: "done", result: diagnosis }) },
    check: ({ result, trace, error }) => {
      expect(error).toBeUndefined();
      expect(result).toBe(diagnosis);
      expect(trace.dialogs).toEqual([{ title: 'Data to diagnose "misspecified line" on', defaultUri: MIS }]);
      // data.csv has x, y (the model's variables) and env: one column to choose from; nothing left for interventions, so no second question.
      expect(trace.picks).toEqual([["(none)", "env"]]);
      expect(trace.diagnoses).toEqual([{ file: LINE, job: { data: MIS_DATA, environment: "env" } }]);
      expect(trace.diagnostics.map((m) => m.type)).toEqual(["diagnosisStarted", "diagnosisProgress", "diagnosisDone"]);
      expect(trace.diagnostics[1]).toMatchObject({ check: "local tests", done: 1, total: 5 });
      expect(trace.progress).toEqual(["local tests (2/5)"]);
      expect(trace.findings).toEqual([{ uri: `file://${LINE}`, report: diagnosis }]);
      expect(trace.evidence).toHaveLength(1);
      expect(trace.state.get(`causalStudio.diagnose:${LINE}`)).toEqual({ data: MIS_DATA, environment: "env" });
      expect(trace.messages).toEqual(["info: diagnosed misspecified line on data.csv (2,500 rows): FAIL, 1 fail, 0 warn, 0 pass."]);
    },
  },
  {
    name: "Diagnose Model… remembers data and environment per model (offered first), and uses the trained params",
    command: diagnoseModel, args: [line.uri], setup: {
      openAnswer: MIS_DATA, pickAnswers: ["env"], diagnose: () => ({ status: "done", result: diagnosis }),
      state: { [`causalStudio.diagnose:${LINE}`]: { data: "/elsewhere/d.csv", environment: "env" }, [`causalStudio.trained:${LINE}`]: { paramsFile: "/w/p.json", data: "/w/t.csv", rows: 1, trainedAt: "" } },
    },
    check: ({ trace }) => {
      expect(trace.dialogs[0].defaultUri).toBe("/elsewhere/d.csv");
      expect(trace.picks).toEqual([["env", "(none)"]]);
      expect(trace.diagnoses[0].job).toEqual({ data: MIS_DATA, environment: "env", params: "/w/p.json" });
    },
  },
  {
    name: "Diagnose Model… opens on the training data when this model was never diagnosed; (none) runs without environments",
    command: diagnoseModel, args: [line.uri], setup: { openAnswer: MIS_DATA, pickAnswers: ["(none)", "(none)"], diagnose: () => ({ status: "done", result: diagnosis }), state: { [`causalStudio.trained:${LINE}`]: { paramsFile: "/w/p.json", data: "/w/t.csv", rows: 1, trainedAt: "" } } },
    check: ({ trace }) => (expect(trace.dialogs[0].defaultUri).toBe("/w/t.csv"), expect(trace.picks).toEqual([["(none)", "env"], ["(none)", "env"]]), expect(trace.diagnoses[0].job).toEqual({ data: MIS_DATA, params: "/w/p.json" })),
  },
  {
    name: "Diagnose Model… with the column question dismissed runs nothing",
    command: diagnoseModel, args: [line.uri], setup: { openAnswer: MIS_DATA, pickAnswers: [] },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.diagnoses).toEqual([]), expect(trace.diagnostics).toEqual([])),
  },
  {
    name: "Diagnose Model… in an untrusted workspace refuses before asking anything",
    command: diagnoseModel, args: [line.uri], setup: { trusted: false, openAnswer: MIS_DATA },
    check: ({ trace }) => (expect(trace.dialogs).toEqual([]), expect(trace.diagnoses).toEqual([]), expect(trace.messages[0]).toMatch(/^warn: Diagnosing runs the model's code.*trusted workspace/)),
  },
  {
    name: "Diagnose Model… that fails shows why in the panel and as an error, and shows no findings",
    command: diagnoseModel, args: [line.uri], setup: { openAnswer: MIS_DATA, pickAnswers: ["env"], diagnose: () => ({ status: "failed", message: 'no column "y" in data.csv', diagnostics: [] }) },
    check: ({ error, trace }) => {
      expect(error).toMatch(/diagnosing misspecified line failed: no column "y"/);
      expect(trace.diagnostics.at(-1)).toMatchObject({ type: "diagnosisFailed", message: 'no column "y" in data.csv' });
      expect(trace.findings).toEqual([]);
    },
  },
  {
    name: "Diagnose Model… cancelled says so in the panel",
    command: diagnoseModel, args: [line.uri], setup: { openAnswer: MIS_DATA, pickAnswers: ["env"], diagnose: () => ({ status: "cancelled" }) },
    check: ({ result, trace }) => (expect(result).toBeUndefined(), expect(trace.diagnostics.at(-1)).toMatchObject({ type: "diagnosisFailed", message: expect.stringMatching(/^Cancelled/) })),
  },
  {
    name: "Diagnose Model… with no model open names what to open",
    command: diagnoseModel, setup: { active: { document: dagitty, offset: 0 } },
    check: ({ error }) => expect(error).toMatch(/open a \*\.causal\.ts model first, then run Diagnose Model/),
  },
];

describe("commands with a fake ctx", () => {
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

describe("palette entries (package.json contributes) and the commands activate registers", () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
    contributes: { commands: { command: string; title: string }[]; menus: { commandPalette: { command: string; when?: string }[] }; keybindings?: { command: string; when?: string }[] };
  };
  const registered = [...readFileSync(join(__dirname, "..", "extension.ts"), "utf8").matchAll(/ctx\.registerCommand\("(\w+)"/g)].map((m) => `causalStudio.${m[1]}`);
  const keys = Object.keys(dagContextKeys({ dagitty: false }));

  it("every registered command is in the palette with a title and a when clause, and every contributed command is registered", () => {
    const contributed = pkg.contributes.commands.map((c) => c.command);
    expect([...registered].sort()).toEqual([...contributed].sort());
    for (const id of registered) expect(pkg.contributes.menus.commandPalette.find((m) => m.command === id)?.when, id).toBeTruthy();
    for (const id of ["intervene", "counterfactual", "runQuery", "clearQuery", "fitView", "showImplications"]) expect(registered).toContain(`causalStudio.${id}`);
  });

  it("when clauses use only the keys ctx.ts sets (or VS Code's own), and the query commands need a model", () => {
    const when = (id: string) => pkg.contributes.menus.commandPalette.find((m) => m.command === `causalStudio.${id}`)?.when ?? "";
    for (const m of [...pkg.contributes.menus.commandPalette, ...(pkg.contributes.keybindings ?? [])]) {
      for (const key of (m.when ?? "").match(/causalStudio\.\w+/g) ?? []) if (key !== "causalStudio.dag" && !key.startsWith("causalStudio.training") && !key.startsWith("causalStudio.diagnostics")) expect(keys, `${m.command}: ${key}`).toContain(key);
    }
    for (const id of ["runQuery", "cancelQuery", "clearQuery", "closeQuery"]) expect(when(id)).toBe("causalStudio.dagShowsModel");
    for (const id of ["fitView", "zoomIn", "zoomOut"]) expect(when(id)).toBe("causalStudio.dagOpen");
    expect(when("showImplications")).toBe("causalStudio.dagShowsGraph");
    expect(pkg.contributes.keybindings).toContainEqual(expect.objectContaining({ command: "causalStudio.runQuery", key: "ctrl+enter", when: "activeWebviewPanelId == causalStudio.dag && causalStudio.dagShowsModel" }));
  });

  it("context keys: no panel, a panel with no model, a DAGitty graph, a model", () => {
    expect(dagContextKeys(undefined)).toEqual({ "causalStudio.dagOpen": false, "causalStudio.dagShowsGraph": false, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys(null)).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": false, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys({ dagitty: true })).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": true, "causalStudio.dagShowsModel": false });
    expect(dagContextKeys({ dagitty: false })).toEqual({ "causalStudio.dagOpen": true, "causalStudio.dagShowsGraph": true, "causalStudio.dagShowsModel": true });
  });
});
