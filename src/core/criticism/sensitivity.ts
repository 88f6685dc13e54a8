/**
 * Sensitivity of an effect to hidden confounding, in words: the E-value (VanderWeele & Ding 2017,
 * "Sensitivity analysis in observational research: introducing the E-value", Annals of Internal
 * Medicine 167:268-274). For an observed risk ratio RR (RR < 1 is inverted first), the E-value
 *
 *     E = RR + sqrt(RR (RR - 1))
 *
 * is the minimum strength of association, on the risk-ratio scale, that an unmeasured confounder
 * would need with both the exposure and the outcome, beyond the measured covariates, to explain
 * the observed association away; it is where Ding & VanderWeele's (2016) bounding factor
 * E^2 / (2E - 1) equals RR. The E-value of the confidence interval is that of the limit closer to
 * the null, or 1 when the interval already includes the null. Other measures are converted to an
 * approximate risk ratio as the paper gives: an odds ratio or hazard ratio of a rare outcome (< 15%)
 * is used as is; a common outcome's odds ratio by sqrt(OR), its hazard ratio by
 * (1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1/HR)); a standardized mean difference d with standard error se
 * by RR = exp(0.91 d), interval exp(0.91 d -+ 1.78 se). What an E-value does not say: whether such a
 * confounder exists — that is for the modeller's knowledge of the domain.
 */
import { CausalError, error, type SourceRange } from "../errors/diagnostic";

export type EffectMeasure =
  | "risk-ratio"
  | "odds-ratio-rare" | "odds-ratio-common"
  | "hazard-ratio-rare" | "hazard-ratio-common"
  | "standardized-mean-difference";

export interface EValueInput {
  measure: EffectMeasure;
  /** The point estimate on the measure's scale (a ratio > 0, or d for a standardized mean difference). */
  estimate: number;
  /** Confidence limits on the same scale (ratio measures). */
  lower?: number;
  upper?: number;
  /** Standard error of d (standardized mean difference): the interval is derived from it. */
  se?: number;
  /** Names used in the sentence (default "the exposure" and "the outcome"). */
  exposure?: string;
  outcome?: string;
  /** Where exposure and outcome are declared, carried into the result. */
  ranges?: { exposure?: SourceRange; outcome?: SourceRange };
  /** What the confounder is beyond, in the sentence (default "the measured covariates"; a model's effect: "the model's variables"). */
  beyond?: string;
  /** What the estimate is, in the sentence (default "the observed risk ratio" and so on). */
  estimateName?: string;
}

export interface EValueResult {
  kind: "e-value";
  measure: EffectMeasure;
  /** The estimate and interval on the (approximate) risk-ratio scale the E-value is computed on. */
  riskRatio: { estimate: number; lower?: number; upper?: number };
  eValue: number;
  /** The E-value of the confidence limit closer to the null (1 if the interval includes the null); absent without an interval. */
  eValueInterval?: number;
  /** One plain sentence for the point estimate, one for the interval. */
  sentence: string;
  intervalSentence?: string;
  ranges?: { exposure?: SourceRange; outcome?: SourceRange };
}

function invalid(message: string): CausalError {
  return new CausalError(error("invalid-argument", message));
}

/** E = RR + sqrt(RR (RR - 1)) after inverting a protective RR; 1 at RR = 1. */
export function eValueOfRiskRatio(rr: number): number {
  if (!(rr > 0) || !Number.isFinite(rr)) throw invalid(`an E-value needs a positive, finite risk ratio; got ${rr}`);
  const r = rr >= 1 ? rr : 1 / rr;
  return r + Math.sqrt(r * (r - 1));
}

/** The approximate risk ratio of an estimate on another scale (VanderWeele & Ding 2017, Table). */
export function toRiskRatio(measure: EffectMeasure, value: number): number {
  switch (measure) {
    case "risk-ratio": case "odds-ratio-rare": case "hazard-ratio-rare": return value;
    case "odds-ratio-common": return Math.sqrt(value);
    case "hazard-ratio-common": return (1 - 0.5 ** Math.sqrt(value)) / (1 - 0.5 ** Math.sqrt(1 / value));
    case "standardized-mean-difference": return Math.exp(0.91 * value);
  }
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function eValue(input: EValueInput): EValueResult {
  const { measure, estimate } = input;
  const smd = measure === "standardized-mean-difference";
  if (!Number.isFinite(estimate) || (!smd && !(estimate > 0))) throw invalid(`estimate: a ${measure} must be ${smd ? "a finite number" : "positive and finite"}; got ${estimate}`);
  let lower = input.lower, upper = input.upper;
  if (smd) {
    if (lower !== undefined || upper !== undefined) throw invalid("a standardized mean difference takes its interval from se (exp(0.91 d -+ 1.78 se)), not from lower/upper");
    if (input.se !== undefined) {
      if (!(input.se > 0) || !Number.isFinite(input.se)) throw invalid(`se must be positive and finite; got ${input.se}`);
    }
  } else {
    if (input.se !== undefined) throw invalid(`se is for a standardized mean difference; give a ${measure}'s interval as lower and upper`);
    for (const [name, v] of [["lower", lower], ["upper", upper]] as const) {
      if (v !== undefined && (!(v > 0) || !Number.isFinite(v))) throw invalid(`${name}: a confidence limit of a ${measure} must be positive and finite; got ${v}`);
    }
    if ((lower !== undefined && lower > estimate) || (upper !== undefined && upper < estimate)) {
      throw invalid(`the interval (${lower ?? "-"}, ${upper ?? "-"}) does not contain the estimate ${estimate}`);
    }
  }
  const rr = toRiskRatio(measure, estimate);
  let rrLower = lower === undefined ? undefined : toRiskRatio(measure, lower);
  let rrUpper = upper === undefined ? undefined : toRiskRatio(measure, upper);
  if (smd && input.se !== undefined) {
    rrLower = Math.exp(0.91 * estimate - 1.78 * input.se);
    rrUpper = Math.exp(0.91 * estimate + 1.78 * input.se);
  }
  const e = eValueOfRiskRatio(rr);
  // The limit closer to the null: the lower one for a harmful effect, the upper one for a protective one.
  const limit = rr >= 1 ? rrLower : rrUpper;
  const crosses = limit !== undefined && (rr >= 1 ? limit <= 1 : limit >= 1);
  const eInterval = limit === undefined ? undefined : crosses ? 1 : eValueOfRiskRatio(limit);
  const x = input.exposure ?? "the exposure", y = input.outcome ?? "the outcome";
  const observed = input.estimateName !== undefined ? `${input.estimateName} of ${fmt(estimate)}` : smd ? `the observed standardized difference of ${fmt(estimate)} (a risk ratio of about ${fmt(rr)})` : `the observed ${measure === "risk-ratio" ? "risk ratio" : `${measure.replace(/-(rare|common)$/, "").replace("-", " ")} (risk ratio about ${fmt(rr)})`} of ${fmt(estimate)}`;
  const sentence = rr === 1
    ? `The estimate shows no association between ${x} and ${y}, so there is nothing for a confounder to explain away.`
    : `An unobserved confounder associated with both ${x} and ${y} by a risk ratio of ${fmt(e)} each, beyond ${input.beyond ?? "the measured covariates"}, could explain away ${observed}; a weaker one could not.`;
  const intervalSentence = eInterval === undefined ? undefined
    : crosses ? "The confidence interval already includes no effect, so no unobserved confounding is needed to make the data compatible with none."
    : `To move the confidence interval to include no effect, the confounder would need a risk ratio of ${fmt(eInterval)} with both ${x} and ${y}.`;
  return {
    kind: "e-value", measure,
    riskRatio: { estimate: rr, ...(rrLower !== undefined ? { lower: rrLower } : {}), ...(rrUpper !== undefined ? { upper: rrUpper } : {}) },
    eValue: e,
    ...(eInterval !== undefined ? { eValueInterval: eInterval } : {}),
    sentence,
    ...(intervalSentence ? { intervalSentence } : {}),
    ...(input.ranges ? { ranges: input.ranges } : {}),
  };
}
