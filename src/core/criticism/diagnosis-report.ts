/**
 * The whole diagnosis of a model on a data file, as one plain object: what `causal-studio diagnose
 * --json` prints, what the model process's "diagnose" job answers, what the diagnostics panel
 * draws and what the Problems panel and the DAG's colouring read. Plain data only (numbers,
 * strings, arrays), so it crosses the process boundary and the webview's postMessage unchanged;
 * the zod schema in src/protocol/diagnostics-messages.ts mirrors it.
 *
 * core/io/diagnose-job.ts assembles it from the checks of this folder; `summariseDiagnosis`
 * below derives the per-variable and per-edge verdicts and their sentences from the checks, once,
 * for every front end.
 */
import type { SourceRange } from "../errors/diagnostic";
import type { Verdict } from "./verdict";

export type CheckKind =
  | "local-test"
  | "residual-reset"
  | "residual-input-curvature"
  | "residual-breusch-pagan"
  | "chow"
  | "loeo"
  | "invariance"
  | "reweighting-drift"
  | "interventional-fidelity"
  | "posterior-predictive"
  | "held-out-likelihood";

export interface CheckEffect {
  kind: string;
  estimate: number;
  lower: number | null;
  upper: number | null;
  level: number | null;
}

/** One line of the report; the `--json` check object. */
export interface DiagnoseCheck {
  kind: CheckKind;
  /** The mechanism's variable (every kind but local-test). */
  variable?: string;
  /** local-test: the implication x ⊥ y | given. */
  pair?: { x: string; y: string; given: string[] };
  /** residual-input-curvature: the input; reweighting-drift: the parent reweighted; interventional-fidelity: the intervened variable. */
  input?: string;
  /** Short name of the test statistic: "z", "G", "chi2", "F", "Wald", "RMSE ratio". */
  statisticName: string;
  statistic: number;
  df: number[];
  /** null where the check has no p-value (loeo: a ratio against a threshold). */
  p: number | null;
  log10P: number | null;
  pAdjusted: number | null;
  log10PAdjusted: number | null;
  effect: CheckEffect | null;
  verdict: Verdict;
  /** The line as printed, after the verdict. */
  text: string;
  /** The mechanism's source range (the variable's declaration), where the check concerns one. */
  range?: SourceRange;
}

/** Plot data, one entry per plot of the panel (and per SVG of `diagnose --plots`). */
export type DiagnosisPlot =
  | {
      kind: "local-tests";
      id: string;
      title: string;
      /** One row per tested implication: the effect size with its interval. */
      rows: { label: string; x: string; y: string; given: string[]; effect: string; estimate: number; lower: number; upper: number; verdict: Verdict }[];
    }
  | {
      kind: "residuals";
      id: string;
      variable: string;
      title: string;
      /** A seeded subsample of at most MAX_PLOT_POINTS rows: fitted value, standardized residual, and each input's value. */
      fitted: number[];
      standardized: number[];
      inputs: { name: string; values: number[] }[];
      /** Rows the checks used (the plot shows `fitted.length` of them). */
      rows: number;
    }
  | {
      kind: "reweighting-sweep";
      id: string;
      variable: string;
      parent: string;
      title: string;
      /** The prediction at each reference-grid value of the parent, for each tilt t (in the parent's sd). */
      points: { t: number; parentValue: number; prediction: number }[];
      verdict: Verdict;
    }
  | {
      kind: "environment-coefficients";
      id: string;
      variable: string;
      title: string;
      /** One row per environment and coefficient ("(intercept)" or a feature): the estimate with its interval. */
      rows: { environment: string; coefficient: string; estimate: number; lower: number; upper: number }[];
      verdict: Verdict;
    }
  | {
      kind: "loeo";
      id: string;
      variable: string;
      title: string;
      rows: { environment: string; heldOut: number; inDistribution: number; ratio: number }[];
      threshold: number;
      verdict: Verdict;
    }
  | {
      kind: "interventional-fidelity";
      id: string;
      variable: string;
      title: string;
      /** One row per intervention (variable := value) seen in the data: the observed mean of `variable` and the model's do-prediction. */
      rows: { intervention: string; observed: number; observedLower: number; observedUpper: number; predicted: number; predictedLower: number; predictedUpper: number; rows: number; verdict: Verdict }[];
      verdict: Verdict;
    }
  | {
      kind: "posterior-predictive";
      id: string;
      variable: string;
      title: string;
      /** The discrepancy's value on the data and its reference distribution over replicated data sets. */
      statistic: string;
      observed: number;
      replicated: number[];
      p: number;
      verdict: Verdict;
    };

export const MAX_PLOT_POINTS = 2000;

export interface VariableEvidence {
  variable: string;
  range?: SourceRange;
  verdict: Verdict | "untested";
  /** One plain sentence: what the checks found for this mechanism (or why none ran). */
  sentence: string;
  /** Indices into `checks` and ids of `plots` about this variable. */
  checks: number[];
  plots: string[];
}

export interface EdgeEvidence {
  from: string;
  to: string;
  verdict: Verdict | "untested";
  sentence: string;
  checks: number[];
}

/** A local test that failed or warned: the pair the graph says is independent (drawn on the DAG). */
export interface ViolatedImplication {
  x: string;
  y: string;
  given: string[];
  verdict: Verdict;
  sentence: string;
  check: number;
}

export interface DiagnosisReport {
  file: string;
  model: string;
  data: { file: string; rows: number; map?: Record<string, string> };
  alpha: number;
  environment: string | null;
  interventions: string | null;
  params: { source: "file" | "fitted" | "none"; file?: string };
  verdict: Verdict;
  counts: Record<Verdict, number>;
  checks: DiagnoseCheck[];
  skipped: { check: string; variable?: string; implication?: string; reason: string }[];
  cannotSee: string[];
  variables: VariableEvidence[];
  edges: EdgeEvidence[];
  violated: ViolatedImplication[];
  plots: DiagnosisPlot[];
  /** Wall-clock milliseconds per check (and "open" for reading the data, "fit" for fitting params). */
  timings: Record<string, number>;
}

export const CANNOT_SEE = [
  "An extra edge is not falsifiable by independence tests: they test only the edges the graph leaves out, so an edge the data do not need passes.",
  "Hidden confounding is invisible to them: a common cause of two variables the graph already joins changes no implied independence.",
  "Reweighting only probes where the data have support: it moves weight among the rows there are, so a mechanism can still be wrong beyond the range of its parents in the data.",
];
