/**
 * Counterfactual fairness (Kusner, Loftus, Russell & Silva, NeurIPS 2017) on two synthetic
 * populations: the law-school predictors of first-year average (fairness.ts) and a COMPAS-like
 * score (compas.ts); with `--compas FILE`, ProPublica's own compas-scores-two-years.csv as well.
 *   causal-studio run samples/counterfactual-fairness/main.ts [--json] [--rows N] [--compas FILE]
 * --rows N sets the law-school population (default 5,000; the real LSAC data have 21,790 rows).
 * Returns { figures }: RMSE bars, the counterfactual-change histograms, FPR/FNR bars by group.
 */
import type { Figure, ScriptResult } from "causal-studio";
import { COMPAS_DEFAULT, compasLike, type CompasResult, GROUPS, loadProPublica, PROPUBLICA, type ProPublicaTable } from "./compas";
import { LAW_DEFAULT, lawSchool, type LawConfig, type LawResult, PREDICTOR_NAMES, PREDICTORS } from "./fairness";

/** Kusner et al.'s Table 1 test RMSE on the real LSAC data, as shared/notes/seeds.md recalls it FROM MEMORY (unverified). */
export const PAPER_RMSE_UNVERIFIED = { full: 0.873, unaware: 0.894, fair_add: 0.918, fair_k: 0.929 } as const;

export interface Report { law: LawResult; compas: CompasResult; propublica?: ProPublicaTable }

export async function run(options: { law?: Partial<LawConfig>; compasRows?: number; compasFile?: string } = {}): Promise<Report> {
  const law = await lawSchool(options.law);
  const compas = compasLike(options.compasRows ? { rows: options.compasRows } : {});
  return { law, compas, ...(options.compasFile ? { propublica: loadProPublica(options.compasFile) } : {}) };
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const f3 = (v: number) => v.toFixed(3);
const e = (v: number) => (v === 0 ? "0" : v.toExponential(1));

export function formatLaw(r: LawResult): string {
  const lines = [
    `law school: ${r.config.rows} synthetic students (seed ${r.config.seed}), ${r.train} to train, ${r.test} to test; FYA sd on the test set ${f3(r.fyaSd)}`,
    "  predictor   test RMSE   counterfactual change under do(race <- 1 - race): max |change|, mean |change|",
  ];
  for (const p of PREDICTORS) lines.push(`  ${PREDICTOR_NAMES[p].padEnd(10)}  ${f3(r.rmse[p]).padStart(9)}   ${e(r.cfChangeMax[p]).padStart(8)}  ${e(r.cfChangeMeanAbs[p]).padStart(8)}`);
  lines.push(`  ordering: ${[...PREDICTORS].sort((a, b) => r.rmse[a] - r.rmse[b]).map((p) => PREDICTOR_NAMES[p]).join(" < ")} (Kusner et al.'s Table 1 as recalled, unverified: Full 0.873 < Unaware 0.894 < Fair Add 0.918 < Fair K 0.929)`);
  lines.push(`  E[K | GPA, LSAT, A] by quadrature correlates ${f3(r.kCorrelation)} with the true K; K is ${r.kDescendsFromRace ? "" : "not "}a descendant of race in law-school.causal.ts`);
  lines.push("  the library on the first test individuals: E[K | evidence] by likelihood weighting vs quadrature; K and GPA in the world do(race <- 1 - race):");
  for (const c of r.libraryChecks) {
    lines.push(`    quadrature ${f3(c.quadrature).padStart(6)}  library ${f3(c.library).padStart(6)} (se ${f3(c.libraryStandardError)})  counterfactual K ${f3(c.counterfactual).padStart(6)}  counterfactual GPA ${f3(c.gpaCounterfactual)} (by hand ${f3(c.gpaByHand)})`);
  }
  return lines.join("\n");
}

function rateLine(name: string, r: { fpr: number; fnr: number; ppv: number; prevalence: number }, ref?: { fpr: number; fnr: number; ppv: number; prevalence: number }) {
  return `  ${name.padEnd(7)} FPR ${pct(r.fpr).padStart(6)}  FNR ${pct(r.fnr).padStart(6)}  PPV ${r.ppv.toFixed(2)}  prevalence ${r.prevalence.toFixed(2)}` +
    (ref ? `  | ProPublica: FPR ${pct(ref.fpr)}, FNR ${pct(ref.fnr)}, PPV ${ref.ppv.toFixed(2)}, prevalence ${ref.prevalence.toFixed(2)}` : "");
}

export function formatCompas(r: CompasResult): string {
  const refOf = (g: "all" | "black" | "white") => ({ fpr: PROPUBLICA.fpr[g], fnr: PROPUBLICA.fnr[g], ppv: PROPUBLICA.ppv[g], prevalence: PROPUBLICA.prevalence[g] });
  const lines = [
    `COMPAS-like: ${r.config.rows} synthetic defendants (seed ${r.config.seed}); Black ${pct(r.raceShare.black)}, White ${pct(r.raceShare.white)} (ProPublica 51.4%, 34.1%); two-year recidivism ${pct(r.rates.all.prevalence)} (ProPublica 45.5%, model ${pct(r.exact.all.prevalence)}); scored High ${pct(r.rates.all.high)} (ProPublica 44.6%)`,
    "  score (High = medium or high):",
    ...GROUPS.map((g) => rateLine(g, r.rates[g], refOf(g))),
    `  the model's exact rates: Black FPR ${pct(r.exact.black.fpr)}, FNR ${pct(r.exact.black.fnr)}; White FPR ${pct(r.exact.white.fpr)}, FNR ${pct(r.exact.white.fnr)}`,
    `  counterfactual fairness under do(race: Black <-> White), U and the noise uniforms held: the score flips for ${pct(r.counterfactual.flipBlack)} of Black and ${pct(r.counterfactual.flipWhite)} of White defendants; P(High) moves by ${r.counterfactual.meanProbChangeBlack.toFixed(3)} and +${r.counterfactual.meanProbChangeWhite.toFixed(3)} on average`,
    `  effects of race (Black vs White) on P(High): total ${f3(r.paths.exact.total)} = direct ${f3(r.paths.exact.direct)} + via priors ${f3(r.paths.exact.indirect)} (exact); simulated ${f3(r.paths.simulated.total)} = ${f3(r.paths.simulated.direct)} + ${f3(r.paths.simulated.indirect)}`,
    `  the library's do-queries: total ${f3(r.paths.library.total)} (se ${f3(r.paths.library.standardError)}); controlled direct effect at priors = 2 ${f3(r.paths.library.controlledDirect)} (se ${f3(r.paths.library.controlledDirectStandardError)}; exact ${f3(r.paths.library.controlledDirectExact)})`,
    `  a score of U alone (High when U >= ${f3(r.fairU.threshold)}; counterfactually fair, ${r.fairU.flips} flips):`,
    ...GROUPS.map((g) => rateLine(g, r.fairU.rates[g])),
    `  the score's probability thresholded per group for equal FPR (White ${f3(r.equalFpr.thresholds.white)}, Black ${f3(r.equalFpr.thresholds.black)}): flips for ${pct(r.equalFpr.flipAll)} under do(race):`,
    ...GROUPS.map((g) => rateLine(g, r.equalFpr.rates[g])),
  ];
  return lines.join("\n");
}

export function formatProPublica(t: ProPublicaTable): string {
  return [
    `ProPublica's file: ${t.rows} rows, ${t.filtered} after the filter (removed: screening ${t.removed.screening}, is_recid ${t.removed.isRecid}, charge degree ${t.removed.chargeDegree}, score N/A ${t.removed.scoreText}); ${t.recidivists} recidivists (${pct(t.recidivists / t.filtered)})`,
    `  expected for compas-scores-two-years.csv: ${PROPUBLICA.rows} -> ${PROPUBLICA.filtered} rows, ${PROPUBLICA.recidivists} recidivists`,
    `  race: ${Object.entries(t.race).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    ...GROUPS.map((g) => rateLine(g, t.rates[g])),
  ].join("\n");
}

export function formatReport(r: Report): string {
  return [formatLaw(r.law), "", formatCompas(r.compas), ...(r.propublica ? ["", formatProPublica(r.propublica)] : [])].join("\n");
}

export function jsonReport(r: Report) {
  const rates = (x: Record<string, { fpr: number; fnr: number; ppv: number }>) => ({
    fpr: Object.fromEntries(GROUPS.map((g) => [g, x[g].fpr])), fnr: Object.fromEntries(GROUPS.map((g) => [g, x[g].fnr])), ppv: Object.fromEntries(GROUPS.map((g) => [g, x[g].ppv])),
  });
  return {
    rmse: r.law.rmse,
    cf_change_max: r.law.cfChangeMax,
    compas_like: {
      ...rates(r.compas.rates),
      counterfactual_flip: { black: r.compas.counterfactual.flipBlack, white: r.compas.counterfactual.flipWhite },
      path_effects: r.compas.paths.exact,
    },
    ...(r.propublica ? { propublica: { rows: r.propublica.rows, filtered: r.propublica.filtered, recidivists: r.propublica.recidivists, ...rates(r.propublica.rates) } } : {}),
  };
}

export function figures(r: Report): Figure[] {
  const law = r.law;
  const out: Figure[] = [
    {
      id: "law-school-rmse", title: "Test RMSE of the four FYA predictors",
      caption: `Synthetic law-school population (truth.ts), ${law.test} test students. Beside it Kusner et al. (2017) Table 1 on the real LSAC data as shared/notes/seeds.md recalls it from memory (unverified).`,
      x: { label: "predictor" }, y: { label: "test RMSE of FYA" },
      marks: [
        { kind: "bar", series: "this synthetic population", bars: PREDICTORS.map((p) => ({ label: PREDICTOR_NAMES[p], value: law.rmse[p] })) },
        { kind: "bar", series: "Kusner et al. Table 1 (recalled, unverified)", bars: PREDICTORS.map((p) => ({ label: PREDICTOR_NAMES[p], value: PAPER_RMSE_UNVERIFIED[p] })) },
      ],
    },
    ...PREDICTORS.map((p): Figure => ({
      id: `law-school-cf-change-${p.replace("_", "-")}`,
      title: `${PREDICTOR_NAMES[p]}: counterfactual change of the predicted FYA under do(race <- 1 - race)`,
      caption: `Per test student, the prediction in the counterfactual world (K, GPA's noise and LSAT's uniform held) minus the factual one; max |change| ${e(law.cfChangeMax[p])}. Kusner et al.'s Figure 2 shows the same contrast on the real data.`,
      x: { label: "predicted FYA(race <- 1 - race) - predicted FYA" }, y: { label: "students" },
      marks: [{ kind: "histogram", series: PREDICTOR_NAMES[p], values: [...law.changes[p]], bins: 40 }, { kind: "rule", axis: "x", value: 0, label: "no change" }],
    })),
  ];
  const c = r.compas;
  for (const [metric, name] of [["fpr", "false positive rate"], ["fnr", "false negative rate"]] as const) {
    out.push({
      id: `compas-${metric}-by-group`, title: `COMPAS-like score: ${name} by group`,
      caption: `Synthetic COMPAS-like population (compas.ts), "High" = medium or high; ProPublica's verified figures (Compas Analysis.ipynb, shared/notes/seeds.md section f) beside it; and two alternative scores: U alone (counterfactually fair) and per-group thresholds (equal FPR).`,
      x: { label: "group" }, y: { label: name, domain: [0, 1] },
      marks: [
        { kind: "bar", series: "COMPAS-like score", bars: GROUPS.map((g) => ({ label: g, value: c.rates[g][metric] })) },
        { kind: "bar", series: "ProPublica", bars: GROUPS.map((g) => ({ label: g, value: PROPUBLICA[metric][g] })) },
        { kind: "bar", series: "score of U alone", bars: GROUPS.map((g) => ({ label: g, value: c.fairU.rates[g][metric] })) },
        { kind: "bar", series: "equal-FPR thresholds", bars: GROUPS.map((g) => ({ label: g, value: c.equalFpr.rates[g][metric] })) },
      ],
    });
  }
  if (r.propublica) {
    const t = r.propublica;
    out.push({
      id: "propublica-error-rates", title: "ProPublica's compas-scores-two-years.csv: error rates by group",
      caption: `The user's file after ProPublica's filter (${t.filtered} rows).`,
      x: { label: "group" }, y: { label: "rate", domain: [0, 1] },
      marks: [
        { kind: "bar", series: "FPR", bars: GROUPS.map((g) => ({ label: g, value: t.rates[g].fpr })) },
        { kind: "bar", series: "FNR", bars: GROUPS.map((g) => ({ label: g, value: t.rates[g].fnr })) },
      ],
    });
  }
  return out;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function main(args: string[] = []): Promise<ScriptResult> {
  const rows = flag(args, "--rows");
  const r = await run({ law: rows ? { rows: Number(rows) } : {}, compasFile: flag(args, "--compas") });
  console.log(args.includes("--json") ? JSON.stringify(jsonReport(r), null, 2) : formatReport(r));
  return { figures: figures(r) };
}

export { COMPAS_DEFAULT, LAW_DEFAULT };
