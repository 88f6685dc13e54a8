// Train Model…: its cases on a fake ctx (commands.test-util.ts).
import { expect } from "vitest";
import { trainModel } from "./train-model";
import { LEARN, LEARN_DATA, dagitty, learn, progressPoint, trained, uri, runCases } from "./commands.test-util";
import { join } from "node:path";

runCases("Train Model…", [
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
]);
