/**
 * Learns the wage model's numbers from data.csv (trainModel: closed form for the linear-Gaussian
 * mechanisms, IRLS for the logistic one, Adam for the mlp), puts them beside the truth, and
 * answers do-queries with the fitted model beside the true SCM's answers:
 *   causal-studio run samples/learn-from-data/main.ts [--json]
 */
import { join } from "node:path";
import { type Figure, readTable, trainModel } from "causal-studio";
import model from "./model.causal";
import truth, { satisfactionMean, TRUE_VALUES } from "./truth";

export interface LearnReport {
  rows: number;
  logLikelihood: number;
  methods: Record<string, string>;
  /** Linear and logistic coefficients: fitted value, standard error and true value. */
  params: { name: string; fitted: number; standardError: number; truth: number }[];
  /** The mlp's mean satisfaction at wages on a grid (do(wage = w)) beside the true curve. */
  curve: { wage: number; fitted: number; truth: number }[];
  curveRmse: number;
  effect: { truth: number; fitted: number; fittedStandardError: number; naiveDifference: number };
  /** E[satisfaction | do(training = 1)] - E[satisfaction | do(training = 0)]: fitted model vs the true SCM. */
  satisfactionEffect: { truth: number; truthStandardError: number; fitted: number; fittedStandardError: number };
}

const t = TRUE_VALUES;
const TRUTH_OF: Record<string, number> = {
  "educ.coef[0]": t.educ.mean, "educ.coef[1]": 0.5, "educ.sd": t.educ.sd,
  "training.coef[0]": t.training.intercept, "training.coef[1]": t.training.ability,
  "wage.coef[0]": t.wage.intercept, "wage.coef[1]": t.wage.educ, "wage.coef[2]": t.wage.training, "wage.coef[3]": t.wage.ability, "wage.sd": t.wage.sd,
};
export const GRID = [12, 16, 20, 24, 28, 32];
/** Training settings for the mlp (the linear mechanisms have closed forms and ignore them). */
export const TRAINING = { epochs: 200, batch: 128, lr: 0.01, seed: 7 } as const;

export async function learn(file = join(__dirname, "data.csv")): Promise<LearnReport> {
  const table = await readTable(file);
  const r = await trainModel(model, table, TRAINING);
  const fitted = model.withParams(r.params);
  const params: LearnReport["params"] = [];
  for (const name of Object.keys(TRUTH_OF)) {
    const m = /^(.*)\[(\d+)\]$/.exec(name);
    const v = r.params.get(m ? m[1] : name)!, se = r.standardErrors[m ? m[1] : name];
    params.push(m
      ? { name, fitted: (v as Float64Array)[+m[2]], standardError: (se as Float64Array)[+m[2]], truth: TRUTH_OF[name] }
      : { name, fitted: v as number, standardError: se as number, truth: TRUTH_OF[name] });
  }
  const opts = { samples: 40_000, seed: 3 };
  const curve = GRID.map((w) => ({ wage: w, fitted: fitted.do({ wage: w }).mean("satisfaction", opts).value, truth: satisfactionMean(w) }));
  const curveRmse = Math.sqrt(curve.reduce((s, c) => s + (c.fitted - c.truth) ** 2, 0) / curve.length);
  const wage = table.columns.get("wage")!.values, training = table.columns.get("training")!.values;
  let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
  for (let i = 0; i < table.rowCount; i++) if (training[i] === 1) { s1 += wage[i]; n1++; } else { s0 += wage[i]; n0++; }
  const ate = { treatment: "training", outcome: "satisfaction" } as const;
  const big = { samples: 200_000, seed: 1 };
  const trueSat = truth.ate(ate, big), fittedSat = fitted.ate(ate, big);
  const b = r.params.get("wage.coef") as Float64Array, seB = r.standardErrors["wage.coef"] as Float64Array;
  return {
    rows: r.rows, logLikelihood: r.logLikelihood,
    methods: Object.fromEntries(r.mechanisms.map((m) => [m.mechanism, m.method])),
    params, curve, curveRmse,
    effect: { truth: t.wage.training, fitted: b[2], fittedStandardError: seB[2], naiveDifference: s1 / n1 - s0 / n0 },
    satisfactionEffect: { truth: trueSat.value, truthStandardError: trueSat.standardError, fitted: fittedSat.value, fittedStandardError: fittedSat.standardError },
  };
}

export function formatReport(r: LearnReport): string {
  const f = (x: number) => x.toFixed(3).padStart(8);
  const lines = [`trained on data.csv (${r.rows} rows), log-likelihood ${r.logLikelihood.toFixed(1)}`,
    `  methods: ${Object.entries(r.methods).map(([k, v]) => `${k} ${v}`).join(", ")}`, "",
    "  param               fitted      se    truth   (fitted - truth) / se"];
  for (const p of r.params) lines.push(`  ${p.name.padEnd(16)} ${f(p.fitted)} ${f(p.standardError)} ${f(p.truth)}   ${((p.fitted - p.truth) / p.standardError).toFixed(2).padStart(6)}`);
  lines.push("", "satisfaction (mlp), E[satisfaction | do(wage = w)]:", "  wage    fitted    truth");
  for (const c of r.curve) lines.push(`  ${String(c.wage).padStart(4)}  ${f(c.fitted)} ${f(c.truth)}`);
  lines.push(`  root mean square error ${r.curveRmse.toFixed(3)} (the noise sd is ${t.satisfaction.sd})`,
    "", "effect of training on wage, E[wage | do(training=1)] - E[wage | do(training=0)]:",
    `  true SCM            ${f(r.effect.truth)}`,
    `  fitted model        ${f(r.effect.fitted)}  (se ${r.effect.fittedStandardError.toFixed(3)})`,
    `  raw difference      ${f(r.effect.naiveDifference)}  (confounded by ability)`,
    "", "effect of training on satisfaction (through the wage), 200,000 samples each:",
    `  true SCM            ${f(r.satisfactionEffect.truth)}  (se ${r.satisfactionEffect.truthStandardError.toFixed(3)})`,
    `  fitted model        ${f(r.satisfactionEffect.fitted)}  (se ${r.satisfactionEffect.fittedStandardError.toFixed(3)})`);
  return lines.join("\n");
}

/** The net's curve beside the true one, and each coefficient's estimate (±2 SE) beside its true value. */
export function figures(r: LearnReport): Figure[] {
  return [
    {
      id: "satisfaction-curve", title: "E[satisfaction | do(wage = w)]: the trained mlp against the true mechanism",
      caption: `40,000 samples per point from the fitted model; the truth is the generating SCM's closed form (root mean square error ${r.curveRmse.toFixed(3)}).`,
      x: { label: "wage" }, y: { label: "E[satisfaction]" },
      marks: [
        { kind: "line", series: "truth", points: r.curve.map((c) => ({ x: c.wage, y: c.truth })) },
        { kind: "line", series: "trained mlp", points: r.curve.map((c) => ({ x: c.wage, y: c.fitted })) },
      ],
    },
    {
      id: "coefficients", title: "Fitted coefficients (±2 SE) beside the truth",
      caption: `Trained on ${r.rows} rows of data.csv: closed form for the linear-Gaussian mechanisms, IRLS for the logistic one.`,
      x: { label: "parameter" }, y: { label: "value" },
      marks: [
        { kind: "bar", series: "fitted", bars: r.params.map((p) => ({ label: p.name, value: p.fitted, lo: p.fitted - 2 * p.standardError, hi: p.fitted + 2 * p.standardError })) },
        { kind: "bar", series: "truth", bars: r.params.map((p) => ({ label: p.name, value: p.truth })) },
      ],
    },
  ];
}

export async function main(args: string[]): Promise<{ figures: Figure[] }> {
  const r = await learn();
  console.log(args.includes("--json") ? JSON.stringify(r, null, 2) : formatReport(r));
  return { figures: figures(r) };
}
