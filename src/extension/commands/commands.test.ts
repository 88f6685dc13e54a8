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
import { showAdjustmentSets } from "./show-adjustment-sets";

const SAMPLE = join(__dirname, "..", "..", "..", "samples", "frontdoor", "model.causal.ts");
const OUT = mkdtempSync(join(tmpdir(), "cs-commands-"));

interface FakeUri { fsPath: string; toString(): string }
const uri = (fsPath: string): FakeUri => ({ fsPath, toString: () => `file://${fsPath}` });
const doc = (fsPath: string, text: string) => ({ uri: uri(fsPath), fileName: fsPath, languageId: "typescript", getText: () => text }) as unknown as vscode.TextDocument;
const frontdoor = doc(SAMPLE, readFileSync(SAMPLE, "utf8"));
const dagitty = doc("/w/g.dagitty", "dag { X -> Y; Z -> X; Z -> Y }");

/** What a command did through its ctx, for the cases to check. */
interface Trace {
  shown: { document: string; offset: number | undefined }[];
  posted: ToWebview[];
  queryModes: string[];
  exports: string[];
  messages: string[];
  picks: string[][];
}

interface Setup {
  /** The active editor: its document and cursor offset. */
  active?: { document: vscode.TextDocument; offset: number };
  /** The DAG panel's document, when one is open (its model is the document's first). */
  panel?: vscode.TextDocument;
  /** Answers to quick picks, in order (by label). */
  pickAnswers?: string[];
}

function fakeCtx(setup: Setup): { ctx: CommandCtx; trace: Trace } {
  const trace: Trace = { shown: [], posted: [], queryModes: [], exports: [], messages: [], picks: [] };
  const modelOf = (d: vscode.TextDocument): ExtractedModel | undefined => readGraphSource(d.getText(), d.fileName).models[0];
  const handle = (d: vscode.TextDocument): DagPanelHandle => ({
    documentUri: d.uri, model: modelOf(d),
    post: (m) => void trace.posted.push(m),
    requestExport: async (format) => (trace.exports.push(format), format === "svg" ? "<svg/>" : `data:image/png;base64,${Buffer.from("png").toString("base64")}`),
    openQuery: (mode) => void trace.queryModes.push(mode),
  });
  let panel = setup.panel ? handle(setup.panel) : undefined;
  const answers = [...(setup.pickAnswers ?? [])];
  const ctx: CommandCtx = {
    config: { debounceMs: 0, layoutDirection: "DOWN", maxNodes: 500, runner: { timeoutMs: 1000, memoryMb: 256 } },
    runner: { runQueryJob: async () => ({ status: "cancelled" }), warm: () => undefined },
    panels: {
      get dag() { return panel; },
      showDag: (d, offset) => (trace.shown.push({ document: d.fileName, offset }), (panel = handle(d))),
    },
    editor: {
      active: () => setup.active,
      toUri: (arg, o = {}) => (typeof arg === "object" && arg && "fsPath" in arg ? (arg as vscode.Uri) : o.paths && typeof arg === "string" ? (uri(arg) as unknown as vscode.Uri) : undefined),
      open: async (u) => [frontdoor, dagitty].find((d) => d.uri.toString() === u.toString()) ?? doc(u.fsPath, ""),
      find: (u) => [frontdoor, dagitty].find((d) => d.uri.toString() === u.toString()),
      sibling: (u, name) => uri(join(u.fsPath, "..", name)) as unknown as vscode.Uri,
      relativePath: (u) => u.fsPath,
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

const cases: Case[] = [
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
