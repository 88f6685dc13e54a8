// The training panel's messages: each is checked on receipt; bad ones are named, never acted on.
import { describe, expect, it } from "vitest";
import { parseFromTrainingPanel, parseToTrainingPanel, TRAINING_PROTOCOL_VERSION } from "./training-messages";

const progress = { type: "trainingProgress", runId: 1, mechanism: "wage", method: "Adam", step: 3, steps: 10, epoch: 1, epochs: 5, loss: 1.5, stepsPerSecond: 40 };
const done = {
  type: "trainingDone", runId: 1, paramsFile: "/w/m.params.json", rows: 4000, elapsedMs: 1200, stopped: false,
  mechanisms: [{ mechanism: "wage", method: "closed form", finalLoss: 1.1, steps: 1, converged: true }],
  params: [{ name: "wage.coef[0]", value: 2, standardError: 0.1 }, { name: "wage.sd", value: 1, standardError: null }, { name: "w", value: 3 }],
};

describe("training panel messages", () => {
  it.each([
    ["a start", { type: "trainingStarted", runId: 1, model: "wages", data: "data.csv" }, true],
    ["a progress point", progress, true],
    ["a progress point with a non-finite loss sent as null", { ...progress, loss: null }, true],
    ["a progress point with an unknown method", { ...progress, method: "magic" }, false],
    ["a progress point with a negative step", { ...progress, step: -1 }, false],
    ["a result", done, true],
    ["a result without its table", { ...done, params: undefined }, false],
    ["a failure", { type: "trainingFailed", runId: 1, message: "data.csv: no column wage" }, true],
    ["a failure without a message", { type: "trainingFailed", runId: 1, message: "" }, false],
    ["an unknown type", { type: "trainingSomething", runId: 1 }, false],
  ])("host -> panel: %s", (_, raw, ok) => expect(parseToTrainingPanel(raw).ok).toBe(ok));

  it.each([
    ["ready", { type: "trainingReady", version: TRAINING_PROTOCOL_VERSION }, true],
    ["stop", { type: "stopTraining", runId: 2 }, true],
    ["kill", { type: "stopTraining", runId: 2, kill: true }, true],
    ["stop without a run", { type: "stopTraining" }, false],
  ])("panel -> host: %s", (_, raw, ok) => expect(parseFromTrainingPanel(raw).ok).toBe(ok));

  it("a rejected message says its type and what is wrong", () => {
    const r = parseToTrainingPanel({ ...progress, steps: "ten" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/invalid host-to-webview training message of type "trainingProgress": steps:/);
  });
});
