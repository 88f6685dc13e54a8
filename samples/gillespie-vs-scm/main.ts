/**
 * Gillespie simulation vs the SCM at equilibrium on the MAPK cascade (Ness, Paneri & Vitek,
 * NeurIPS 2019): the effect on Erk of raf_activate / 3 by independent and same-seed Gillespie runs
 * and by the SCM counterfactual, and the misspecification demonstration. Prints a report (or with
 * --json one object with the keys) and returns the figures:
 *   causal-studio run samples/gillespie-vs-scm/main.ts [--json] [--runs N] [--rates 1|2]
 * Default: 1000 runs per arm (the paper's 1000 seeds), rate set 2; about 30 s.
 */
import type { Figure, ScriptResult } from "causal-studio";
import { runExperiment, type ExperimentResult, type RateSet } from "./experiment";

export const DEFAULT_RUNS = 1000;

/** seeds.md section c (computed there from the model definitions, not the paper's figures). */
export const NOTES = { odeEffect: { "1": 2.974, "2": 2.691 }, sameSeedSd: 4.95 } as const;

export function parseArgs(args: readonly string[]): { json: boolean; runs: number; rateSet: RateSet } {
  let json = false, runs = DEFAULT_RUNS, rateSet: RateSet = "2";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--runs") runs = Number(args[++i]);
    else if (a === "--rates") {
      const r = args[++i];
      if (r !== "1" && r !== "2") throw new Error(`--rates takes 1 or 2, got ${r}`);
      rateSet = r;
    } else throw new Error(`unknown argument ${a} (use --json, --runs N, --rates 1|2)`);
  }
  if (!Number.isInteger(runs) || runs < 2 || runs >= 100_000) throw new Error(`--runs takes an integer from 2 to 99999, got ${args[args.indexOf("--runs") + 1]}`);
  return { json, runs, rateSet };
}

export function jsonSummary(r: ExperimentResult) {
  return {
    ode_effect: r.odeEffect,
    ssa_interventional_mean: r.interventional.summary.mean,
    ssa_same_seed_mean: r.sameSeed.summary.mean,
    ssa_same_seed_sd: r.sameSeed.summary.sd,
    scm_counterfactual_mean: r.scm.summary.mean,
    scm_counterfactual_sd: r.scm.summary.sd,
    misspecified_direct_error: r.misspecified.directError,
    misspecified_scm_error: r.misspecified.scmError,
  };
}

const f2 = (v: number) => v.toFixed(2), f3 = (v: number) => v.toFixed(3);
const sign = (v: number) => `${v >= 0 ? "+" : ""}${f2(v)}`;
const VARS = ["Raf", "Mek", "Erk"] as const;
const row = (label: string, cells: string[]) => `  ${label.padEnd(40)}${cells.map((c) => c.padStart(13)).join("")}`;
const pm = (s: { mean: number; se: number }) => `${f2(s.mean)} ± ${f2(s.se)}`;

export function formatReport(r: ExperimentResult): string {
  const { runs, rateSet } = r.options, c = r.closed, m = r.misspecified;
  const rateText = Object.entries(r.rates).map(([k, v]) => `${k} ${v}`).join(", ");
  const lines = [
    `MAPK cascade E1 -> Raf -> Mek -> Erk, rate set ${rateSet} (${rateText}), totals 100, t = ${50}; ${runs} Gillespie runs per arm`,
    `(values are active counts #PRaf, #PMek, #PErk; effects are Erk without minus Erk with raf_activate / 3; ± is one standard error)`,
    "",
    `steady states${"".padEnd(29)}${["Raf", "Mek", "Erk"].map((v) => v.padStart(13)).join("")}`,
    row("closed form (mean field)", [c.observed.Raf, c.observed.Mek, c.observed.Erk].map(f3)),
    row("closed form after raf_activate/3", [c.intervened.Raf, c.intervened.Mek, c.intervened.Erk].map(f3)),
    row("Gillespie at t = 50, mean ± SE", VARS.map((v) => pm(r.ssaObserved[v]))),
    row("stationary mean, moment identity", VARS.map((v) => f2(r.stationaryMean[v]))),
    row("  the same after raf_activate/3", VARS.map((v) => f2(r.stationaryMeanAfter[v]))),
    row("Gillespie SD", VARS.map((v) => f2(r.ssaObserved[v].sd))),
    `  RK4 to t = 50 vs closed form: largest difference ${r.odeMaxDifference.toExponential(1)}`,
    `  Raf's noise scale: binomial SD sqrt(T p (1-p)) = ${f2(r.rafScale.binomialSd)}, the reference code's T p (1-p) = ${f2(r.rafScale.referenceScale)}, Gillespie SD ${f2(r.rafScale.ssaSd)}`,
    "",
    `effect on Erk of raf_activate / 3${"".padEnd(9)}${["mean ± SE", "SD"].map((v) => v.padStart(13)).join("")}`,
    row("ODE (closed form)", [f3(r.odeEffect), ""]) + `   seeds.md: ${NOTES.odeEffect[rateSet]}`,
    row("(a) interventional, independent runs", [pm(r.interventional.summary), f2(r.interventional.summary.sd)]),
    row("(b) same-seed runs", [pm(r.sameSeed.summary), f2(r.sameSeed.summary.sd)]) + (rateSet === "2" ? `   seeds.md, 300 seeds: SD ${NOTES.sameSeedSd}` : ""),
    row(`(c) SCM counterfactual, do(Raf = ${f2(r.scm.raf1)})`, [pm(r.scm.summary), f2(r.scm.summary.sd)]),
    `  library counterfactual query vs by-hand abduction (first ${r.libraryCheck.units} units): largest difference ${r.libraryCheck.maxDifference.toExponential(1)}`,
    "",
    `misspecification: the truth has mek_deactivate x 1.5 = ${m.truthRates.mek_deactivate}; the modeller knows only the nominal rates`,
    `  true post-intervention Erk: closed form ${f3(m.trueClosed)}, Gillespie under the true rates ${pm(m.trueSsa)}`,
    `  direct simulation, nominal rates:          ${pm(m.direct)}  error ${sign(m.directError)} (vs the true-rate Gillespie mean ${sign(m.directErrorVsSsa)}); its closed form ${f3(m.directClosed)}`,
    `  SCM abducted from true steady states:      ${pm(m.scm)}  error ${sign(m.scmError)} (vs the true-rate Gillespie mean ${sign(m.scmErrorVsSsa)})`,
  ];
  return lines.join("\n");
}

/** Histogram values of one mark, at most `max` of them (the figure limit is 100,000 values). */
const cap = (v: readonly number[], max = 30_000) => v.slice(0, max);
/** Bins for a histogram: one per integer for whole-number data (Gillespie counts), else 40. */
const bins = (v: readonly number[]) => {
  if (!v.every(Number.isInteger)) return 40;
  let lo = Infinity, hi = -Infinity;
  for (const x of v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  return Math.max(1, Math.min(80, hi - lo + 1));
};

export function figures(r: ExperimentResult): Figure[] {
  const src = "ODE effect: the closed-form steady states T·g1(k_act·parent/k_deact) (seeds.md section c gives 2.691 for rate set 2, 2.974 for rate set 1)";
  const rule = { kind: "rule" as const, axis: "x" as const, value: r.odeEffect, label: `ODE ${f3(r.odeEffect)}` };
  const arms = [
    { id: "effect-interventional", series: "(a) independent Gillespie runs", values: r.interventional.effects, what: "Erk of a run without minus Erk of an independent run with raf_activate / 3" },
    { id: "effect-same-seed", series: "(b) same-seed Gillespie runs", values: r.sameSeed.effects, what: "Erk of a run without minus Erk of the run with raf_activate / 3 from the same seed" },
    { id: "effect-scm-counterfactual", series: "(c) SCM counterfactual", values: r.scm.effects, what: `observed Erk minus the SCM's counterfactual Erk under do(Raf = ${f2(r.scm.raf1)}), the noise abducted from each observed steady state` },
  ];
  const x = { label: "effect on Erk (molecules of PErk), without minus with the intervention" }, y = { label: "runs" };
  const m = r.misspecified;
  return [
    {
      id: "effect-on-erk", title: `Effect of raf_activate / 3 on Erk: three answers (${r.options.runs} runs each, rate set ${r.options.rateSet})`,
      caption: `Overlaid histograms; the SCM's unit-level counterfactual is far narrower than either Gillespie coupling. ${src}.`,
      x, y, marks: [...arms.map((a) => ({ kind: "histogram" as const, series: a.series, values: cap(a.values), bins: bins(a.values) })), rule],
    },
    ...arms.map((a): Figure => ({
      id: a.id, title: `Effect on Erk, ${a.series}`, caption: `${a.what}; mean ${f2(a.values.reduce((s, v) => s + v, 0) / a.values.length)}. ${src}.`,
      x, y, marks: [{ kind: "histogram", series: a.series, values: cap(a.values), bins: bins(a.values) }, rule],
    })),
    {
      id: "misspecification", title: "Post-intervention Erk when Mek's deactivation is really 1.5x the nominal rate",
      caption: "Direct simulation with the nominal rates vs the nominal SCM abducted from the true steady states, then do(Raf = Raf1); the truth is the closed form (and Gillespie runs) under the true rates.",
      x: { label: "Erk after raf_activate / 3 (molecules of PErk)" }, y,
      marks: [
        { kind: "histogram", series: "truth: Gillespie, true rates", values: cap(m.trueValues), bins: bins(m.trueValues) },
        { kind: "histogram", series: "direct simulation, nominal rates", values: cap(m.directValues), bins: bins(m.directValues) },
        { kind: "histogram", series: "SCM counterfactual from true steady states", values: cap(m.scmValues), bins: bins(m.scmValues) },
        { kind: "rule", axis: "x", value: m.trueClosed, label: `true ${f2(m.trueClosed)}` },
        { kind: "rule", axis: "x", value: m.directClosed, label: `nominal ODE ${f2(m.directClosed)}` },
      ],
    },
    {
      id: "misspecification-errors", title: "Error of the predicted mean post-intervention Erk (prediction minus truth)",
      caption: "Truth: the closed-form steady state under the true rates (mek_deactivate x 1.5). Intervals: ± 2 standard errors of each prediction's Monte Carlo mean.",
      x: { label: "method" }, y: { label: "error in Erk (molecules)" },
      marks: [{ kind: "bar", series: "error", bars: [
        { label: "direct simulation (nominal rates)", value: m.directError, lo: m.directError - 2 * m.direct.se, hi: m.directError + 2 * m.direct.se },
        { label: "SCM abduction + action", value: m.scmError, lo: m.scmError - 2 * m.scm.se, hi: m.scmError + 2 * m.scm.se },
      ] }, { kind: "rule", axis: "y", value: 0 }],
    },
  ];
}

export function main(args: string[] = []): ScriptResult {
  const { json, runs, rateSet } = parseArgs(args);
  const r = runExperiment({ runs, rateSet });
  console.log(json ? JSON.stringify(jsonSummary(r)) : formatReport(r));
  return { figures: figures(r) };
}
