// The train progress bar line (drawn on a terminal only) and the final table.
import { describe, expect, it } from "vitest";
import { formatProgressBar, formatTrainResult } from "./train-format";

const p = { mechanism: "wage", method: "Adam" as const, step: 250, steps: 1000, epoch: 3, epochs: 12, loss: 1.23456, stepsPerSecond: 50, elapsedMs: 5000 };

describe("formatProgressBar", () => {
  it.each([
    ["a quarter done at 50 steps/s: 750 steps left = 15 s", p, /^wage \(Adam\)  epoch 3\/12  \[#{6}\.{18}\]  25%  loss 1\.234560  50\.0 steps\/s  ETA 0:15$/],
    ["done", { ...p, step: 1000 }, /\[#{24}\] 100%.*ETA --:--$/],
    ["no rate yet", { ...p, stepsPerSecond: 0 }, /ETA --:--$/],
    ["over an hour left", { ...p, stepsPerSecond: 0.1 }, /ETA 2:05:00$/],
    ["a method without epochs (BFGS)", { ...p, method: "BFGS" as const, epochs: 0 }, /^wage \(BFGS\)  \[/],
  ])("%s", (_, progress, line) => expect(formatProgressBar(progress)).toMatch(line));
});

describe("formatTrainResult", () => {
  it("lists each mechanism and each fitted number with its standard error, or a dash where there is none", () => {
    const text = formatTrainResult({
      model: "m", paramsFile: "/w/m.params.json", rows: 4000, elapsedMs: 1200, logLikelihood: -5000.5, stopped: false, checkpoints: 2, trainedAt: "t",
      mechanisms: [{ mechanism: "y", method: "closed form", finalLoss: 1.25, steps: 1, converged: true }],
      params: { b: 1, w: [2, 3] }, standardErrors: { b: 0.01 },
      table: [{ name: "b", value: 1, standardError: 0.01 }, { name: "w[0]", value: 2 }, { name: "w[1]", value: 3 }],
      data: { file: "/w/wages.csv", rows: 4000, stamp: { size: 1, mtimeMs: 1 } },
    }, "/w");
    expect(text).toMatch(/^fitted "m" on wages\.csv \(4000 rows\) in 1\.2 s/);
    expect(text).toMatch(/y\s+closed form\s+1\.250000\s+1\n/);
    expect(text).toMatch(/b\s+1\.000000\s+\(se 0\.010000\)/);
    expect(text).toMatch(/w\[1\]\s+3\.000000\s+—/);
    expect(text).toMatch(/2 checkpoints/);
  });
  it("summarises a vector with no standard errors and more than six entries (a net's weights) on one line", () => {
    const w = Array.from({ length: 64 }, (_, i) => i / 10 - 3);
    const text = formatTrainResult({
      model: "m", paramsFile: "/w/m.params.json", rows: 10, elapsedMs: 1, logLikelihood: -1, stopped: false, checkpoints: 0, trainedAt: "t",
      mechanisms: [{ mechanism: "y", method: "Adam", finalLoss: 1, steps: 9, converged: true }],
      params: { "y.w0": w, "y.b0": [1, 2] }, standardErrors: {},
      table: [...w.map((value, i) => ({ name: `y.w0[${i}]`, value })), { name: "y.b0[0]", value: 1 }, { name: "y.b0[1]", value: 2 }],
      data: { file: "/w/d.csv", rows: 10, stamp: { size: 1, mtimeMs: 1 } },
    }, "/w");
    expect(text).toMatch(/y\.w0\s+\[64 values\]\s+—  \(from -3\.000000 to 3\.300000; every value is in the parameters file\)/);
    expect(text).not.toMatch(/y\.w0\[/);
    expect(text).toMatch(/y\.b0\[1\]\s+2\.000000\s+—/);
  });
});
