// Diagnose Model…: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { diagnoseModel } from "./diagnose-model";
import { LINE, MIS, MIS_DATA, dagitty, diagnoseStep, diagnosis, line, trained, uri, runCases } from "./commands.test-util";

runCases("Diagnose Model…", [
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
]);
