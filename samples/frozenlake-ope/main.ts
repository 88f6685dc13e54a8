/**
 * Runs the FrozenLake off-policy-evaluation experiment and prints the side-by-side table, then the
 * hidden-confounder variant (per-episode ice that only the behaviour sees) as a second table, and
 * returns both as figures (each estimate with ±2 SE beside the true value):
 *   causal-studio run samples/frozenlake-ope/main.ts            (--plots DIR writes the figures as SVG)
 * Takes about two seconds.
 */
import type { Figure, FigureBar } from "causal-studio";
import { type ExperimentResult, formatReport, runExperiment } from "./experiment";
import { formatHiddenReport, type HiddenResult, runHiddenExperiment } from "./hidden-experiment";
import type { OpeEstimate } from "./ope";

/** An estimate as a bar with its ±2 SE interval where it has a standard error. */
const bar = (label: string, e: OpeEstimate): FigureBar => (e.standardError !== undefined && Number.isFinite(e.standardError)
  ? { label, value: e.value, lo: e.value - 2 * e.standardError, hi: e.value + 2 * e.standardError }
  : { label, value: e.value });

export function figures(r: ExperimentResult, h: HiddenResult): Figure[] {
  return [
    {
      id: "ope-estimates", title: "P(reach the goal) under the target policy, estimated from the behaviour's logs",
      caption: `${r.episodes} logged episodes (epsilon = ${r.epsilon}); bars: estimates with ±2 SE; the dashed line is the true value by dynamic programming (${r.truth.toFixed(3)}).`,
      x: { label: "estimator" }, y: { label: "P(goal)", domain: [0, 1] },
      marks: [
        { kind: "bar", series: "estimate", bars: [bar("behaviour (logs)", r.behaviourObserved), bar("IS", r.is), bar("WIS", r.wis), bar("MB", r.modelBased), bar("CF learned P", r.cfLearned), bar("CF true P", r.cfTrueTable), bar("CF slip", r.cfSlip)] },
        { kind: "rule", axis: "y", value: r.truth, label: "truth (DP)" },
      ],
    },
    {
      id: "hidden-confounder", title: "With a hidden confounder (ice only the behaviour sees): pooled estimates against the oracle ones",
      caption: `${h.episodes} episodes, ${h.icyEpisodes} icy (not recorded); ±2 SE; the dashed line is the true value (${h.truth.value.toFixed(3)}).`,
      x: { label: "estimator" }, y: { label: "P(goal)", domain: [0, 1] },
      marks: [
        { kind: "bar", series: "pooled (ice unseen)", bars: [bar("IS", h.is), bar("WIS", h.wis), bar("CF", h.cfLearned)] },
        { kind: "bar", series: "oracle (given the ice)", bars: [bar("IS", h.isOracle), bar("WIS", h.wisOracle), bar("CF", h.cfOracle)] },
        { kind: "rule", axis: "y", value: h.truth.value, label: "truth (DP)" },
      ],
    },
  ];
}

export function main(): { figures: Figure[] } {
  const r = runExperiment(), h = runHiddenExperiment();
  console.log(formatReport(r));
  console.log("");
  console.log(formatHiddenReport(h));
  return { figures: figures(r, h) };
}
