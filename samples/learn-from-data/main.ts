/**
 * Learns the wage model's numbers from data.csv and puts them beside the truth, then answers a
 * do-query with the fitted model beside the true answer and beside the confounded comparison the
 * raw data suggest:
 *   causal-studio run samples/learn-from-data/main.ts [--json]
 */
import { join } from "node:path";
import { fitMaximumLikelihood, readTable, type FitResult } from "causal-studio";
import model from "./model.causal";
import truth, { TRUE_VALUES } from "./truth";

export interface LearnReport {
  rows: number;
  logLikelihood: number;
  converged: boolean;
  /** name -> fitted value, standard error and true value */
  params: { name: string; fitted: number; standardError: number; truth: number }[];
  effect: { truth: number; fitted: number; fittedStandardError: number; naiveDifference: number };
}

const TRUTH_OF: Record<string, number> = {
  "educ_b[0]": TRUE_VALUES.educ.mean, "educ_b[1]": 0.5, educ_sd: TRUE_VALUES.educ.sd,
  "train_b[0]": TRUE_VALUES.training.intercept, "train_b[1]": TRUE_VALUES.training.ability,
  "wage_b[0]": TRUE_VALUES.wage.intercept, "wage_b[1]": TRUE_VALUES.wage.educ, "wage_b[2]": TRUE_VALUES.wage.training,
  "wage_b[3]": TRUE_VALUES.wage.ability, wage_sd: TRUE_VALUES.wage.sd,
};

export async function learn(file = join(__dirname, "data.csv")): Promise<LearnReport> {
  const table = await readTable(file);
  const fit: FitResult<typeof model> = fitMaximumLikelihood(model, table);
  const params: LearnReport["params"] = [];
  for (const p of model.params) {
    const v = fit.params.get(p.name)!, se = fit.standardErrors[p.name];
    if (typeof v === "number") params.push({ name: p.name, fitted: v, standardError: se as number, truth: TRUTH_OF[p.name] });
    else v.forEach((x, j) => params.push({ name: `${p.name}[${j}]`, fitted: x, standardError: (se as Float64Array)[j], truth: TRUTH_OF[`${p.name}[${j}]`] }));
  }
  const wage = table.columns.get("wage")!.values, training = table.columns.get("training")!.values;
  let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
  for (let i = 0; i < table.rowCount; i++) if (training[i] === 1) { s1 += wage[i]; n1++; } else { s0 += wage[i]; n0++; }
  // The average treatment effect: exact for the true model (wage is linear in training), from the fitted model's coefficient.
  const trueAte = truth.ate({ treatment: "training", outcome: "wage" }, { samples: 200_000, seed: 1 }).value;
  const b = fit.params.get("wage_b") as Float64Array, seB = fit.standardErrors.wage_b as Float64Array;
  return {
    rows: table.rowCount, logLikelihood: fit.logLikelihood.total, converged: fit.converged, params,
    effect: { truth: trueAte, fitted: b[2], fittedStandardError: seB[2], naiveDifference: s1 / n1 - s0 / n0 },
  };
}

export function formatReport(r: LearnReport): string {
  const f = (x: number) => x.toFixed(3).padStart(8);
  const lines = [`fitted on data.csv (${r.rows} rows), log-likelihood ${r.logLikelihood.toFixed(1)}${r.converged ? "" : " (not converged)"}`, "",
    "  param         fitted      se    truth   (fitted - truth) / se"];
  for (const p of r.params) lines.push(`  ${p.name.padEnd(10)} ${f(p.fitted)} ${f(p.standardError)} ${f(p.truth)}   ${((p.fitted - p.truth) / p.standardError).toFixed(2).padStart(6)}`);
  lines.push("", "effect of training on wage, E[wage | do(training=1)] - E[wage | do(training=0)]:",
    `  true SCM            ${f(r.effect.truth)}`,
    `  fitted model        ${f(r.effect.fitted)}  (se ${r.effect.fittedStandardError.toFixed(3)})`,
    `  raw difference      ${f(r.effect.naiveDifference)}  (confounded by ability)`);
  return lines.join("\n");
}

export async function main(args: string[]): Promise<void> {
  const r = await learn();
  console.log(args.includes("--json") ? JSON.stringify(r, null, 2) : formatReport(r));
}
