// The simulate job against closed forms: the sample covariance of a random linear-Gaussian model's rows equals
// the covariance its coefficients imply (trek rule, linearGaussianMoments) within sampling error; under do(v = c)
// each mean moves by the total effect; a BIF network's rows are state names in the table's frequencies.
import { describe, expect, it } from "vitest";
import { bifModel } from "../dsl/bif-model";
import { parseBif } from "../graph/bif/parse-bif";
import { linearGaussianMoments } from "../infer/linear-gaussian-moments";
import { randomLinearGaussian } from "../infer/random-linear-gaussian.test-util";
import { normal } from "../distributions/normal";
import { scm } from "../dsl/scm";
import { csvField, runSimulateJob } from "./simulate-job";

function columns(text: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = text.trimEnd().split("\n");
  return { header: head.split(","), rows: rest.map((l) => l.split(",")) };
}

describe("simulate job", () => {
  it("a model whose every variable is latent writes nothing without --latent, and says to pass it (it crashed on an empty row)", () => {
    const spec = scm("hidden").latent("u", () => normal(0, 1)).latent("v", ({ u }) => normal(u, 1)).spec();
    const r = runSimulateJob(spec, { rows: 10, seed: 1, do: {}, latent: false });
    expect("diagnostics" in r && r.diagnostics[0].message).toBe('every variable of model "hidden" is latent (u, v), so there is no column to write; pass --latent to write them');
    const withLatent = runSimulateJob(spec, { rows: 10, seed: 1, do: {}, latent: true });
    expect("text" in withLatent && withLatent.text.split("\n")[0]).toBe("u,v");
  });

  it("rows of a random linear-Gaussian model have the implied covariance (within 5 standard errors per entry)", () => {
    const { spec } = randomLinearGaussian(6, 7, [1, 2, 3], 0.7);
    const n = 40_000;
    const r = runSimulateJob(spec, { rows: n, seed: 5, do: {}, latent: false });
    if (!("text" in r)) throw new Error(r.diagnostics[0].message);
    const { header, rows } = columns(r.text);
    expect(header).toEqual(spec.variables.map((v) => v.name));
    expect(rows).toHaveLength(n);
    const x = header.map((_, j) => Float64Array.from(rows, (row) => Number(row[j])));
    const m = linearGaussianMoments(spec);
    const mean = x.map((c) => c.reduce((s, v) => s + v, 0) / n);
    for (let i = 0; i < header.length; i++) {
      expect(Math.abs(mean[i] - m.mean[i])).toBeLessThan(5 * Math.sqrt(m.covariance[i][i] / n));
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (x[i][k] - mean[i]) * (x[j][k] - mean[j]);
        const c = m.covariance;
        // Var of a sample covariance of normals: (σii σjj + σij²) / n.
        expect(Math.abs(s / (n - 1) - c[i][j])).toBeLessThan(5 * Math.sqrt((c[i][i] * c[j][j] + c[i][j] ** 2) / n));
      }
    }
  });

  it("do(v = c) holds v at c in every row and moves each mean by its total effect; the same seed gives the same rows", () => {
    const { spec } = randomLinearGaussian(5, 11, [1, 2], 0.9);
    const n = 20_000, c = 3;
    const r = runSimulateJob(spec, { rows: n, seed: 9, do: { v1: c }, latent: false });
    if (!("text" in r)) throw new Error(r.diagnostics[0].message);
    const { rows } = columns(r.text);
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(["3"]));
    const m = linearGaussianMoments(spec);
    for (let i = 2; i < 5; i++) {
      const mean = rows.reduce((s, row) => s + Number(row[i]), 0) / n;
      const expected = m.mean[i] + m.totalEffect[i][1] * (c - m.mean[1]);
      // Under do(v1) v_i's variance is its observational variance less what v1's own variation put in.
      const variance = m.covariance[i][i] - m.totalEffect[i][1] ** 2 * m.covariance[1][1];
      expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(variance / n) + 1e-12);
    }
    expect(runSimulateJob(spec, { rows: 50, seed: 9, do: { v1: c }, latent: false })).toEqual(runSimulateJob(spec, { rows: 50, seed: 9, do: { v1: c }, latent: false }));
    expect(runSimulateJob(spec, { rows: 50, seed: 10, do: {}, latent: false })).not.toEqual(runSimulateJob(spec, { rows: 50, seed: 9, do: {}, latent: false }));
  });

  it("a BIF network's rows are state names with the table's frequencies; latent columns only on request; bad --do named", () => {
    const text = "network n { }\nvariable rain { type discrete [ 2 ] { yes, no }; }\nvariable wet { type discrete [ 2 ] { yes, no }; }\n" +
      "probability ( rain ) { table 0.2, 0.8; }\nprobability ( wet | rain ) { (yes) 0.9, 0.1; (no) 0.25, 0.75; }\n";
    const spec = bifModel(parseBif(text, "n.bif").network!).spec();
    const n = 20_000;
    const r = runSimulateJob(spec, { rows: n, seed: 1, do: {}, latent: false });
    if (!("text" in r)) throw new Error(r.diagnostics[0].message);
    const { header, rows } = columns(r.text);
    expect(header).toEqual(["rain", "wet"]);
    const wet = rows.filter((row) => row[1] === "yes").length / n;
    const p = 0.2 * 0.9 + 0.8 * 0.25;
    expect(Math.abs(wet - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(["yes", "no"]));
    const bad = runSimulateJob(spec, { rows: 5, seed: 1, do: { rainn: 0 }, latent: false });
    expect("diagnostics" in bad && bad.diagnostics[0].message).toBe('--do names "rainn", which is not a variable of model "n". Did you mean "rain"?');
    const state = runSimulateJob(spec, { rows: 5, seed: 1, do: { rain: 2 }, latent: false });
    expect("diagnostics" in state && state.diagnostics[0].message).toBe('--do rain=2: "rain" has the states yes, no (0..1)');
    const withLatent = { ...spec, variables: spec.variables.map((v) => (v.name === "rain" ? { ...v, latent: true } : v)) };
    const hidden = runSimulateJob(withLatent, { rows: 3, seed: 1, do: {}, latent: false });
    expect("text" in hidden && hidden.text.split("\n")[0]).toBe("wet");
    const shown = runSimulateJob(withLatent, { rows: 3, seed: 1, do: {}, latent: true });
    expect("text" in shown && shown.text.split("\n")[0]).toBe("rain,wet");
  });

  it("quotes CSV fields only where RFC 4180 needs it", () => {
    expect(["a", "a,b", 'say "hi"', " x", "line\nbreak", "ok_1"].map(csvField)).toEqual(["a", '"a,b"', '"say ""hi"""', '" x"', '"line\nbreak"', "ok_1"]);
  });
});
